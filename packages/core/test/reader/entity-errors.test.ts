import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EntityError } from '../../src/errors';
import { readEntities } from '../../src/reader';
import { fixture, readError } from './read-fixtures';

describe('readEntities errors', () => {
  it('reports a syntax error as file:line:col, relative to cwd', () => {
    const error = readError(['errors/syntax.ts']);
    expect(error).toBeInstanceOf(EntityError);
    expect((error as EntityError).code).toBe('ENTITY_INVALID');
    expect(error.message).toBe('An entity file does not compile; fix it and try again:\n  errors/syntax.ts:4:9 Type expected.');
  });

  it('shows paths relative to the working directory when no cwd is given', () => {
    expect(() => readEntities([fixture('errors/syntax.ts')], { naming: 'snake_case' })).toThrow(
      `${path.relative(process.cwd(), fixture('errors/syntax.ts')).split(path.sep).join('/')}:4:9 Type expected.`,
    );
  });

  it('reports type errors of every file, each with its location', () => {
    const error = readError(['errors/syntax.ts', 'errors/semantic.ts']);
    expect(error.message).toBe(
      'The entity files do not compile (2 errors); fix them and try again:\n' +
        '  errors/syntax.ts:4:9 Type expected.\n' +
        "  errors/semantic.ts:3:10 Cannot find name 'Owner'.",
    );
  });

  it('names Type.prop, the type and file:line of every type without a column type, with one hint', () => {
    const error = readError(['errors/unmappable.ts']);
    expect(error.message).toBe(
      [
        'The entity types have 7 problems:',
        "  errors/unmappable.ts:7 Gadget.anything has type 'any', which cannot be stored in a column.",
        "  errors/unmappable.ts:8 Gadget.mystery has type 'unknown', which cannot be stored in a column.",
        "  errors/unmappable.ts:9 Gadget.either has type 'string | number' (a union of unrelated types), which cannot be stored in a column.",
        "  errors/unmappable.ts:10 Gadget.callback has type '() => void' (a function), which cannot be stored in a column.",
        "  errors/unmappable.ts:11 Gadget.pattern has type 'RegExp' (a built-in RegExp object), which cannot be stored in a column.",
        "  errors/unmappable.ts:12 Gadget.owner has type 'Owner' (a class instance), which cannot be stored in a column.",
        "  errors/unmappable.ts:13 Gadget.key has type 'symbol', which cannot be stored in a column.",
        'Use a supported type (string, number, bigint, boolean, Date, Buffer or Uint8Array, a string literal union, an enum, an array, an object for JSON), ' +
          'or give the column type with `@dbType <type>`.',
      ].join('\n'),
    );
  });

  it('reports unknown @references targets at the tag', () => {
    expect(readError(['errors/references.ts']).message).toBe(
      [
        'The entity types have 3 problems:',
        '  errors/references.ts:3 @references Producto.id on Review.productId: there is no entity Producto in the entity files. ' +
          'Name an exported entity type (check the spelling and the `entities` setting).',
        '  errors/references.ts:5 @references Review.nope on Review.parentId: Review has no property nope.',
        "  errors/references.ts:7 @references needs the referenced entity and property, e.g. `@references User.id`; got 'Review'.",
      ].join('\n'),
    );
  });

  it('reports misused tags, clashing names and entities that cannot be tables', () => {
    expect(readError(['errors/tags.ts']).message.split('\n')).toEqual([
      'The entity types have 17 problems:',
      "  errors/tags.ts:3 @maxLength needs a positive whole number of characters, e.g. `@maxLength 80`; got 'abc'.",
      "  errors/tags.ts:5 @maxLength applies to string properties, but Misc.b is 'number'.",
      '  errors/tags.ts:7 @onDelete on Misc.c needs @references Entity.prop on the same property.',
      '  errors/tags.ts:9 @generated (identity / autoincrement) needs a number or bigint property, but Misc.d is varchar; ' +
        "for a generated UUID write @default gen_random_uuid() (or your database's function) instead.",
      '  errors/tags.ts:13 Misc.e has @text and @maxLength; keep one of them.',
      '  errors/tags.ts:16 @table on Misc.f belongs on the type (interface or type alias).',
      "  errors/tags.ts:18 @decimal needs a precision and a scale (digits in all, digits after the point), e.g. `@decimal 10 2`; got 'ten'.",
      "  errors/tags.ts:22 @onDelete must be one of cascade, set null, restrict, no action; got 'sometimes'.",
      "  errors/tags.ts:25 @default needs a value: a value or SQL expression, e.g. `@default 0`, `@default 'USD'` or `@default now()`.",
      "  errors/tags.ts:29 Misc.owner and Misc.userId both map to column 'user_id'; rename one or give it @column <name>.",
      '  errors/tags.ts:32 @column on Wrong belongs on a property.',
      '  errors/tags.ts:37 @primaryKey on a type needs the property names: `@primaryKey tenantId, id`.',
      "  errors/tags.ts:42 @index on BadIndex names 'missing', but BadIndex has no such property.",
      '  errors/tags.ts:47 The primary key of TwoKeys is declared both on the type (@primaryKey a) and on properties; declare it in one place.',
      "  errors/tags.ts:59 Human and Person (errors/tags.ts:54) both map to table 'people'; rename one, or give it @table <name>.",
      '  errors/tags.ts:63 Empty has no properties, and a table needs at least one column. Add properties, or do not export it from an entity file.',
      '  errors/tags.ts:67 WithMethod.save is a method; an entity type holds data only. Move it out of the entity type.',
    ]);
  });

  describe('files', () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-reader-'));
      fs.writeFileSync(path.join(dir, 'user.js'), 'export const x = 1;\n');
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('names a missing file', () => {
      expect(() => readEntities([path.join(dir, 'nope.ts')], { naming: 'snake_case', cwd: dir })).toThrow(
        new EntityError('Entity file not found: nope.ts. Check the `entities` setting.'),
      );
    });

    it('lists every missing file', () => {
      const files = ['a.ts', 'b.ts'].map((name) => path.join(dir, name));
      expect(() => readEntities(files, { naming: 'snake_case', cwd: dir })).toThrow(
        'Entity files not found (check the `entities` setting):\n  a.ts\n  b.ts',
      );
    });

    it('rejects a file that is not TypeScript', () => {
      expect(() => readEntities([path.join(dir, 'user.js')], { naming: 'snake_case', cwd: dir })).toThrow(
        'Entity files must be TypeScript (.ts, .tsx, .mts, .cts); these are not:\n  user.js',
      );
    });
  });
});
