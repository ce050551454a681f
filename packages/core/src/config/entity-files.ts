import fs from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import { ConfigError } from '../errors';
import { compareCodePoints } from '../model';

/** The entity files the configured patterns match, absolute and sorted; an error when there are none. */
export function resolveEntityFiles(patterns: readonly string[], root: string): string[] {
  const files = new Set<string>();
  for (const pattern of patterns) {
    const absolute = path.resolve(root, pattern);
    if (!/[*?{[]/.test(pattern)) {
      if (!fs.existsSync(absolute)) throw new ConfigError(`The entity file ${pattern} does not exist.`);
      files.add(absolute);
      continue;
    }
    for (const file of globSync(pattern, { cwd: root, absolute: true, ignore: ['**/node_modules/**', '**/*.d.ts'] })) {
      files.add(path.resolve(file));
    }
  }
  if (files.size === 0) {
    throw new ConfigError(
      `No entity files match ${patterns.map((p) => JSON.stringify(p)).join(', ')} (from ${root}). Set migrations.entities in gati.config.ts.`,
    );
  }
  return [...files].sort(compareCodePoints);
}
