import type Database from 'better-sqlite3';
import type { Row } from './sqlite-state';

/**
 * What the pipeline test knows about a golden fixture beyond its entity files. Every fixture folder runs; one
 * with no entry here runs with no rows.
 */
export interface PipelineCase {
  /** Rows inserted once `before` is built, valid for `before` and `after` alike (keys are column names). */
  readonly seed?: Readonly<Record<string, readonly Row[]>>;
  /** Rows some tables must hold right after before -> after (compared without regard to order). */
  readonly rowsAfter?: Readonly<Record<string, readonly Row[]>>;
  /** Generating before -> after drops something, so it needs `allowDataLoss` (`--allow-data-loss`). */
  readonly allowDataLoss?: boolean;
  /** Rolling back cannot bring the seeded rows back (the up dropped them). */
  readonly lossyDown?: boolean;
  /** A property known not to hold yet: its test is `it.failing`, so it turns red when the product is fixed. */
  readonly knownIssue?: { readonly roundTrip?: string };
  /** Assertions on the migrated database, run last, on a connection with foreign keys enforced. */
  readonly check?: (db: Database.Database) => void;
}

const insert = (db: Database.Database, table: string, row: Row): void => {
  const columns = Object.keys(row);
  db.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(
    ...columns.map((c) => row[c]),
  );
};
const count = (db: Database.Database, table: string): number =>
  (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;

export const CASES: Readonly<Record<string, PipelineCase>> = {
  'add-optional-email': {
    seed: { users: [{ id: 'u1', name: 'Ada' }, { id: 'u2', name: 'Lin' }] },
    rowsAfter: { users: [{ id: 'u1', name: 'Ada', email: null }, { id: 'u2', name: 'Lin', email: null }] },
  },
  'age-string-to-number': {
    seed: { users: [{ id: 'u1', name: 'Ada', age: '36' }, { id: 'u2', name: 'Lin', age: '41' }] },
    rowsAfter: { users: [{ id: 'u1', name: 'Ada', age: 36 }, { id: 'u2', name: 'Lin', age: 41 }] },
  },
  'rename-and-convert': {
    seed: { products: [{ id: 'p1', name: 'Pen', price: '250', description: 'blue' }] },
    rowsAfter: { products: [{ id: 'p1', name: 'Pen', price_in_cents: 250, description: 'blue' }] },
  },
  'create-with-everything': {
    check(db) {
      insert(db, 'customers', { email: 'a@x.io', display_name: 'Ada', created_at: '2024-01-01T00:00:00Z' });
      insert(db, 'orders', { id: 'o1', customer_id: 1, status: 'paid', total: 12.5, note: null });
      expect(db.prepare('SELECT gift, placed_at IS NOT NULL AS placed FROM orders').get()).toEqual({ gift: 0, placed: 1 });
      expect(() => insert(db, 'orders', { id: 'o2', customer_id: 1, status: 'lost', total: 1 })).toThrow(/CHECK/);
      expect(() => insert(db, 'customers', { email: 'a@x.io', display_name: 'B', created_at: 'x' })).toThrow(/UNIQUE/);
      db.prepare('DELETE FROM customers').run();
      expect(count(db, 'orders')).toBe(0);
    },
  },
  'create-every-type': {
    check(db) {
      const member = {
        tenant: 't1',
        handle: 'ada',
        given_name: 'Ada',
        last_name: 'Lovelace',
        email: 'ada@x.io',
        external_ref: null,
        public_id: '3b241101-e2bb-4255-8caf-4136c566a962',
        title: 'Countess',
        age: 36,
        rating: 4.5,
        balance: 10.25,
        visits: 3,
        plan: 'pro',
        channel: null,
        tags: '[]',
        address: null,
        settings: '{}',
        avatar: null,
        last_login_at: null,
      };
      insert(db, 'accounts', member);
      expect(
        db.prepare('SELECT id, active, banned, locale, score, created_at IS NOT NULL AS created FROM accounts').get(),
      ).toEqual({ id: 1, active: 1, banned: 0, locale: 'en', score: 0, created: 1 });
      expect(() => insert(db, 'accounts', { ...member, email: 'b@x.io', handle: 'b', plan: 'gold' })).toThrow(/CHECK/);
      expect(() => insert(db, 'accounts', { ...member, email: 'b@x.io', handle: 'b', channel: 'fax' })).toThrow(/CHECK/);
      expect(() => insert(db, 'accounts', { ...member, email: 'b@x.io' })).toThrow(/UNIQUE/); // tenant, handle
      expect(() => insert(db, 'accounts', { ...member, handle: 'b' })).toThrow(/UNIQUE/); // email
      insert(db, 'accounts', { ...member, email: 'b@x.io', handle: 'b' });
      insert(db, 'groups', { code: 'g1', name: 'First' });
      insert(db, 'memberships', { member_id: 1, group_code: 'g1', invited_by: 2 });
      expect(() => insert(db, 'memberships', { member_id: 1, group_code: 'g1', invited_by: null })).toThrow(/UNIQUE|PRIMARY/);
      expect(() => db.prepare("DELETE FROM groups WHERE code = 'g1'").run()).toThrow(/FOREIGN KEY/); // restrict
      db.prepare('DELETE FROM accounts WHERE id = 2').run(); // set null
      expect(db.prepare('SELECT invited_by, joined_at IS NOT NULL AS joined FROM memberships').get()).toEqual({
        invited_by: null,
        joined: 1,
      });
      db.prepare('DELETE FROM accounts WHERE id = 1').run(); // cascade
      expect(count(db, 'memberships')).toBe(0);
    },
  },
  'drop-table': {
    seed: { authors: [{ id: 1, name: 'Ada' }], posts: [{ id: 1, author_id: 1, title: 'Hello', state: 'live' }] },
    allowDataLoss: true,
    lossyDown: true,
  },
  'add-nullable-columns': {
    seed: { users: [{ id: 'u1', name: 'Ada' }] },
    rowsAfter: { users: [{ id: 'u1', name: 'Ada', age: null, bio: null, last_seen_at: null, verified: null }] },
  },
  'add-not-null-with-default': {
    seed: { products: [{ id: 'p1', name: 'Pen' }, { id: 'p2', name: 'Ink' }] },
    rowsAfter: {
      products: [
        { id: 'p1', name: 'Pen', stock: 0, state: 'draft', visible: 1, weight: 1.5 },
        { id: 'p2', name: 'Ink', stock: 0, state: 'draft', visible: 1, weight: 1.5 },
      ],
    },
  },
  'drop-column': {
    seed: { users: [{ id: 'u1', name: 'Ada', legacy_code: 'X1', region: 'eu' }] },
    rowsAfter: { users: [{ id: 'u1', name: 'Ada' }] },
    allowDataLoss: true,
    lossyDown: true,
  },
  'drop-required-column': {
    seed: { users: [{ id: 'u1', name: 'Ada', legacy_code: 'X1' }] },
    rowsAfter: { users: [{ id: 'u1', name: 'Ada' }] },
    allowDataLoss: true,
    lossyDown: true,
    // The down re-adds legacy_code NOT NULL with no default through a rebuild that copies the rows without it,
    // so with rows it fails (the file says so: MAY-FAIL). What a down that was allowed to lose data should put
    // there (the type's zero value? NULL, re-adding it nullable?) is a design question, not a test fix.
    knownIssue: { roundTrip: 'down of a dropped NOT NULL column without a default fails when the table has rows' },
  },
  'rename-column': {
    seed: { users: [{ id: 'u1', full_name: 'Ada Lovelace', age: 36 }] },
    rowsAfter: { users: [{ id: 'u1', display_name: 'Ada Lovelace', age: 36 }] },
    check(db) {
      expect(() => insert(db, 'users', { id: 'u2', display_name: 'Ada Lovelace', age: 1 })).toThrow(/UNIQUE/);
    },
  },
  'rename-table': {
    seed: { people: [{ id: 1, email: 'ada@x.io' }], orders: [{ id: 1, customer_id: 1 }] },
    rowsAfter: { customers: [{ id: 1, email: 'ada@x.io' }], orders: [{ id: 1, customer_id: 1 }] },
    check(db) {
      expect(() => insert(db, 'orders', { id: 2, customer_id: 99 })).toThrow(/FOREIGN KEY/);
      expect(() => insert(db, 'customers', { id: 2, email: 'ada@x.io' })).toThrow(/UNIQUE/);
      db.prepare('DELETE FROM customers').run();
      expect(count(db, 'orders')).toBe(0);
    },
  },
  'number-to-string': {
    seed: { coupons: [{ id: 'c1', code: 42, uses: 3 }, { id: 'c2', code: 7, uses: null }] },
    rowsAfter: { coupons: [{ id: 'c1', code: '42', uses: '3' }, { id: 'c2', code: '7', uses: null }] },
  },
  'nullable-to-not-null-default': {
    seed: { profiles: [{ id: 'p1', nickname: 'ada', level: 3 }] },
    rowsAfter: { profiles: [{ id: 'p1', nickname: 'ada', level: 3 }] },
    check(db) {
      insert(db, 'profiles', { id: 'p2' });
      expect(db.prepare("SELECT nickname, level FROM profiles WHERE id = 'p2'").get()).toEqual({ nickname: 'anon', level: 1 });
      expect(() => insert(db, 'profiles', { id: 'p3', nickname: null })).toThrow(/NOT NULL/);
    },
  },
  'add-unique-and-indexes': {
    seed: {
      products: [
        { id: 'p1', sku: 'A1', name: 'Pen', category: 'office', brand: 'Acme' },
        { id: 'p2', sku: 'A2', name: 'Pencil', category: 'office', brand: 'Acme' },
      ],
    },
    check(db) {
      expect(() => insert(db, 'products', { id: 'p3', sku: 'A1', name: 'Ink', category: 'office', brand: 'Acme' })).toThrow(/UNIQUE/);
      expect(() => insert(db, 'products', { id: 'p3', sku: 'A3', name: 'Pen', category: 'office', brand: 'Acme' })).toThrow(/UNIQUE/);
      insert(db, 'products', { id: 'p3', sku: 'A3', name: 'Pen', category: 'office', brand: 'Other' });
    },
  },
  'drop-unique-and-indexes': {
    seed: {
      products: [
        { id: 'p1', sku: 'A1', name: 'Pen', category: 'office', brand: 'Acme' },
        { id: 'p2', sku: 'A2', name: 'Pencil', category: 'office', brand: 'Acme' },
      ],
    },
    check(db) {
      insert(db, 'products', { id: 'p3', sku: 'A1', name: 'Pen', category: 'office', brand: 'Acme' });
    },
  },
  'add-foreign-key-cascade': {
    seed: { authors: [{ id: 1, name: 'Ada' }], books: [{ id: 1, author_id: 1, title: 'Notes' }] },
    check(db) {
      expect(() => insert(db, 'books', { id: 2, author_id: 99, title: 'Ghost' })).toThrow(/FOREIGN KEY/);
      db.prepare('DELETE FROM authors WHERE id = 1').run();
      expect(count(db, 'books')).toBe(0);
    },
  },
  'drop-foreign-key': {
    seed: { authors: [{ id: 1, name: 'Ada' }], books: [{ id: 1, author_id: 1, title: 'Notes' }] },
    check(db) {
      insert(db, 'books', { id: 2, author_id: 99, title: 'Ghost' });
      db.prepare('DELETE FROM authors WHERE id = 1').run();
      expect(count(db, 'books')).toBe(2);
    },
  },
  'enum-add-value': {
    seed: { posts: [{ id: 1, status: 'draft', visibility: 'public' }, { id: 2, status: 'live', visibility: 'private' }] },
    check(db) {
      insert(db, 'posts', { id: 3, status: 'archived', visibility: 'unlisted' });
      expect(() => insert(db, 'posts', { id: 4, status: 'bogus', visibility: 'public' })).toThrow(/CHECK/);
    },
  },
  'enum-remove-value': {
    seed: { posts: [{ id: 1, status: 'draft', visibility: 'public' }, { id: 2, status: 'live', visibility: 'private' }] },
    allowDataLoss: true,
    check(db) {
      expect(() => insert(db, 'posts', { id: 3, status: 'archived', visibility: 'public' })).toThrow(/CHECK/);
      expect(() => insert(db, 'posts', { id: 3, status: 'live', visibility: 'unlisted' })).toThrow(/CHECK/);
    },
  },
  'create-related-tables': {
    seed: { tags: [{ id: 1, label: 'sci-fi' }] },
    check(db) {
      insert(db, 'authors', { name: 'Ada' });
      insert(db, 'books', { author_id: 1, tag_id: 1, title: 'Notes' });
      expect(() => insert(db, 'authors', { name: 'Ada' })).toThrow(/UNIQUE/);
      db.prepare('DELETE FROM tags').run();
      expect(db.prepare('SELECT tag_id FROM books').get()).toEqual({ tag_id: null });
      db.prepare('DELETE FROM authors').run();
      expect(count(db, 'books')).toBe(0);
    },
  },
};
