import type { Kysely } from 'kysely';

/**
 * Asynchronous OCPI requests (commands and charging profiles, both sides) whose state must survive a
 * restart, the senders a CPO keeps informed of ActiveChargingProfile changes (CP-06), the profiles
 * an eMSP received that way, and the ClientInfo objects hubs pushed (HUB-01).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('async_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('module', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('own_country_code', 'text', (c) => c.notNull())
    .addColumn('own_party_id', 'text', (c) => c.notNull())
    .addColumn('partner_country_code', 'text', (c) => c.notNull())
    .addColumn('partner_party_id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('response_url', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('result', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('deadline_at', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('async_requests_open').on('async_requests').columns(['module', 'side', 'state']).execute();
  await db.schema.createIndex('async_requests_subject').on('async_requests').columns(['module', 'side', 'partner_id', 'subject']).execute();

  await db.schema
    .createTable('charging_profile_subscriptions')
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('own_country_code', 'text', (c) => c.notNull())
    .addColumn('own_party_id', 'text', (c) => c.notNull())
    .addColumn('partner_country_code', 'text', (c) => c.notNull())
    .addColumn('partner_party_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('charging_profile_subscriptions_pk', ['partner_id', 'session_id'])
    .execute();
  await db.schema.createIndex('charging_profile_subscriptions_session').on('charging_profile_subscriptions').column('session_id').execute();

  await db.schema
    .createTable('received_active_profiles')
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('received_active_profiles_pk', ['partner_id', 'session_id'])
    .execute();

  await db.schema
    .createTable('hub_client_info')
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('country_code', 'text', (c) => c.notNull())
    .addColumn('party_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_updated', 'text', (c) => c.notNull())
    .addColumn('object', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('hub_client_info_pk', ['partner_id', 'country_code', 'party_id'])
    .execute();
  await db.schema.createIndex('hub_client_info_party').on('hub_client_info').columns(['country_code', 'party_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['hub_client_info', 'received_active_profiles', 'charging_profile_subscriptions', 'async_requests']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
