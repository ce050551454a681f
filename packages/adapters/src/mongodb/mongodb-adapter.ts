import type { ConnectionOptions, DocumentAdapter } from '@gati-framework/migrations';
import { mongodbPlanning } from './mongodb-planning';

/**
 * The built-in MongoDB adapter. This half holds the generate side (`mongodbPlanning`); the run side (connection,
 * history, lock, apply) is spread in next to it.
 */
export const mongodbAdapter: DocumentAdapter = {
  family: 'document',
  name: 'mongodb',
  ...mongodbPlanning,
  describeTarget: describeMongoTarget,
};

/** `mongodb h:27017/db`, never with a password. */
function describeMongoTarget(connection: ConnectionOptions): string {
  const url = connection.url ?? '';
  const match = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]*)(?:\/([^?]*))?/i.exec(url);
  return match ? `mongodb ${match[1]}/${match[2] ?? ''}` : 'mongodb';
}
