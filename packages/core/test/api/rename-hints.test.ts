import { applyRenameHints, parseRenameFlag } from '../../src/api/rename-decisions';
import { UsageError } from '../../src/errors';
import { col, schema, t, table } from '../diff/helpers';

/** `--rename FROM=TO`: a table when the last snapshot has a table of that name (schema-qualified or not), else table.column. */
describe('--rename hints', () => {
  const prev = schema([
    table('orders', [col('id', t.int), col('total', t.int)]),
    table('sales.invoices', [col('id', t.int), col('amount', t.int)]),
  ]);
  const renamedTo = (next: ReturnType<typeof schema>, flags: string[]) =>
    applyRenameHints(prev, next, flags.map(parseRenameFlag)).tables.map((tb) => [
      tb.name,
      tb.renamedFrom ?? null,
      tb.columns.map((c) => c.renamedFrom ?? null),
    ]);

  it('renames a table into another schema, and a table within its schema with a bare new name', () => {
    const next = schema([
      table('sales.orders', [col('id', t.int), col('total', t.int)]),
      table('sales.bills', [col('id', t.int), col('amount', t.int)]),
    ]);
    expect(renamedTo(next, ['orders=sales.orders', 'sales.invoices=bills'])).toEqual([
      ['sales.orders', 'orders', [null, null]],
      ['sales.bills', 'sales.invoices', [null, null]],
    ]);
  });

  it('renames a column of a schema-qualified table', () => {
    const next = schema([prev.tables[0]!, table('sales.invoices', [col('id', t.int), col('amount_cents', t.int)])]);
    expect(renamedTo(next, ['sales.invoices.amount=amount_cents'])[1]).toEqual(['sales.invoices', null, [null, 'amount']]);
    expect(renamedTo(next, ['sales.invoices.amount=sales.invoices.amount_cents'])[1]).toEqual(['sales.invoices', null, [null, 'amount']]);
  });

  it('says what it cannot find, and refuses a column moving tables', () => {
    const next = schema([table('orders', [col('id', t.int), col('sum', t.int)])]);
    expect(() => renamedTo(next, ['carts=orders'])).toThrow('--rename carts=orders: there is no table carts in the last snapshot.');
    expect(() => renamedTo(next, ['orders.total=invoices.sum'])).toThrow('a column keeps its table; write orders.total=sum.');
    expect(() => renamedTo(next, ['orders.totl=sum'])).toThrow('the last snapshot has no column orders.totl.');
    expect(() => parseRenameFlag('orders')).toThrow(UsageError);
  });
});
