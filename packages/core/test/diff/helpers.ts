import type {
  ColumnModel,
  DefaultValue,
  EnumModel,
  ForeignKeyModel,
  IndexModel,
  LogicalType,
  SchemaModel,
  TableModel,
} from '../../src/model';
import type { Operation, RenameCandidate, RenameResolver } from '../../src/diff';

export const t = {
  int: { kind: 'int' } as LogicalType,
  bigint: { kind: 'bigint' } as LogicalType,
  text: { kind: 'text' } as LogicalType,
  float: { kind: 'float' } as LogicalType,
  boolean: { kind: 'boolean' } as LogicalType,
  timestamp: { kind: 'timestamp' } as LogicalType,
  json: { kind: 'json' } as LogicalType,
  uuid: { kind: 'uuid' } as LogicalType,
  varchar: (length = 255): LogicalType => ({ kind: 'varchar', length }),
  decimal: (precision: number, scale: number): LogicalType => ({ kind: 'decimal', precision, scale }),
  enum: (name: string): LogicalType => ({ kind: 'enum', name }),
  custom: (raw: string): LogicalType => ({ kind: 'custom', raw }),
};

export function col(
  name: string,
  type: LogicalType,
  options: { nullable?: boolean; default?: DefaultValue; generated?: boolean; renamedFrom?: string } = {},
): ColumnModel {
  return {
    name,
    type,
    nullable: options.nullable ?? false,
    ...withoutUndefined(options, ['default', 'generated', 'renamedFrom']),
  };
}

export function table(
  name: string,
  columns: ColumnModel[],
  options: {
    primaryKey?: string[];
    indexes?: IndexModel[];
    foreignKeys?: ForeignKeyModel[];
    renamedFrom?: string;
  } = {},
): TableModel {
  return {
    name,
    columns,
    primaryKey: options.primaryKey ?? (columns.some((c) => c.name === 'id') ? ['id'] : []),
    indexes: options.indexes ?? [],
    foreignKeys: options.foreignKeys ?? [],
    ...withoutUndefined(options, ['renamedFrom']),
  };
}

export function idx(name: string, columns: string[], unique = false): IndexModel {
  return { name, columns, unique };
}

export function fk(
  name: string,
  columns: string[],
  referencedTable: string,
  referencedColumns: string[] = ['id'],
  onDelete?: ForeignKeyModel['onDelete'],
): ForeignKeyModel {
  return { name, columns, referencedTable, referencedColumns, ...(onDelete ? { onDelete } : {}) };
}

export function schema(tables: TableModel[], enums: EnumModel[] = []): SchemaModel {
  return { tables, enums };
}

/** `users` with `id` and `name`: the seed table of most cases. */
export function users(extra: ColumnModel[] = [], options: Parameters<typeof table>[2] = {}): TableModel {
  return table('users', [col('id', t.int, { generated: true }), col('name', t.varchar(255)), ...extra], options);
}

/** Records every candidate it is asked about; answers from `answers` (key `from->to` or `table.from->to`). */
export class StubResolver implements RenameResolver {
  readonly asked: RenameCandidate[] = [];

  constructor(private readonly answers: Record<string, boolean> = {}) {}

  decide(candidate: RenameCandidate): Promise<boolean> {
    this.asked.push(candidate);
    const key = candidate.kind === 'table' ? `${candidate.from}->${candidate.to}` : `${candidate.table}.${candidate.from}->${candidate.to}`;
    return Promise.resolve(this.answers[key] ?? false);
  }
}

/** The kinds of a list of operations, `kind table[.name]`, to assert order compactly. */
export function summary(operations: readonly Operation[]): string[] {
  return operations.map((op) => {
    switch (op.kind) {
      case 'createEnum':
      case 'dropEnum':
        return `${op.kind} ${op.enum.name}`;
      case 'alterEnum':
        return `${op.kind} ${op.to.name}`;
      case 'createTable':
      case 'dropTable':
        return `${op.kind} ${op.table.name}`;
      case 'renameTable':
        return `${op.kind} ${op.from}->${op.to}`;
      case 'addColumn':
      case 'dropColumn':
        return `${op.kind} ${op.table}.${op.column.name}`;
      case 'renameColumn':
        return `${op.kind} ${op.table}.${op.from}->${op.to}`;
      case 'alterColumn':
        return `${op.kind} ${op.table}.${op.to.name}`;
      case 'alterPrimaryKey':
        return `${op.kind} ${op.table}(${op.to.join(',')})`;
      case 'createIndex':
      case 'dropIndex':
        return `${op.kind} ${op.table}.${op.index.name}`;
      case 'addForeignKey':
      case 'dropForeignKey':
        return `${op.kind} ${op.table}.${op.foreignKey.name}`;
      case 'renameEnum':
      case 'renamePrimaryKey':
        return `${op.kind} ${'table' in op ? `${op.table}.` : ''}${op.from}->${op.to}`;
      case 'renameIndex':
        return `${op.kind} ${op.table}.${op.from}->${op.index.name}`;
      case 'renameForeignKey':
        return `${op.kind} ${op.table}.${op.from}->${op.foreignKey.name}`;
    }
  });
}

function withoutUndefined<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
