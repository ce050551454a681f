import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig, SqlConfig } from '../config/resolved-config';
import { requireSqlConfig } from '../config/sql-config';
import { ConfigError, GatiError, StaleKyselyTypesError, UsageError, describeCause } from '../errors';
import { codegenDialectFor } from './codegen-dialects';
import type * as RunModule from './run-kysely-codegen';

export interface KyselyTypesOptions {
  /** The file to write or check instead of `migrations.codegen.outFile`: absolute, or relative to the project root. */
  readonly outFile?: string;
}

export interface KyselyTypesResult {
  /** The file, absolute. */
  readonly file: string;
  /** `written`: the file was created or changed; `unchanged`: it already matched; `fresh`: a check found it matching. */
  readonly status: 'written' | 'unchanged' | 'fresh';
  /** How many tables it describes. */
  readonly tables: number;
}

/**
 * `migrate:codegen`: writes the application's Kysely types (`migrations.codegen.outFile`, or `options.outFile`)
 * from the live database with kysely-codegen, leaving out this tool's own tables. The file is only touched when
 * its text changes. kysely-codegen is loaded here, and only here.
 *
 * @example
 * await refreshKyselyTypes(config); // { file: '/app/src/db/types.ts', status: 'written', tables: 3 }
 */
export async function refreshKyselyTypes(config: ResolvedConfig, options: KyselyTypesOptions = {}): Promise<KyselyTypesResult> {
  return refreshKyselyTypesOnSql(requireSqlConfig(config, 'migrate:codegen'), options);
}

async function refreshKyselyTypesOnSql(config: SqlConfig, options: KyselyTypesOptions): Promise<KyselyTypesResult> {
  const file = outFileFor(config, options);
  const { text, tables } = await generateText(config, file);
  const current = readText(file);
  if (current !== undefined && normalizeLineEnds(current) === text) return { file, status: 'unchanged', tables };
  replaceFile(file, text);
  return { file, status: 'written', tables };
}

/**
 * `migrate:codegen --check`: whether the application's Kysely types are what kysely-codegen writes for the live
 * database now. Throws a `StaleKyselyTypesError` (exit 1) naming the first line that differs, or saying that the
 * file is missing; changes nothing.
 */
export async function checkKyselyTypes(config: ResolvedConfig, options: KyselyTypesOptions = {}): Promise<KyselyTypesResult> {
  return checkKyselyTypesOnSql(requireSqlConfig(config, 'migrate:codegen --check'), options);
}

async function checkKyselyTypesOnSql(config: SqlConfig, options: KyselyTypesOptions): Promise<KyselyTypesResult> {
  const file = outFileFor(config, options);
  const { text, tables } = await generateText(config, file);
  const current = readText(file);
  const shown = displayPath(file);
  const target = config.adapter.describeTarget(config.connection);
  if (current === undefined) {
    throw new StaleKyselyTypesError(`${shown} does not exist; run gati migrate:codegen to write it from the database (${target}).`);
  }
  if (normalizeLineEnds(current) !== text) {
    throw new StaleKyselyTypesError(
      `${shown} is out of date with the database (${target}): ${describeDifference(current, text)}. Run gati migrate:codegen to refresh it.`,
    );
  }
  return { file, status: 'fresh', tables };
}

/**
 * Whether `migrate:up` refreshes the Kysely types after it ran: `--codegen` (`requested: true`) says yes and
 * `--no-codegen` no; otherwise yes when `migrations.codegen` is configured and something was applied.
 */
export function refreshesAfterUp(config: ResolvedConfig, applied: number, requested?: boolean): boolean {
  if (requested !== undefined) return requested;
  return config.codegen !== undefined && applied > 0;
}

function outFileFor(config: SqlConfig, options: KyselyTypesOptions): string {
  const configured = options.outFile ?? config.codegen?.outFile;
  if (configured === undefined) {
    throw new UsageError(
      "No file for the Kysely types: set migrations.codegen.outFile in gati.config.ts (e.g. codegen: { outFile: './src/db/types.ts' }) or run gati migrate:codegen --out FILE.",
    );
  }
  return path.resolve(config.root, configured);
}

async function generateText(config: SqlConfig, file: string): Promise<RunModule.KyselyTypesText> {
  const settings = config.codegen;
  const dialect = codegenDialectFor(config.adapter, settings?.dialect);
  if (!dialect) {
    throw new ConfigError(
      `kysely-codegen does not know the adapter '${config.adapter.name}': name its dialect with migrations.codegen.dialect ('postgres', 'mysql' or 'sqlite').`,
    );
  }
  if (config.adapter.exists && !config.adapter.exists(config.connection)) {
    throw new GatiError(
      'DATABASE_MISSING',
      `The database (${config.adapter.describeTarget(config.connection)}) does not exist yet, so there are no types to write; run gati migrate:up first.`,
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runKyselyCodegen } = require('./run-kysely-codegen') as typeof RunModule;
  const generated = await runKyselyCodegen(config, { dialect, options: settings?.options ?? {} });
  if (!settings?.format) return generated;
  const { formatTypeScript } = await import('../emitter/format-code');
  return { ...generated, text: await formatTypeScript(generated.text, file) };
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new GatiError('READ_FAILED', `Could not read ${displayPath(file)}: ${describeCause(cause)}`, { cause });
  }
}

/** Writes `text` to a temporary file next to `file`, then renames it over `file`: readers never see half a file. */
function replaceFile(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (cause) {
    fs.rmSync(tmp, { force: true });
    throw new GatiError('WRITE_FAILED', `Could not write ${displayPath(file)}: ${describeCause(cause)}`, { cause });
  }
}

/** `the first difference is at line 12 (the database gives "  email: string;", the file has "  name: string;")`. */
function describeDifference(current: string, expected: string): string {
  const have = normalizeLineEnds(current).split('\n');
  const want = expected.split('\n');
  let first = 0;
  while (first < Math.max(have.length, want.length) && have[first] === want[first]) first++;
  return `the first difference is at line ${first + 1} (the database gives ${quoteLine(want[first])}, the file has ${quoteLine(have[first])})`;
}

function quoteLine(line: string | undefined): string {
  return line === undefined ? 'nothing' : JSON.stringify(line.length > 80 ? `${line.slice(0, 77)}...` : line);
}

function normalizeLineEnds(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

/** A path as the user would type it from the working directory. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') ? file : relative;
}
