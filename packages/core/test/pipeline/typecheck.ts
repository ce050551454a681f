import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../../../..');
/** The built declarations of `@gati-framework/migrations`: what a user's project compiles migrations against. */
export const CORE_DECLARATIONS = path.join(REPO, 'packages/core/dist/index.d.ts');
const TSC = path.join(REPO, 'node_modules/typescript/bin/tsc');

export interface TypecheckResult {
  readonly ok: boolean;
  /** tsc's diagnostics, one per line, with paths as tsc printed them. */
  readonly output: string;
}

/**
 * Runs ONE `tsc --noEmit` over `files`, in a temporary project that maps `@gati-framework/migrations` to the
 * built declarations (run `npm run build` first), strict, with no ambient types: the way a user's project sees a
 * generated migration. In a child process, awaited: the event loop stays free for the cases still running
 * (a blocking run of several seconds made their connection attempts time out).
 */
export async function typecheckFiles(files: readonly string[]): Promise<TypecheckResult> {
  if (!fs.existsSync(CORE_DECLARATIONS)) {
    return { ok: false, output: `${CORE_DECLARATIONS} is missing: run \`npm run build\` before these tests.` };
  }
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-tsc-'));
  try {
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            module: 'commonjs',
            moduleResolution: 'node10',
            lib: ['ES2023'],
            strict: true,
            skipLibCheck: true,
            noEmit: true,
            types: [],
            paths: { '@gati-framework/migrations': [CORE_DECLARATIONS] },
          },
          files: [...files],
        },
        null,
        2,
      ),
    );
    const run = await new Promise<{ status: number; output: string }>((resolve) => {
      execFile(
        process.execPath,
        [TSC, '-p', project, '--pretty', 'false'],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error && typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : error ? -1 : 0;
          const failure = error && code === -1 ? String(error) : '';
          resolve({ status: code, output: `${stdout ?? ''}${stderr ?? ''}${failure}`.trim() });
        },
      );
    });
    return { ok: run.status === 0, output: run.output };
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
}
