/**
 * The closed list of error codes (`ERROR_CODES`) is the one source of truth: every code the sources raise is in
 * it, every code in it is raised somewhere, the README's table lists exactly it, and every GatiError subclass
 * carries a listed code with the list's exit code.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as core from '../../src';
import { ERROR_CODES, type ErrorCode, GatiError, isErrorCode } from '../../src/errors';

const ROOT = path.resolve(__dirname, '../../../..');
const LIST_FILE = path.join(ROOT, 'packages/core/src/errors/error-codes.ts');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

/**
 * Every string literal the sources of all packages pass as an error code, with where: the first argument of
 * `new …Error(` and `super(` (`new GatiError('LOCK_TIMEOUT', …)`, `new RegistryError('REGISTRY_INVALID', …)`,
 * `super('USAGE', …)`), the CLI's `described('UNEXPECTED', …)`, a `code: 'X'` option, and every upper-case
 * literal in the errors folder (the code types of ConfigError and RegistryError).
 */
function codesInSources(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const add = (code: string, where: string) => found.set(code, [...(found.get(code) ?? []), where]);
  const packages = path.join(ROOT, 'packages');
  for (const pkg of fs.readdirSync(packages)) {
    const src = path.join(packages, pkg, 'src');
    if (!fs.existsSync(src)) continue;
    for (const file of sourceFiles(src)) {
      if (file === LIST_FILE) continue;
      const text = fs.readFileSync(file, 'utf8');
      const where = path.relative(ROOT, file);
      const patterns = [/\b(?:new\s+\w*Error|super|described)\(\s*'([A-Z][A-Z0-9_]*)'/g, /\bcode\??:\s*'([A-Z][A-Z0-9_]*)'/g];
      if (path.dirname(file) === path.dirname(LIST_FILE)) patterns.push(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{4,})'/g);
      for (const pattern of patterns) for (const match of text.matchAll(pattern)) add(match[1]!, where);
    }
  }
  return found;
}

/** The rows of the README's table of error codes: code, exit code, meaning. */
function readmeRows(): { code: string; exitCode: number; meaning: string }[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('| code | exit | meaning |');
  expect(start).toBeGreaterThan(0);
  const rows: { code: string; exitCode: number; meaning: string }[] = [];
  for (const line of readme.slice(start).split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const match = /^\| `([A-Z0-9_]+)` \| (\d) \| (.*) \|$/.exec(line);
    if (!match) throw new Error(`The README's table of error codes has a row that is not | \`CODE\` | exit | meaning |: ${line}`);
    rows.push({ code: match[1]!, exitCode: Number(match[2]), meaning: match[3]! });
  }
  return rows;
}

describe('ERROR_CODES', () => {
  it('is frozen, each code with an exit code of 1 or 2 and a meaning', () => {
    expect(Object.isFrozen(ERROR_CODES)).toBe(true);
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(Object.isFrozen(info)).toBe(true);
      expect([1, 2]).toContain(info.exitCode);
      expect(info.meaning.length).toBeGreaterThan(10);
    }
    expect(isErrorCode('LOCK_TIMEOUT')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
  });

  it('is exported from @gati-framework/migrations', () => {
    expect(core.ERROR_CODES).toBe(ERROR_CODES);
    expect(core.ERROR_CODES.USAGE.exitCode).toBe(2);
  });

  it('holds every code the sources raise, and nothing they do not', () => {
    const found = codesInSources();
    // The scan sees what it must see (a scan that finds nothing would pass the test below).
    for (const code of ['LOCK_TIMEOUT', 'USAGE', 'UNEXPECTED', 'REGISTRY_INVALID', 'CONFIG_FILE_MISSING', 'MIGRATION_MODIFIED']) {
      expect(found.has(code)).toBe(true);
    }
    const unlisted = [...found].filter(([code]) => !isErrorCode(code)).map(([code, where]) => `${code} (${where.join(', ')})`);
    expect(unlisted).toEqual([]);
    const unused = Object.keys(ERROR_CODES).filter((code) => !found.has(code));
    expect(unused).toEqual([]);
  });

  it("is the README's table of error codes, row for row", () => {
    const rows = readmeRows();
    const listed = Object.entries(ERROR_CODES).map(([code, info]) => ({ code, exitCode: info.exitCode, meaning: info.meaning }));
    expect(rows.map((r) => r.code).sort()).toEqual(Object.keys(ERROR_CODES).sort());
    expect(rows).toEqual(listed);
  });
});

describe('GatiError', () => {
  it('takes its exit code from the list', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      const error = new GatiError(code, 'message');
      expect(error).toMatchObject({ code, exitCode: ERROR_CODES[code].exitCode, message: 'message' });
    }
  });

  it('every subclass exported carries a listed code, with the exit code of the list', () => {
    // How to make one of each; a subclass missing here fails the test, so that its code gets checked too.
    const make: Record<string, (Class: any) => GatiError> = {
      EntityError: (C) => new C('m'),
      ConfigError: (C) => new C('m'),
      DecisionRequiredError: (C) => new C('m'),
      UsageError: (C) => new C('m'),
      RegistryError: (C) => new C('REGISTRY_INVALID', 'm'),
      LockTimeoutError: (C) => new C('m'),
      LockFailedError: (C) => new C('m'),
      MigrationFailedError: (C) => new C('20240101000000_x', 'up', new Error('boom')),
      ConnectionError: (C) => new C('m'),
      StaleKyselyTypesError: (C) => new C('m'),
      CodegenError: (C) => new C('m'),
      ConversionError: (C) => new C('m'),
      NotSupportedError: (C) => new C('m'),
    };
    const subclasses = Object.entries(core).filter(([, value]) => typeof value === 'function' && value.prototype instanceof GatiError) as [
      string,
      new (...args: any[]) => GatiError,
    ][];
    expect(subclasses.map(([name]) => name).sort()).toEqual(Object.keys(make).sort());
    for (const [name, Class] of subclasses) {
      const error = make[name]!(Class);
      expect(error).toBeInstanceOf(Class);
      expect(error.name).toBe(name);
      expect(isErrorCode(error.code)).toBe(true);
      expect(error.exitCode).toBe(ERROR_CODES[error.code].exitCode);
    }
  });

  it('ConfigError is CONFIG_INVALID unless told another of its codes', () => {
    expect(new core.ConfigError('m')).toMatchObject({ code: 'CONFIG_INVALID', exitCode: 1 });
    expect(new core.ConfigError('m', { code: 'CONFIG_FILE_MISSING' })).toMatchObject({ code: 'CONFIG_FILE_MISSING', exitCode: 2 });
    expect(new core.ConfigError('m', { code: 'URL_SCHEME_UNKNOWN' })).toMatchObject({ code: 'URL_SCHEME_UNKNOWN', exitCode: 2 });
  });
});
