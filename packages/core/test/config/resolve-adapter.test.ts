/**
 * How the core finds a built-in adapter now that it does not depend on the adapters package: through the
 * loader its caller hands over (the CLI's), or else the package as installed in the project, then next to the
 * core; and what a user reads when it cannot be loaded. The default loader's lookup runs in a plain node
 * process on the built core, because Jest maps the adapters package to its sources whatever the lookup path.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sqliteAdapter } from '@gati-framework/migrations-adapters/sqlite';
import { ConfigError } from '../../src/errors';
import { resolveAdapter, resolveConfig, type BuiltInAdapterLoader } from '../../src/config';

const BUILT_CORE = path.resolve(__dirname, '../../dist/index.js');

function requireError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

function captured(work: () => unknown): ConfigError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveAdapter', () => {
  it('returns a custom adapter object as it is, without loading anything', () => {
    const load = jest.fn<unknown, Parameters<BuiltInAdapterLoader>>();
    expect(resolveAdapter(sqliteAdapter, { loadBuiltInAdapter: load })).toBe(sqliteAdapter);
    expect(load).not.toHaveBeenCalled();
  });

  it('loads a built-in adapter by name through the loader it is given, and only that one', () => {
    const load = jest.fn<unknown, Parameters<BuiltInAdapterLoader>>(() => ({ default: sqliteAdapter }));
    expect(resolveAdapter('sqlite', { loadBuiltInAdapter: load })).toBe(sqliteAdapter);
    expect(load.mock.calls).toEqual([['sqlite']]);
  });

  it('takes the named export when the module has no default one', () => {
    expect(resolveAdapter('sqlite', { loadBuiltInAdapter: () => ({ sqliteAdapter }) })).toBe(sqliteAdapter);
  });

  it('passes its loader on from resolveConfig', () => {
    const load = jest.fn<unknown, Parameters<BuiltInAdapterLoader>>(() => ({ default: sqliteAdapter }));
    const config = resolveConfig({}, { root: os.tmpdir(), url: 'postgres://localhost/app', loadBuiltInAdapter: load });
    expect(config.adapter).toBe(sqliteAdapter);
    expect(load.mock.calls).toEqual([['postgresql']]);
  });

  it('tells the user to install the adapters package when it is not installed', () => {
    const error = captured(() =>
      resolveAdapter('postgresql', {
        loadBuiltInAdapter: () => {
          throw requireError('MODULE_NOT_FOUND', "Cannot find module '@gati-framework/migrations-adapters/postgresql'");
        },
      }),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain('npm install @gati-framework/migrations-adapters');
  });

  it('says an adapter the installed package does not export is not part of this release', () => {
    const error = captured(() =>
      resolveAdapter('mongodb', {
        loadBuiltInAdapter: () => {
          throw requireError('ERR_PACKAGE_PATH_NOT_EXPORTED', 'Package subpath \'./mongodb\' is not defined by "exports"');
        },
      }),
    );
    expect(error.message).toMatch(/^The mongodb adapter is not part of this release/);
  });

  it('names the module that is missing when the adapter is there but its own import fails', () => {
    const error = captured(() =>
      resolveAdapter('mysql', {
        loadBuiltInAdapter: () => {
          throw requireError('MODULE_NOT_FOUND', "Cannot find module 'kysely'");
        },
      }),
    );
    expect(error.message).toBe("The mysql adapter could not be loaded: Cannot find module 'kysely'");
  });

  it('refuses an unknown name before loading anything', () => {
    const load = jest.fn<unknown, Parameters<BuiltInAdapterLoader>>();
    expect(captured(() => resolveAdapter('oracle', { loadBuiltInAdapter: load })).message).toMatch(/^Unknown adapter "oracle"/);
    expect(load).not.toHaveBeenCalled();
  });

  describe('without a loader (the built core in a node process)', () => {
    let project: string;
    let empty: string;

    beforeAll(() => {
      if (!fs.existsSync(BUILT_CORE)) throw new Error('The core is not built: run `npm run build` first.');
      project = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gati-resolve-adapter-')));
      empty = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gati-resolve-adapter-empty-')));
      // An adapters package of the project's own, which the lookup must prefer to the one next to the core.
      const pkg = path.join(project, 'node_modules', '@gati-framework', 'migrations-adapters');
      fs.mkdirSync(path.join(pkg, 'sqlite'), { recursive: true });
      fs.writeFileSync(
        path.join(pkg, 'package.json'),
        JSON.stringify({ name: '@gati-framework/migrations-adapters', version: '0.1.0', exports: { './sqlite': './sqlite/index.js' } }),
      );
      fs.writeFileSync(path.join(pkg, 'sqlite', 'index.js'), "exports.default = { name: 'the-project-s-sqlite' };\n");
    });

    afterAll(() => {
      fs.rmSync(project, { recursive: true, force: true });
      fs.rmSync(empty, { recursive: true, force: true });
    });

    function adapterNameFrom(root: string, adapter: string): { status: number | null; stdout: string; stderr: string } {
      const script = `const { resolveAdapter } = require(${JSON.stringify(BUILT_CORE)});
        try { console.log(resolveAdapter(${JSON.stringify(adapter)}, { root: ${JSON.stringify(root)} }).name); }
        catch (error) { console.log(error.code + ': ' + error.message); }`;
      return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: os.tmpdir() });
    }

    it('loads the adapters package installed in the project first', () => {
      expect(adapterNameFrom(project, 'sqlite').stdout.trim()).toBe('the-project-s-sqlite');
    });

    it('says so when the project has the package but not that adapter', () => {
      expect(adapterNameFrom(project, 'mongodb').stdout.trim()).toMatch(/^CONFIG_INVALID: The mongodb adapter is not part of this release/);
    });

    it('falls back to the package installed next to the core', () => {
      expect(adapterNameFrom(empty, 'sqlite').stdout.trim()).toBe('sqlite');
    });
  });
});
