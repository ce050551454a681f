import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { EntityError } from '../errors';
import { assertCompiles } from './entity-diagnostics';
import { formatList } from './entity-problems';
import { displayPath } from './source-location';

/**
 * How entity files are compiled: strict, nothing emitted, and the most lenient module resolution
 * (`import './user'`, `'./user.js'` and `'./user.ts'` all work). The global types are the project's: the `types`,
 * `typeRoots` and `lib` of its `tsconfig.json` (see {@link projectGlobals}); without one, no ambient `@types` and
 * ES2023's library.
 */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts'],
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  esModuleInterop: true,
  jsx: ts.JsxEmit.Preserve,
};

const TYPESCRIPT_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];

/**
 * Parsed (and, once a program has used them, bound) standard library files and installed declaration files
 * (`node_modules/@types/node/…`, `node_modules/kysely/…`), by path. They do not change while the process runs, so
 * later calls reuse them, as TypeScript's language service does: a project whose tsconfig.json includes every
 * `@types` package pays for parsing them once.
 */
const libraryFiles = new Map<string, ts.SourceFile>();

/**
 * How the imports of installed declaration files resolved, by options, folder and module name. Installed
 * packages do not change while the process runs, and resolving kysely's few hundred declaration files again for
 * every program (a `stat` per candidate path) cost more than everything else the reader does when one process
 * reads entity files many times (tests, watch mode). The imports of the project's own files are resolved afresh.
 */
const installedResolutions = new Map<string, ts.ResolvedModuleWithFailedLookupLocations>();

/** The last program made with each set of options (one per project, in practice). */
const previousPrograms = new Map<string, ts.Program>();

export interface EntityProgram {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  /** the given files, in the given order, without duplicates */
  readonly sourceFiles: readonly ts.SourceFile[];
}

/** One program over the entity files. Throws an `EntityError` for a missing file or any compile error. */
export function createEntityProgram(files: readonly string[], cwd: string): EntityProgram {
  const roots = [...new Set(files.map((file) => path.resolve(cwd, file)))];
  assertReadable(roots, cwd);
  const options = { ...COMPILER_OPTIONS, ...projectGlobals(cwd) };
  // The previous program with the same options lends its unchanged files (the standard library, `@types`).
  const key = JSON.stringify(options);
  const oldProgram = previousPrograms.get(key);
  const program = ts.createProgram({
    rootNames: roots,
    options,
    host: createHost(key, cwd, options),
    ...(oldProgram ? { oldProgram } : {}),
  });
  previousPrograms.set(key, program);
  const sourceFiles = roots.map((root) => program.getSourceFile(root)!);
  assertCompiles(program, sourceFiles, cwd);
  return { program, checker: program.getTypeChecker(), sourceFiles };
}

/** Diagnostics of a tsconfig.json that do not matter here: its files are not the entity files. */
const IGNORED_CONFIG_DIAGNOSTICS: ReadonlySet<number> = new Set([18003 /* No inputs were found */]);

/**
 * The global types the project's own `tsconfig.json` (in `cwd`, `extends` followed) provides: its `types`
 * (`["node"]` makes `Buffer` a global; when it has none, every `@types` package the project installed, as `tsc`
 * does), `typeRoots` and `lib`. Nothing when there is no tsconfig.json; an `EntityError` when it cannot be read.
 */
export function projectGlobals(cwd: string): Pick<ts.CompilerOptions, 'types' | 'typeRoots' | 'lib'> {
  const file = path.join(cwd, 'tsconfig.json');
  if (!isFile(file)) return {};
  const problems: string[] = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(
    file,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => problems.push(ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')),
    },
  );
  for (const diagnostic of parsed?.errors ?? []) {
    if (!IGNORED_CONFIG_DIAGNOSTICS.has(diagnostic.code)) problems.push(ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));
  }
  if (!parsed || problems.length > 0) {
    throw new EntityError(formatList(`${displayPath(file, cwd)} cannot be read for the entity files' global types:`, problems));
  }
  const { types, typeRoots, lib } = parsed.options;
  // `types` left undefined (not `[]`) includes every visible @types package.
  return {
    types,
    ...(typeRoots !== undefined ? { typeRoots } : {}),
    ...(lib !== undefined ? { lib } : {}),
  };
}

function assertReadable(roots: readonly string[], cwd: string): void {
  const missing = roots.filter((file) => !isFile(file)).map((file) => displayPath(file, cwd));
  if (missing.length === 1) throw new EntityError(`Entity file not found: ${missing[0]}. Check the \`entities\` setting.`);
  if (missing.length > 1) throw new EntityError(formatList('Entity files not found (check the `entities` setting):', missing));
  const foreign = roots.filter((file) => !isTypeScriptFile(file)).map((file) => displayPath(file, cwd));
  if (foreign.length > 0) {
    throw new EntityError(formatList(`Entity files must be TypeScript (${TYPESCRIPT_EXTENSIONS.join(', ')}); these are not:`, foreign));
  }
}

/** Resolves module names for one program: through the program's cache, and the process's for installed files. */
interface ModuleResolver {
  /** `JSON.stringify` of the program's options: resolutions are kept per set of options. */
  readonly optionsKey: string;
  readonly options: ts.CompilerOptions;
  readonly host: ts.ModuleResolutionHost;
  readonly cache: ts.ModuleResolutionCache;
}

function resolveModule(
  resolver: ModuleResolver,
  name: string,
  containingFile: string,
  redirectedReference: ts.ResolvedProjectReference | undefined,
): ts.ResolvedModuleWithFailedLookupLocations {
  if (!isInstalledDeclaration(containingFile)) return resolveModuleAfresh(resolver, name, containingFile, redirectedReference);
  const key = `${resolver.optionsKey}\0${path.dirname(containingFile)}\0${name}`;
  let resolved = installedResolutions.get(key);
  if (!resolved) {
    resolved = resolveModuleAfresh(resolver, name, containingFile, redirectedReference);
    installedResolutions.set(key, resolved);
  }
  return resolved;
}

function resolveModuleAfresh(
  { options, host, cache }: ModuleResolver,
  name: string,
  containingFile: string,
  redirectedReference: ts.ResolvedProjectReference | undefined,
): ts.ResolvedModuleWithFailedLookupLocations {
  const resolved = ts.resolveModuleName(name, containingFile, options, host, cache, redirectedReference);
  if (resolved.resolvedModule || !BUNDLED_MODULES.has(name)) return resolved;
  return ts.resolveModuleName(name, __filename, options, host, cache);
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A declaration file of an installed package. */
function isInstalledDeclaration(file: string): boolean {
  return /\.d\.[cm]?ts$/.test(file) && file.split(/[\\/]/).includes('node_modules');
}

function isTypeScriptFile(file: string): boolean {
  return TYPESCRIPT_EXTENSIONS.some((extension) => file.endsWith(extension));
}

/**
 * Modules an entity file may import without the project installing them: `kysely`, whose `ColumnType` and
 * `Generated` a Kysely database interface imports (kysely-codegen writes `import type { ColumnType } from
 * "kysely"`). The project's own copy wins; this package's copy stands in when there is none, as it does for
 * the migrations the CLI runs.
 */
const BUNDLED_MODULES: ReadonlySet<string> = new Set(['kysely']);

function createHost(optionsKey: string, cwd: string, options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(COMPILER_OPTIONS, true);
  const resolver: ModuleResolver = {
    optionsKey,
    options,
    host,
    cache: ts.createModuleResolutionCache(cwd, host.getCanonicalFileName, options),
  };
  host.resolveModuleNameLiterals = (literals, containingFile, redirectedReference) =>
    literals.map((literal) => resolveModule(resolver, literal.text, containingFile, redirectedReference));
  const libraryDirectory = path.dirname(host.getDefaultLibFileName(COMPILER_OPTIONS));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
    const standardLibrary = path.dirname(fileName) === libraryDirectory && path.basename(fileName).startsWith('lib.');
    if (!standardLibrary && !isInstalledDeclaration(fileName)) {
      return getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
    }
    let sourceFile = libraryFiles.get(fileName);
    if (!sourceFile) {
      const options: ts.CreateSourceFileOptions =
        typeof languageVersionOrOptions === 'object' ? { ...languageVersionOrOptions } : { languageVersion: languageVersionOrOptions };
      // The reader never looks at the standard library's JSDoc: skip parsing it.
      if (standardLibrary) options.jsDocParsingMode = ts.JSDocParsingMode.ParseNone;
      sourceFile = getSourceFile(fileName, options, onError, shouldCreateNewSourceFile);
      if (sourceFile) libraryFiles.set(fileName, sourceFile);
    }
    return sourceFile;
  };
  return host;
}
