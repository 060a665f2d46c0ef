/**
 * The table layout every party-owned OCPI object kind uses (Locations, Tariffs, Sessions, CDRs,
 * Tokens): indexed columns for ownership, identity, time and creation order, plus the object's
 * JSON text. Lists are served from the JSON text as stored.
 */
import type { ColumnType, Generated, Kysely } from 'kysely';
import { PostgresAdapter } from 'kysely';

/** One stored object. Modules add their own indexed columns by extending this interface. */
export interface ObjectTable {
  /** Creation order: list pages are ordered by it, oldest first (PAG-09); kept on replace. */
  seq: Generated<number>;
  /** 1: the object belongs to one of this node's own parties (sender data); 0: received from a partner. */
  own: number;
  /** The partner connection that last wrote a received object; null for own objects. */
  partner_id: string | null;
  /** Owner party, upper case (PIT-21). */
  country_code: string;
  party_id: string;
  /** The object's id (CiString), upper case: ids compare case-insensitively; the JSON keeps the original. */
  id: string;
  /** A second identity component (Token type, PIT-17); '' for objects identified by id alone. */
  variant: ColumnType<string, string | undefined, string>;
  /** The object's last_updated as a sortable timestamp (`toSortableTimestamp`), for date filters (PAG-03). */
  last_updated: string;
  /** The object as JSON text, exactly as served. */
  data: string;
}

/** An extra indexed column of a module's object table. */
export interface ExtraColumn {
  name: string;
  type: 'text' | 'integer';
  /** Default value for a NOT NULL column; omit for a nullable column. */
  notNullDefault?: string | number;
}

/**
 * Creates an object table (for a module's migration). Frozen once used by a landed migration: to
 * change the layout, write a new helper and a new migration. `extra` columns get an index on
 * (own, country_code, party_id, column, seq) each.
 */
export async function createObjectTable(db: Kysely<any>, table: string, extra: readonly ExtraColumn[] = []): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  let builder = db.schema
    .createTable(table)
    .addColumn('seq', postgres ? 'serial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('own', 'integer', (c) => c.notNull())
    .addColumn('partner_id', 'text')
    .addColumn('country_code', 'text', (c) => c.notNull())
    .addColumn('party_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('variant', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('last_updated', 'text', (c) => c.notNull());
  for (const column of extra) {
    builder = builder.addColumn(column.name, column.type, (c) =>
      column.notNullDefault === undefined ? c : c.notNull().defaultTo(column.notNullDefault),
    );
  }
  // The JSON text goes last: SQLite keeps a large value in overflow pages, and every column after
  // it could only be read by walking them — filters on extra columns would read whole objects.
  builder = builder.addColumn('data', 'text', (c) => c.notNull());
  await builder.execute();
  await db.schema
    .createIndex(`${table}_key`)
    .on(table)
    .columns(['own', 'country_code', 'party_id', 'id', 'variant'])
    .unique()
    .execute();
  await db.schema.createIndex(`${table}_party_seq`).on(table).columns(['own', 'country_code', 'party_id', 'seq']).execute();
  await db.schema.createIndex(`${table}_updated`).on(table).columns(['own', 'last_updated']).execute();
  // A Sender list filters one party's objects on an extra column and pages in creation order: this
  // index answers both its count and its page without touching the objects themselves.
  for (const column of extra) {
    await db.schema
      .createIndex(`${table}_${column.name}`)
      .on(table)
      .columns(['own', 'country_code', 'party_id', column.name, 'seq'])
      .execute();
  }
}
