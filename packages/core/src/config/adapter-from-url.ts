import { ConfigError } from '../errors';
import { redactSecrets } from '../errors/redact';

const SCHEMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^postgres(ql)?:\/\//i, 'postgresql'],
  [/^mysql:\/\//i, 'mysql'],
  [/^sqlite:/i, 'sqlite'],
  [/^mongodb(\+srv)?:\/\//i, 'mongodb'],
];

/** The adapter a connection URL names by its scheme (`postgres://` -> `postgresql`). */
export function adapterNameForUrl(url: string): string {
  const match = SCHEMES.find(([scheme]) => scheme.test(url));
  if (!match) {
    throw new ConfigError(
      `Cannot tell the database from the URL "${redactSecrets(url)}": it should start with postgres://, postgresql://, mysql://, sqlite: or mongodb://.`,
      { code: 'URL_SCHEME_UNKNOWN' },
    );
  }
  return match[1];
}
