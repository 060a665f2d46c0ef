import type { Kysely } from 'kysely';

/**
 * Pull sync (docs/sync.md): per partner connection and module, the start of the last successful
 * crawl (the next incremental date_from) and a lease so one sync of a pair runs at a time, across
 * the serving node, CLI commands and several instances on one PostgreSQL database.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sync_state')
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('module', 'text', (c) => c.notNull())
    .addColumn('last_success_at', 'text')
    .addColumn('last_run_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addPrimaryKeyConstraint('sync_state_pk', ['partner_id', 'module'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sync_state').execute();
}
