import { readError, readFixtures } from './read-fixtures';

describe('readEntities enums', () => {
  it('names a union after its type alias, else <table>_<column>, and shares one enum between tables', () => {
    const model = readFixtures(['enums/shirts.ts', 'enums/socks.ts']);
    expect(model.enums).toStrictEqual([
      // values in declaration order, although the checker met 'large' first
      { name: 'size', values: ['small', 'large', 'medium'] },
      { name: 'fabric', values: ['cotton', 'wool'] },
      { name: 'warmup', values: ['large', 'xl'] },
      { name: 'socks_pattern', values: ['plain', 'striped', 'dotted'] },
      { name: 'socks_kind', values: ['sock'] },
    ]);
    const socks = model.tables[1]!;
    expect(socks.columns).toStrictEqual([
      { name: 'id', type: { kind: 'int' }, nullable: false },
      { name: 'size', type: { kind: 'enum', name: 'size' }, nullable: true },
      { name: 'fabric', type: { kind: 'enum', name: 'fabric' }, nullable: true },
      { name: 'pattern', type: { kind: 'enum', name: 'socks_pattern' }, nullable: false },
      { name: 'kind', type: { kind: 'enum', name: 'socks_kind' }, nullable: false },
    ]);
  });

  it('keeps alias and table names as written with naming "preserve"', () => {
    const model = readFixtures(['enums/shirts.ts', 'enums/socks.ts'], 'preserve');
    expect(model.enums.map((e) => e.name)).toEqual(['Size', 'Fabric', 'Warmup', 'Sock_pattern', 'Sock_kind']);
    expect(model.tables[0]!.columns[1]).toStrictEqual({ name: 'size', type: { kind: 'enum', name: 'Size' }, nullable: false });
  });

  it('treats two aliases with the same name and values as one enum', () => {
    const model = readFixtures(['enums/status-open-closed.ts', 'enums/status-open-closed-again.ts']);
    expect(model.enums).toStrictEqual([{ name: 'status', values: ['open', 'closed'] }]);
  });

  it('rejects two different unions that would get the same enum name', () => {
    const error = readError(['enums/status-open-closed.ts', 'enums/status-draft-live.ts']);
    expect(error.name).toBe('EntityError');
    expect(error.message).toBe(
      "enums/status-draft-live.ts:6 Page.status: the enum 'status' would be ('draft' | 'live') here, " +
        "but it is ('open' | 'closed') at enums/status-open-closed.ts:1. Rename one of the two types so that their enum names differ.",
    );
  });
});
