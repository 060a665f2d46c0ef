import { PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * The durable push outbox (docs/push.md): one row per change and partner, and the per-partner
 * backoff state. Ids are monotonic (identity / AUTOINCREMENT) because they order changes per object.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('push_outbox')
    .addColumn('id', postgres ? 'bigint' : 'integer', (c) =>
      postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('module', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('object_key', 'text', (c) => c.notNull())
    .addColumn('from_country_code', 'text', (c) => c.notNull())
    .addColumn('from_party_id', 'text', (c) => c.notNull())
    .addColumn('to_country_code', 'text', (c) => c.notNull())
    .addColumn('to_party_id', 'text', (c) => c.notNull())
    .addColumn('correlation_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('pending_since', 'text', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The dispatcher's scan for due rows, and each partner's claim.
  await db.schema.createIndex('push_outbox_due').on('push_outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('push_outbox_partner').on('push_outbox').columns(['partner_id', 'status', 'id']).execute();
  // Ordering and coalescing look at the older rows of one object.
  await db.schema.createIndex('push_outbox_object').on('push_outbox').columns(['partner_id', 'object_key', 'id']).execute();

  await db.schema
    .createTable('push_partners')
    .addColumn('partner_id', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('paused_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('push_partners').ifExists().execute();
  await db.schema.dropTable('push_outbox').ifExists().execute();
}
