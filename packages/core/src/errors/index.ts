export * from './error-codes';
export * from './gati-error';
export * from './redact';
