import type { Kysely } from 'kysely';

/**
 * The transactions the charging recorder is recording (docs/charging.md): what it needs to publish
 * a session's COMPLETED Session and CDR survives a restart of the node mid-session. One row per
 * running transaction, deleted once the transaction finished and its CDR was created.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('charging_recordings')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('country_code', 'text', (c) => c.notNull())
    .addColumn('party_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('started', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('readings', 'text', (c) => c.notNull())
    .addColumn('published', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('charging_recordings').ifExists().execute();
}
