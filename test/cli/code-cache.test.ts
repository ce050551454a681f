/**
 * The `gati` binary's disk cache of compiled code on Node 20 (packages/cli/bin/code-cache.js): a later run gets
 * the code of the file as it is now, never the cached code of an edited file, and `import()` keeps working.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';

const CODE_CACHE = path.resolve(__dirname, '../../packages/cli/bin/code-cache.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { mayImportDynamically } = require(CODE_CACHE) as { mayImportDynamically: (code: string) => boolean };

const nodeHasOwnCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

describe('code cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-code-cache-test-'));
    fs.writeFileSync(
      path.join(dir, 'main.js'),
      `require(${JSON.stringify(CODE_CACHE)}).installCodeCache('test');\nrequire('./answer.js').print();\n`,
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = () => {
    const result = spawnSync(process.execPath, [path.join(dir, 'main.js')], {
      encoding: 'utf8',
      env: { ...process.env, GATI_CODE_CACHE_DIR: path.join(dir, 'cache') },
    });
    expect(result.stderr).toBe('');
    return result.stdout.trim();
  };

  (nodeHasOwnCache ? it.skip : it)('runs an edited module as edited, even with the same size and modification time', () => {
    const answer = path.join(dir, 'answer.js');
    fs.writeFileSync(answer, "exports.print = () => console.log('forty-one');\n");
    const mtime = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(answer, mtime, mtime);
    expect(run()).toBe('forty-one');
    expect(fs.existsSync(path.join(dir, 'cache', 'test.bin'))).toBe(true);
    expect(run()).toBe('forty-one'); // from the cache
    fs.writeFileSync(answer, "exports.print = () => console.log('forty-two');\n");
    fs.utimesSync(answer, mtime, mtime);
    expect(run()).toBe('forty-two');
    expect(run()).toBe('forty-two');
  });

  (nodeHasOwnCache ? it.skip : it)('keeps import() working in a module run from the cache', () => {
    fs.writeFileSync(
      path.join(dir, 'answer.js'),
      "exports.print = () => { console.log('sync'); return import('node:path').then((p) => console.log(typeof p.join)); };\n",
    );
    expect(run()).toBe('sync\nfunction');
    expect(run()).toBe('sync\nfunction');
  });

  (nodeHasOwnCache ? it.skip : it)('keeps only the modules of the last run that wrote it', () => {
    fs.writeFileSync(path.join(dir, 'answer.js'), "exports.print = () => console.log(require('./other.js'));\n");
    fs.writeFileSync(path.join(dir, 'other.js'), 'module.exports = 1;\n');
    expect(run()).toBe('1');
    const cached = () =>
      Object.keys(JSON.parse(fs.readFileSync(path.join(dir, 'cache', 'test.json'), 'utf8'))).map((f) => path.basename(f));
    expect(cached().sort()).toEqual(['answer.js', 'other.js']);
    fs.writeFileSync(path.join(dir, 'answer.js'), "exports.print = () => console.log('no other');\n");
    expect(run()).toBe('no other');
    expect(cached().sort()).toEqual(['answer.js']);
  });

  it('tells a dynamic import from one mentioned in a string or comment', () => {
    expect(mayImportDynamically("const m = await import('x');")).toBe(true);
    expect(mayImportDynamically('return import (name).then(f);')).toBe(true);
    expect(mayImportDynamically("const a = 'it\"s'; import(b);")).toBe(true);
    expect(mayImportDynamically("const message = \"Did you mean 'typeof import('{0}')'?\";")).toBe(false);
    expect(mayImportDynamically('const s = `import("${x}")`;')).toBe(false);
    expect(mayImportDynamically('  // or import("")')).toBe(false);
    expect(mayImportDynamically(' * const oclif = await import("@oclif/core")')).toBe(false);
    expect(mayImportDynamically('x.import(y); reimport(z);')).toBe(false);
    expect(mayImportDynamically('const require = 1;')).toBe(false);
  });
});
