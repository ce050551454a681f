export { renderMigration, type RenderMigrationInput } from './render-migration';
export { renderEmptyMigration } from './render-empty-migration';
export { describeStep } from './describe-step';
export { REBUILD_PREFIX } from './step-code';
