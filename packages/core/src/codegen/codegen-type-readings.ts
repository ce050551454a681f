import { type EnumModel, type LogicalType, type LogicalTypeKind, sameType } from '../model';
import type { CodegenDialectName } from './codegen-dialects';

/**
 * How a column type comes back when kysely-codegen writes it and the reader reads what it wrote: `same` (the
 * type itself), `enum-values` (an enum with the same values, whatever its name: MySQL's inline ENUM is written
 * as an inline union, which the reader names `<table>_<column>`), `elements` (an array whose element reads back as
 * the element of the array does, or as text: kysely-codegen writes `ArrayType<Int8>`, `Numeric[]`, whose select
 * types are arrays of strings), or the type the reader gives. kysely-codegen sorts an enum's values, so they are
 * compared as a set.
 */
export type TypeReading = 'same' | 'enum-values' | 'elements' | LogicalType;

const STRING: LogicalType = { kind: 'varchar', length: 255 };
const NUMBER: LogicalType = { kind: 'int' };
const NUMERIC: LogicalType = { kind: 'custom', raw: 'numeric' };
const JSON: LogicalType = { kind: 'json' };

/**
 * Per kysely-codegen dialect, what each column type reads back as (checked against real kysely-codegen 0.20 output
 * by the round-trip test, test/codegen). A TypeScript type says less than a column type: `string` is any text or
 * a uuid, `number` any integer or float (on SQLite and MySQL also a boolean, and a bigint), and on SQLite a
 * timestamp, a JSON document or an enum is text. A custom type usually comes back as `string`, or as itself.
 */
export const CODEGEN_TYPE_READINGS: Readonly<Record<CodegenDialectName, Readonly<Record<LogicalTypeKind, readonly TypeReading[]>>>> = {
  postgres: {
    int: ['same'],
    bigint: ['same'],
    float: [NUMBER],
    decimal: [NUMERIC],
    boolean: ['same'],
    text: [STRING],
    varchar: [STRING],
    uuid: [STRING],
    timestamp: ['same'],
    json: ['same'],
    binary: ['same'],
    // text[] is `string[]`, timestamptz[] `ArrayType<Timestamp>`; an array kysely-codegen cannot type is JSON.
    array: ['elements', JSON],
    enum: ['same'],
    custom: ['same', STRING],
  },
  mysql: {
    // MariaDB stores json as longtext, which kysely-codegen writes as `string`.
    int: ['same'],
    bigint: [NUMBER],
    float: [NUMBER],
    decimal: [NUMERIC],
    boolean: [NUMBER],
    text: [STRING],
    varchar: [STRING],
    uuid: [STRING],
    timestamp: ['same'],
    json: ['same', STRING],
    binary: ['same'],
    // A JSON array: JSON on MySQL, `string` on MariaDB.
    array: [JSON, STRING],
    enum: ['enum-values'],
    custom: ['same', STRING],
  },
  sqlite: {
    int: ['same'],
    bigint: [NUMBER],
    float: [NUMBER],
    decimal: [STRING, NUMBER],
    boolean: [NUMBER],
    text: [STRING],
    varchar: [STRING],
    uuid: [STRING],
    timestamp: [STRING],
    json: [STRING],
    binary: ['same'],
    array: [STRING],
    enum: [STRING],
    custom: ['same', STRING],
  },
};

/** Whether `next`, read from a Kysely DB interface, is what `prev` reads back as; each with its model's enums. */
export type TypeFits = (prev: LogicalType, prevEnums: readonly EnumModel[], next: LogicalType, nextEnums: readonly EnumModel[]) => boolean;

/**
 * The {@link TypeFits} of a kysely-codegen dialect; without one (a custom adapter that names none), only the
 * same type fits.
 *
 * @example
 * const fits = codegenTypeFits('postgres');
 * fits({ kind: 'uuid' }, [], { kind: 'varchar', length: 255 }, []); // true: kysely-codegen writes a uuid as `string`
 * fits({ kind: 'timestamp' }, [], { kind: 'varchar', length: 255 }, []); // false: it writes `Timestamp`
 */
export function codegenTypeFits(dialect: CodegenDialectName | undefined): TypeFits {
  const readings = dialect ? CODEGEN_TYPE_READINGS[dialect] : undefined;
  const fits: TypeFits = (prev, prevEnums, next, nextEnums) => {
    // The same type fits, whatever the readings say (keeping it or taking it is the same).
    if (sameType(prev, next)) return true;
    return (readings?.[prev.kind] ?? []).some((reading) => {
      if (reading === 'same') return sameType(prev, next);
      if (reading === 'elements') {
        return (
          prev.kind === 'array' &&
          next.kind === 'array' &&
          (next.element.kind === 'text' || fits(prev.element, prevEnums, next.element, nextEnums))
        );
      }
      if (reading === 'enum-values') {
        return (
          next.kind === 'enum' && prev.kind === 'enum' && sameValueSet(enumValues(prevEnums, prev.name), enumValues(nextEnums, next.name))
        );
      }
      return sameType(reading, next);
    });
  };
  return fits;
}

function enumValues(enums: readonly EnumModel[], name: string): readonly string[] | undefined {
  return enums.find((model) => model.name === name)?.values;
}

/** The same values, in any order (a union's members have none). */
export function sameValueSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return a !== undefined && b !== undefined && a.length === b.length && a.every((value) => b.includes(value));
}
