import type { Kysely } from 'kysely';
import { createObjectTable } from '../../modules/shared/object-table.js';

/**
 * Tokens, Sessions and CDRs, own and received, in the shared object-table layout. Token identity is
 * (country_code, party_id, uid, type): `variant` holds the type (PIT-17). Sessions and CDRs carry
 * the party owning their token (`token_owner`, `CC/PID`): a CPO shows an eMSP only the sessions
 * and CDRs of its own tokens (CDR-02).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await createObjectTable(db, 'tokens');
  // Real-time authorization and the CPO's whitelist look a token up by (uid, type) alone (TOK-09):
  // one index seek, whatever the number of tokens.
  await db.schema.createIndex('tokens_uid_type').on('tokens').columns(['own', 'id', 'variant']).execute();

  for (const table of ['sessions', 'cdrs']) {
    await createObjectTable(db, table, [{ name: 'token_owner', type: 'text', notNullDefault: '' }]);
    // The sender list a partner sees: its tokens' objects of one own party, by date window.
    await db.schema
      .createIndex(`${table}_visible`)
      .on(table)
      .columns(['own', 'country_code', 'party_id', 'token_owner', 'last_updated'])
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['cdrs', 'sessions', 'tokens']) await db.schema.dropTable(table).ifExists().execute();
}
