import { Command, Flags, type Interfaces } from '@oclif/core';
import type { ErrorCode, ResolvedConfig } from '@gati-framework/migrations';

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>;
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

/**
 * What every `gati` command shares: `--config`, `--url`, `--json`, `--verbose`; config loading; and the
 * mapping of errors to exit codes (1 failure, 2 usage or decision needed) with one paragraph on stderr, no
 * stack trace unless `--verbose`, never a password. Commands stay thin: parse flags, call the core API, print.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    config: Flags.string({ description: 'path to gati.config.ts (default: ./gati.config.{ts,mts,js,mjs})', helpGroup: 'GLOBAL' }),
    url: Flags.string({
      description: 'database URL; overrides the configured adapter and connection (also DATABASE_URL)',
      helpGroup: 'GLOBAL',
    }),
    verbose: Flags.boolean({ description: 'print stack traces of errors', helpGroup: 'GLOBAL', default: false }),
  };

  protected flags!: BaseFlags<T>;
  protected args!: BaseArgs<T>;

  override async init(): Promise<void> {
    await super.init();
    const { flags, args } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (this.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.flags = flags as BaseFlags<T>;
    this.args = args as BaseArgs<T>;
  }

  /** The resolved configuration (loads the core package only when a command needs it). */
  protected async loadConfig(): Promise<ResolvedConfig> {
    const { loadConfig } = await import('@gati-framework/migrations');
    const { loadBuiltInAdapter } = await import('./built-in-adapters');
    return loadConfig({ configFile: this.flags.config, url: this.flags.url, loadBuiltInAdapter });
  }

  /** Whether a question may be asked: a terminal on stdin, and not `--json`. */
  protected get interactive(): boolean {
    return Boolean(process.stdin.isTTY) && !this.jsonEnabled();
  }

  /** Asks a yes/no question on the terminal; undefined when there is none to ask on. */
  protected get ask(): ((question: string) => Promise<boolean>) | undefined {
    if (!this.interactive) return undefined;
    return async (question) => {
      const { confirm } = await import('./prompt');
      return confirm(question);
    };
  }

  /** Asks for a line of text on the terminal; undefined when there is none to ask on. */
  protected get askValue(): ((question: string) => Promise<string | undefined>) | undefined {
    if (!this.interactive) return undefined;
    return async (question) => {
      const { promptValue } = await import('./prompt');
      return (await promptValue(question)) || undefined;
    };
  }

  override async catch(error: Interfaces.CommandError): Promise<void> {
    const { exitCode, code, message } = await describeError(error);
    process.exitCode = exitCode;
    if (this.jsonEnabled()) this.logJson({ error: { code, message } });
    process.stderr.write(`Error: ${message}\n`);
    if (this.flags?.verbose && error.stack) process.stderr.write(`${error.stack}\n`);
  }
}

/**
 * The exit code and the code of an error, from the list of codes (`ERROR_CODES`): a GatiError's own code; an
 * oclif parse error (an unknown flag, a missing argument) is `USAGE`; anything else is `UNEXPECTED`.
 */
async function describeError(error: Interfaces.CommandError): Promise<{ exitCode: number; code: ErrorCode; message: string }> {
  const { ERROR_CODES, GatiError, redactSecrets } = await import('@gati-framework/migrations');
  const oclifExit = (error as { oclif?: { exit?: number } }).oclif?.exit;
  const described = (code: ErrorCode, message: string) => ({ exitCode: ERROR_CODES[code].exitCode, code, message: redactSecrets(message) });
  if (error instanceof GatiError) return described(error.code, error.message);
  // oclif's `this.exit(0)` is no failure; its other exits are usage errors.
  if (oclifExit !== undefined)
    return oclifExit === 0 ? { ...described('USAGE', error.message), exitCode: 0 } : described('USAGE', error.message);
  return described('UNEXPECTED', error.message || String(error));
}
