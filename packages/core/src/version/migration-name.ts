import { compareCodePoints } from '../model';

/** `20240115100000`: the UTC timestamp prefix of a migration file name. */
export function timestampPrefix(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** `Add email to Users!` -> `add_email_to_users`. */
export function slugify(name: string): string {
  const slug = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
  return slug || 'migration';
}

/**
 * The next migration's name, `<yyyymmddHHMMss>_<slug>`, always after every existing one so that files sort in
 * apply order even when two are made within the same second.
 */
export function nextMigrationName(slug: string, now: Date, existing: readonly string[]): string {
  let time = now.getTime();
  const latest = [...existing].sort(compareCodePoints).pop()?.slice(0, 14);
  while (latest && timestampPrefix(new Date(time)) <= latest) time += 1000;
  return `${timestampPrefix(new Date(time))}_${slugify(slug)}`;
}
