// A disk cache of V8's compiled code for the CommonJS modules the `gati` binary loads (oclif, the core package,
// kysely, pg, and for generate the TypeScript compiler), for Node versions without `module.enableCompileCache()`
// (Node 20). Node 22.1+ has that built in, and then it is used instead.
//
// How: `Module.prototype._compile` compiles each module with `vm.Script`, handing V8 the code cached for that file
// by an earlier run. A module without a usable cache entry (new, changed, or rejected by V8) has its code cache
// made at exit, after the run, so it holds every function the command compiled, not just the top level. One cache
// per installation and command (`status` never reads the compiler's; a rewrite keeps only the modules of that
// run), under the OS's temporary directory like Node's own cache; `GATI_CODE_CACHE_DIR` moves it,
// `GATI_NO_CODE_CACHE=1` turns it off.
//
// An entry is used only for the same file: same device, inode, size, modification time and change time (the
// ctime cannot be set back by a user; any write to the file moves it). V8 itself rejects code cached by another
// V8 version or with other flags; the V8 version is part of the directory too.
'use strict';

const Module = require('node:module');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');

const main = require.main;

/** Installs the cache for the command `name` (the first argument, e.g. `migrate:status`). */
function installCodeCache(name) {
  if (typeof Module.enableCompileCache === 'function') {
    Module.enableCompileCache();
    return;
  }
  if (process.env.GATI_NO_CODE_CACHE === '1') return;
  const user = typeof process.getuid === 'function' ? `-${process.getuid()}` : '';
  // One directory per installation of gati (this file's location): other checkouts and projects on the machine
  // keep caches of their own.
  const install = require('node:crypto').createHash('sha1').update(__dirname).digest('hex').slice(0, 12);
  const dir = process.env.GATI_CODE_CACHE_DIR || path.join(os.tmpdir(), `gati-code-cache${user}`, process.versions.v8, install);
  const base = path.join(dir, (name || 'none').replace(/[^A-Za-z0-9_-]/g, '_'));

  let stored = {};
  let blob = Buffer.alloc(0);
  try {
    blob = fs.readFileSync(`${base}.bin`);
    stored = JSON.parse(fs.readFileSync(`${base}.json`, 'utf8'));
  } catch {
    stored = {};
  }

  /** Modules compiled in this run without a cache entry: filename -> [stat key, vm.Script, or null: not cacheable]. */
  const fresh = new Map();
  /** Stored entries this run used: a rewrite keeps these (and the fresh ones), so the cache holds one command's modules. */
  const used = new Set();
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename) {
    let key;
    try {
      const stat = fs.statSync(filename);
      key = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
    } catch {
      return compile.call(this, content, filename);
    }
    const entry = stored[filename]?.[0] === key ? stored[filename] : undefined;
    if (entry) used.add(filename);
    // Code that V8 compiled from a cache loses what `import()` needs to resolve (Node 20): a module that may
    // import dynamically is compiled as Node does, and the verdict is kept with the file's key.
    if (entry ? entry[1] < 0 : mayImportDynamically(content)) {
      if (!entry) fresh.set(filename, [key, null]);
      return compile.call(this, content, filename);
    }
    const cachedData = entry ? blob.subarray(entry[1], entry[2]) : undefined;
    const script = new vm.Script(Module.wrap(withoutHashbang(content)), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) fresh.set(filename, [key, script]);
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
  };

  process.once('exit', () => {
    Module.prototype._compile = compile;
    if (fresh.size > 0) save(base, stored, blob, fresh, used);
  });
}

/** Writes the cache: the entries made in this run, and the stored ones this run used. */
function save(base, stored, blob, fresh, used) {
  try {
    const parts = [];
    const map = {};
    let offset = 0;
    const add = (filename, key, data) => {
      parts.push(data);
      map[filename] = [key, offset, offset + data.length];
      offset += data.length;
    };
    for (const [filename, [key, script]] of fresh) {
      if (script) add(filename, key, script.createCachedData());
      else map[filename] = [key, -1, -1];
    }
    for (const [filename, [key, start, end]] of Object.entries(stored)) {
      if (fresh.has(filename) || !used.has(filename)) continue;
      if (start < 0) map[filename] = [key, start, end];
      else add(filename, key, blob.subarray(start, end));
    }
    fs.mkdirSync(path.dirname(base), { recursive: true });
    // Written aside and renamed: a concurrent run reads the old cache or the new one, never half of one.
    const suffix = `.${process.pid}.tmp`;
    fs.writeFileSync(`${base}.bin${suffix}`, Buffer.concat(parts));
    fs.writeFileSync(`${base}.json${suffix}`, JSON.stringify(map));
    fs.renameSync(`${base}.bin${suffix}`, `${base}.bin`);
    fs.renameSync(`${base}.json${suffix}`, `${base}.json`);
  } catch {
    // A cache that cannot be written costs the next run its speed, nothing else.
  }
}

/** The `require` a module gets, as Node makes it. */
function requireFor(mod) {
  const require = (id) => mod.require(id);
  const resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.resolve = resolve;
  require.main = main;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

const DYNAMIC_IMPORT = /(?<![\w$.])import\s*\(/g;

/**
 * Whether `content` may call `import()`: an `import(` that is not, by a look at its own line, inside a string or a
 * comment. It errs towards yes (a multi-line comment or template that mentions `import(` counts), which only
 * costs that file its cache.
 */
function mayImportDynamically(content) {
  if (!content.includes('import')) return false;
  DYNAMIC_IMPORT.lastIndex = 0;
  for (let match; (match = DYNAMIC_IMPORT.exec(content));) {
    if (!inStringOrComment(content, content.lastIndexOf('\n', match.index) + 1, match.index)) return true;
  }
  return false;
}

/** Whether position `at` is inside a string or a comment, reading its line from `start`. */
function inStringOrComment(content, start, at) {
  let quote;
  for (let i = start; i < at; i++) {
    const c = content[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '/' && content[i + 1] === '/') return true;
  }
  if (quote) return true;
  const line = content.slice(start, at).trimStart();
  return line.startsWith('*') || line.startsWith('/*');
}

/** A `#!` line becomes an empty line (the line numbers stay), as Node's own loader reads it. */
function withoutHashbang(content) {
  if (!content.startsWith('#!')) return content;
  const end = content.indexOf('\n');
  return end === -1 ? '' : content.slice(end);
}

module.exports = { installCodeCache, mayImportDynamically };
