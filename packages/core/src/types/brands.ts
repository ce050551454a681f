/*
 * Branded types for entity files. The reader recognises them through the type checker by their brand
 * properties, `__gatiBrand` and `__gatiMaxLength`, which only these declarations carry: whatever name they are
 * imported or aliased under, and not an application's own `type Timestamp = number` or `type UUID = string`.
 * The brand properties are optional, so a plain `string` (or `Date`) is still assignable to them.
 */

/**
 * A UUID column (`uuid` on PostgreSQL, `char(36)` elsewhere). Same as `string` with `@uuid`.
 * @example
 * export interface User { id: UUID }
 */
export type UUID = string & { readonly __gatiBrand?: 'UUID' };

/**
 * A string column of at most `N` characters: `varchar(N)`. Same as `string` with `@maxLength N`.
 * @example
 * export interface Product { sku: MaxLen<32> }
 */
export type MaxLen<N extends number> = string & { readonly __gatiMaxLength?: N };

/**
 * An e-mail address: a `varchar(255)` column.
 * @example
 * export interface User { email: Email }
 */
export type Email = string & { readonly __gatiBrand?: 'Email' };

/**
 * A point in time: the same column as `Date` (`timestamptz` on PostgreSQL, `datetime(3)` on MySQL).
 * @example
 * export interface Order { placedAt: Timestamp }
 */
export type Timestamp = Date & { readonly __gatiBrand?: 'Timestamp' };
