/**
 * `@gati-framework/migrations-adapters`: the built-in adapters live in subpath exports
 * (`@gati-framework/migrations-adapters/sqlite`, …) so that loading one never loads another's driver.
 * The root holds what every adapter, built-in or custom, shares.
 */
export { defineAdapter } from './define-adapter';
