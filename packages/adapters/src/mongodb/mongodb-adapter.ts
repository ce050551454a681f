import type { DocumentAdapter, DocumentRuntime } from '@gati-framework/migrations';
import { recordMongoStep } from './mongodb-command-recorder';
import { connectMongodb } from './mongodb-connection';
import { describeMongodbTarget } from './mongodb-connection-target';
import { mongodbPlanning } from './mongodb-planning';

/** The run side of the MongoDB adapter: connection, history documents, lock, steps, dry-run recording. */
export const mongodbRuntime: DocumentRuntime = {
  connect: connectMongodb,
  recordStep: recordMongoStep,
};

/**
 * The built-in MongoDB adapter (`adapter: 'mongodb'`, or a `mongodb://` URL), on the official driver 6.x, for
 * MongoDB 6.0 and later: its planning side (`mongodbPlanning`: validators, indexes, data steps, no server
 * needed) and its run side (`mongodbRuntime`).
 */
export const mongodbAdapter: DocumentAdapter = {
  family: 'document',
  name: 'mongodb',
  describeTarget: describeMongodbTarget,
  ...mongodbPlanning,
  ...mongodbRuntime,
};
