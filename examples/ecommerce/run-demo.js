#!/usr/bin/env node
// The Timescape product example, end to end on the embedded SQLite default: three versions of `Product`, each
// deployed to Gati's Timescape registry (.gati/timescape/registry.json) and then generated (no --version: the
// registry's newest version is the default, and generate records the migration as its dbSchemaVersion), reviewed
// and applied with the `gati` CLI as a user would, with rows along the way; then `migrate:status` and a
// downgrade by tag (`migrate:down --to v1.0.0`) that restores the original prices.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const Database = require('better-sqlite3');

const here = __dirname;
const gati = require.resolve('@gati-framework/cli/bin/run.js');
const databaseFile = path.join(here, '.gati', 'ecommerce.sqlite');
const registryFile = path.join(here, '.gati', 'timescape', 'registry.json');
/** The three versions of the /products handler, with the tags each gets when it is deployed (stable moves). */
const VERSIONS = {
  v1: { tsv: 'tsv:1705312800-products-001', tags: ['v1.0.0', 'stable'] },
  v2: { tsv: 'tsv:1707991200-products-002', tags: ['v2.0.0', 'stable'] },
  v3: { tsv: 'tsv:1710410400-products-003', tags: ['v3.0.0', 'stable'] },
};

function heading(text) {
  console.log(`\n=== ${text}`);
}

function run(...args) {
  console.log(`$ gati ${args.join(' ')}`);
  const output = execFileSync(process.execPath, [gati, ...args], {
    cwd: here,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const trimmed = output.trimEnd();
  if (trimmed) console.log(trimmed.replace(/^/gm, '  '));
  return output;
}

function useEntityVersion(version) {
  fs.mkdirSync(path.join(here, 'src', 'entities'), { recursive: true });
  fs.copyFileSync(
    path.join(here, 'versions', version, 'product.ts'),
    path.join(here, 'src', 'entities', 'product.ts'),
  );
  console.log(`(src/entities/product.ts is now versions/${version}/product.ts)`);
}

/**
 * What Gati's Timescape does when a new version of the /products handler is deployed: its VersionRegistry adds
 * the version and its tags to .gati/timescape/registry.json (a tag such as `stable` moves to the new version).
 */
function deployWithTimescape(version) {
  const { tsv, tags } = VERSIONS[version];
  const timestamp = Number(/^tsv:(\d+)-/.exec(tsv)[1]);
  const registry = fs.existsSync(registryFile)
    ? JSON.parse(fs.readFileSync(registryFile, 'utf8'))
    : {
        handlers: {},
        tags: {},
        activeVersions: [],
        coldVersions: [],
        modules: {},
        schemas: {},
        routes: {},
        events: {},
        effects: {},
        config: {},
      };
  const handler = (registry.handlers['/products'] ??= { handlerPath: '/products', versions: [] });
  for (const old of handler.versions) old.tags = old.tags.filter((tag) => !tags.includes(tag));
  handler.versions.push({
    tsv,
    timestamp,
    hash: `sha256:${version}`,
    status: 'hot',
    requestCount: 0,
    lastAccessed: timestamp,
    tags,
  });
  for (const label of tags)
    registry.tags[label] = { label, tsv, createdAt: timestamp, createdBy: 'deploy' };
  registry.coldVersions.push(...registry.activeVersions);
  registry.activeVersions = [tsv];
  fs.mkdirSync(path.dirname(registryFile), { recursive: true });
  fs.writeFileSync(registryFile, `${JSON.stringify(registry, null, 2)}\n`);
  console.log(
    `(Gati's Timescape deployed ${tsv}, tagged ${tags.join(', ')}: .gati/timescape/registry.json)`,
  );
}

function showRegistry() {
  const registry = JSON.parse(fs.readFileSync(registryFile, 'utf8'));
  console.log('.gati/timescape/registry.json, handler /products:');
  console.table(
    registry.handlers['/products'].versions.map((v) => ({
      tsv: v.tsv,
      tags: v.tags.join(', '),
      dbSchemaVersion: v.dbSchemaVersion,
    })),
  );
}

function showRows(label) {
  const db = new Database(databaseFile, { readonly: true });
  try {
    console.log(`${label}:`);
    console.table(db.prepare('SELECT * FROM products ORDER BY id').all());
  } finally {
    db.close();
  }
}

/** The human review of the v2 migration: a plain CAST cannot turn "29.99" into 2999, so the reviewer says how. */
function reviewPriceConversion(file) {
  const original = fs.readFileSync(file, 'utf8');
  const edits = [
    [
      /(const productsPriceToInt = [^\n]*\n\s*)sql`[^\n]*`;/,
      'CAST(ROUND(CAST(${value} AS real) * 100) AS integer)',
    ],
    [
      /(const productsPriceInCentsToVarchar255 = [^\n]*\n\s*)sql`[^\n]*`;/,
      "printf('%.2f', ${value} / 100.0)",
    ],
  ];
  let reviewed = original;
  for (const [pattern, replacement] of edits) {
    if (!pattern.test(reviewed))
      throw new Error(`The generated migration has no ${pattern}: the review step cannot apply.`);
    reviewed = reviewed.replace(
      pattern,
      (_, declaration) => `${declaration}sql\`${replacement}\`;`,
    );
    console.log(`  review: ${/const (\w+)/.exec(pattern.source)[1]}  ->  ${replacement}`);
  }
  fs.writeFileSync(file, reviewed);
}

function writtenFile(output) {
  const match = /Wrote (\S+\.ts)/.exec(output);
  if (!match) throw new Error('generate did not say which file it wrote');
  return path.join(here, match[1]);
}

function main() {
  for (const dir of ['migrations', 'src', '.gati'])
    fs.rmSync(path.join(here, dir), { recursive: true, force: true });

  heading(`v1 (${VERSIONS.v1.tsv}): Product with a text price`);
  deployWithTimescape('v1');
  useEntityVersion('v1');
  run('migrate:generate', 'create_products');
  run('migrate:up');
  const db = new Database(databaseFile);
  const insert = db.prepare(
    'INSERT INTO products (id, name, price, description) VALUES (?, ?, ?, ?)',
  );
  insert.run('p1', 'Espresso machine', '29.99', 'Makes coffee');
  insert.run('p2', 'Milk jug', '5.50', 'Steel, 350 ml');
  db.close();
  showRows('Seeded rows');

  heading(`v2 (${VERSIONS.v2.tsv}): price (text) -> priceInCents (number)`);
  deployWithTimescape('v2');
  useEntityVersion('v2');
  const v2 = writtenFile(run('migrate:generate', 'price_in_cents'));
  console.log(
    'Reviewing the conversion the generator proposed (a plain CAST would turn "29.99" into 29):',
  );
  reviewPriceConversion(v2);
  run('migrate:up');
  showRows('After v2');

  heading(`v3 (${VERSIONS.v3.tsv}): currency (default USD) and inStock (default true)`);
  deployWithTimescape('v3');
  useEntityVersion('v3');
  run('migrate:generate', 'currency_and_stock');
  run('migrate:up');
  showRows('After v3');

  heading('The registry now says which migration each version needs');
  showRegistry();

  heading('Generating again with no change writes nothing');
  run('migrate:generate');

  heading('The generated migrations type-check');
  const tsc = require.resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '--noEmit', '-p', path.join(here, 'tsconfig.json')], {
    stdio: 'inherit',
  });
  console.log('  tsc --noEmit: no errors');

  heading('Status');
  run('migrate:status');

  heading(`Downgrade to the version tagged v1.0.0 (${VERSIONS.v1.tsv})`);
  console.log(
    "(the v2 file says its down can lose data: text such as '5.5' would come back as '5.50'; these prices were all written with two decimals, so we accept it)",
  );
  run('migrate:down', '--to', 'v1.0.0', '--allow-data-loss');
  showRows('After the downgrade');
  run('migrate:status');
  console.log(
    '\nDone: three Timescape versions generated and applied, then rolled back to v1.0.0 with the original prices.',
  );
}

main();
