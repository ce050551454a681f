export * from './gati-error';
export * from './redact';
