/**
 * `migrate:generate` writes the same bytes whatever the machine's locale: names are ordered by code point, not
 * by the collation of `LANG` / `LC_ALL` (under Danish collation `aa` is `å` and sorts after `z`).
 */
import { spawnSync } from 'node:child_process';
import { type Project, expectSuccess, withProject } from './cli-harness';

/** Tables, columns, indexes and enums whose names English, Danish and code point order put in different orders. */
const ANIMALS = `export type ZzKind = 'striped' | 'plain';
export type AaKind = 'digging' | 'sleeping';

export interface Zebra {
  id: number;
  /** @index */
  zzCode: string;
  /** @index */
  aaCode: string;
  kind: ZzKind;
}

export interface Aardvark {
  id: number;
  /** @index */
  zzName: string;
  /** @index */
  aaName: string;
  /** @index */
  åName: string;
  kind: AaKind;
}
`;

const LOCALES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  danish: { LANG: 'da_DK.UTF-8', LC_ALL: 'da_DK.UTF-8' },
  english: { LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' },
  posix: { LANG: 'C', LC_ALL: 'C' },
};

/** Every file under `migrations/` with its text, the migration's timestamp prefix (the time it ran) masked. */
function writtenFiles(project: Project): Record<string, string> {
  const mask = (text: string): string => text.replace(/\d{14}_animals/g, '<time>_animals');
  return Object.fromEntries(project.listFiles().map((file) => [mask(file), mask(project.read(`migrations/${file}`))]));
}

/** How `localeCompare` orders two names in a node process started with `env`, as `generate` used to order them. */
function localeOrder(env: Readonly<Record<string, string>>, names: readonly string[]): string[] {
  const script = `console.log(JSON.stringify(${JSON.stringify(names)}.sort((a, b) => a.localeCompare(b))))`;
  const result = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return JSON.parse(result.stdout) as string[];
}

it.concurrent('generate: the migration and snapshot are byte-identical under Danish, English and POSIX locales', () =>
  withProject(async (first, more) => {
    // The premise: on this machine the locale alone reorders names for Node (full ICU, locale from LANG/LC_ALL).
    expect(localeOrder(LOCALES.danish!, ['zebras', 'aardvarks'])).toEqual(['zebras', 'aardvarks']);
    expect(localeOrder(LOCALES.english!, ['zebras', 'aardvarks'])).toEqual(['aardvarks', 'zebras']);

    const projects = [first, more(), more()];
    const outputs = await Promise.all(
      Object.values(LOCALES).map(async (env, i) => {
        const project = projects[i]!;
        project.entity('animals.ts', ANIMALS);
        expectSuccess(await project.gatiWith({ env }, 'migrate:generate', 'animals', '--version', '2024-01-15T10:00:00Z'));
        return writtenFiles(project);
      }),
    );
    const [danish, english, posix] = outputs;
    expect(Object.keys(danish!)).toHaveLength(2);
    expect(danish).toEqual(english);
    expect(posix).toEqual(english);

    // Code point order: aardvarks before zebras, `aa_…` before `zz_…` before `å…`.
    const snapshot = JSON.parse(Object.entries(english!).find(([file]) => file.endsWith('.snapshot.json'))![1]);
    expect(snapshot.schema.tables.map((t: { name: string }) => t.name)).toEqual(['aardvarks', 'zebras']);
    expect(snapshot.schema.tables[0].indexes.map((i: { name: string }) => i.name)).toEqual([
      'aardvarks_aa_name_idx',
      'aardvarks_zz_name_idx',
      'aardvarks_åname_idx',
    ]);
    expect(snapshot.schema.enums.map((e: { name: string }) => e.name)).toEqual(['aa_kind', 'zz_kind']);
  }),
);
