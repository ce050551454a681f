/**
 * The generate side of a document adapter: change set -> the steps of a migration file. Filled in by the
 * MongoDB work (issue 14); see DocumentAdapter.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DocumentPlanning {}
