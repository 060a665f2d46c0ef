import type { Kysely } from 'kysely';

/**
 * Partners (one per credentials connection), the tokens they call us with (hashed), their
 * parties, and the audit trail of every credentials event.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('partners')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('versions_url', 'text')
    .addColumn('version', 'text')
    .addColumn('endpoints', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('roles', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('token_to_partner', 'text')
    .addColumn('legacy_plain_token', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('partner_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('partner_tokens_partner').on('partner_tokens').column('partner_id').execute();

  await db.schema
    .createTable('partner_parties')
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('country_code', 'text', (c) => c.notNull())
    .addColumn('party_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('partner_parties_pk', ['partner_id', 'role', 'country_code', 'party_id'])
    .execute();
  await db.schema
    .createIndex('partner_parties_party')
    .on('partner_parties')
    .columns(['country_code', 'party_id'])
    .execute();

  await db.schema
    .createTable('credentials_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('correlation_id', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('credentials_audit_partner').on('credentials_audit').columns(['partner_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['credentials_audit', 'partner_parties', 'partner_tokens', 'partners']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
