import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A registry as Gati's Timescape `VersionRegistry` persists it: two handlers, versions listed out of order,
 * fields this tool does not know, and the maps it leaves alone.
 */
export function gatiRegistry(): Record<string, unknown> {
  return {
    handlers: {
      '/products': {
        handlerPath: '/products',
        versions: [
          {
            tsv: 'tsv:1707991200-products-002',
            timestamp: 1707991200,
            hash: 'sha256:bbb',
            status: 'hot',
            requestCount: 1250,
            lastAccessed: 1708000000,
            tags: ['v2.0.0', 'stable'],
          },
          {
            tsv: 'tsv:1705312800-products-001',
            timestamp: 1705312800,
            hash: 'sha256:aaa',
            status: 'cold',
            requestCount: 98,
            lastAccessed: 1707000000,
            tags: ['v1.0.0'],
            dbSchemaVersion: '20240115100000_create_products',
            metadata: { author: 'ada', notes: ['first', { nested: true }] },
          },
        ],
      },
      '/orders': {
        handlerPath: '/orders',
        versions: [
          {
            tsv: 'tsv:1706000000-orders-001',
            timestamp: 1706000000,
            hash: 'sha256:ccc',
            status: 'warm',
            requestCount: 0,
            lastAccessed: 0,
            tags: [],
          },
        ],
      },
    },
    tags: {
      'v1.0.0': { label: 'v1.0.0', tsv: 'tsv:1705312800-products-001', createdAt: 1705312800, createdBy: 'ci' },
      'v2.0.0': { label: 'v2.0.0', tsv: 'tsv:1707991200-products-002', createdAt: 1707991200, createdBy: 'ci' },
      stable: { label: 'stable', tsv: 'tsv:1707991200-products-002', createdAt: 1707991300, createdBy: 'ada' },
    },
    activeVersions: ['tsv:1707991200-products-002', 'tsv:1706000000-orders-001'],
    coldVersions: ['tsv:1705312800-products-001'],
    modules: { '@app/payments': { version: '1.2.0', exports: ['charge'] } },
    schemas: { Product: { fields: { id: 'string', price: 'number' } } },
    routes: { 'GET /products': '/products' },
    events: {},
    effects: { 'send-mail': { retries: 3, backoff: 1.5 } },
    config: { coldAfterSeconds: 604800, unicode: 'prix en €', empty: null },
  };
}

/** A throw-away project root; `write` puts a registry text at `.gati/timescape/registry.json`. */
export function tempProject(): { root: string; registry: string; write(text: string): void; cleanup(): void } {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gati-registry-')));
  const registry = path.join(root, '.gati', 'timescape', 'registry.json');
  return {
    root,
    registry,
    write(text) {
      fs.mkdirSync(path.dirname(registry), { recursive: true });
      fs.writeFileSync(registry, text);
    },
    cleanup() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
