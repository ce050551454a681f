/**
 * The run side of a document adapter: connection, history, lock, apply. Filled in by the MongoDB work
 * (issue 14); see DocumentAdapter.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DocumentRuntime {}
