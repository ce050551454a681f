export { renderMigration, type RenderMigrationInput } from './render-migration';
export { renderEmptyMigration } from './render-empty-migration';
export { describeAction } from './describe-action';
export { REBUILD_PREFIX } from './rebuild-code';
export { describeZeroDowntimeChange } from './describe-zero-downtime';
export { renderDocumentMigration, renderEmptyDocumentMigration, type RenderDocumentMigrationInput } from './render-document-migration';
