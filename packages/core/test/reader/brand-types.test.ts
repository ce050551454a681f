import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type SchemaModel, describeType } from '../../src/model';
import { readEntities } from '../../src/reader';
import { readError, readFixtures } from './read-fixtures';

/*
 * Branded types (fixtures/brands): this package's `UUID`, `Email`, `Timestamp` and `MaxLen<N>` are recognised
 * through the type checker by what they are, and an application's own types of the same names are the types
 * they resolve to.
 */

const BRANDS_SOURCE = path.join(__dirname, '..', '..', 'src', 'types', 'brands.ts');

/** `table -> ['column: type', …]` with a `?` for nullable columns. */
function columnsOf(schema: SchemaModel): Record<string, string[]> {
  return Object.fromEntries(
    schema.tables.map((table) => [table.name, table.columns.map((c) => `${c.name}: ${describeType(c.type)}${c.nullable ? '?' : ''}`)]),
  );
}

/**
 * A project in a temporary folder with this package installed as npm installs it: `package.json` pointing at
 * `dist/index.d.ts`, which re-exports `dist/types/brands.d.ts` (this repository's `src/types/brands.ts`).
 */
function withInstalledProject<T>(files: Readonly<Record<string, string>>, work: (dir: string) => T): T {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gati-brands-')));
  const write = (relative: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), text);
  };
  try {
    const installed = 'node_modules/@gati-framework/migrations';
    write(
      `${installed}/package.json`,
      JSON.stringify({ name: '@gati-framework/migrations', main: 'dist/index.js', types: 'dist/index.d.ts' }),
    );
    write(`${installed}/dist/index.d.ts`, "export * from './types/brands';\n");
    write(`${installed}/dist/types/brands.d.ts`, fs.readFileSync(BRANDS_SOURCE, 'utf8'));
    for (const [relative, text] of Object.entries(files)) write(relative, text);
    return work(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('branded types', () => {
  it("maps an application's own Timestamp = number, Email = number, UUID = string and MaxLen like the types they are", () => {
    expect(columnsOf(readFixtures(['brands/own-aliases.ts']))).toEqual({
      readings: [
        'id: varchar(255)',
        // epoch milliseconds: an integer, not a timestamp
        'taken_at: int',
        'contact: int',
        // the application's own MaxLen is a plain string, and its N is not validated
        'code: varchar(255)',
        'label: varchar(255)',
      ],
    });
  });

  it("recognises this package's brands renamed, aliased and through generics, next to an application's own Timestamp", () => {
    expect(columnsOf(readFixtures(['brands/package-brands.ts']))).toEqual({
      visits: [
        'id: uuid',
        'at: timestamp',
        'seen_at: int',
        'address: varchar(255)',
        'note: varchar(80)?',
        'code: varchar(12)',
        'created_by: uuid',
      ],
    });
  });

  it("recognises the brands imported from '@gati-framework/migrations' as installed, and not a same-named alias of the project", () => {
    const entities = [
      "import type { Email, MaxLen, Timestamp, UUID } from '@gati-framework/migrations';",
      "import type * as own from './own';",
      '',
      'export interface Member {',
      '  id: UUID;',
      '  email: Email;',
      '  nickname: MaxLen<40>;',
      '  joinedAt: Timestamp;',
      '  ownId: own.UUID;',
      '  ownEmail: own.Email;',
      '  lastSeen: own.Timestamp;',
      '  ownCode: own.MaxLen<3>;',
      '}',
      '',
    ].join('\n');
    const own = [
      'export type UUID = string;',
      'export type Email = number;',
      '/** Epoch milliseconds. */',
      'export type Timestamp = number;',
      'export type MaxLen<N extends number> = string & { readonly __length?: N };',
      '',
    ].join('\n');
    const schema = withInstalledProject({ 'src/entities/member.ts': entities, 'src/entities/own.ts': own }, (dir) =>
      readEntities([path.join(dir, 'src/entities/member.ts')], { naming: 'snake_case', cwd: dir }),
    );
    expect(columnsOf(schema)).toEqual({
      members: [
        'id: uuid',
        'email: varchar(255)',
        'nickname: varchar(40)',
        'joined_at: timestamp',
        'own_id: varchar(255)',
        'own_email: int',
        'last_seen: int',
        'own_code: varchar(255)',
      ],
    });
  });

  it("validates the N of this package's MaxLen<N> where it is written, and no N of an application's own MaxLen", () => {
    expect(readError(['brands/max-length-zero.ts']).message).toBe(
      'brands/max-length-zero.ts:3 MaxLen<N> needs a positive whole number N, e.g. MaxLen<80>; got 0.',
    );
    expect(() => readFixtures(['brands/own-aliases.ts'])).not.toThrow();
  });
});
