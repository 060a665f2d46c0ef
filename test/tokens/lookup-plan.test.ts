/**
 * Authorization must stay fast with 1,000,000 tokens (TOK-13: "answer fast"): both token look-ups
 * are single index seeks, never table scans. Checked through the databases' query plans rather than
 * timings (those are `npm run bench`'s job), on SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Compilable } from 'kysely';
import { sql } from 'kysely';
import { openStorage } from '../../src/storage/database.js';
import type { Storage } from '../../src/storage/database.js';
import { tokensByUidQuery } from '../../src/modules/tokens/store.js';
import { backends } from '../helpers/backends.js';

for (const backend of backends) {
  describe(`token look-ups use an index (${backend.name})`, { skip: backend.skip }, () => {
    let storage: Storage;
    let dispose: () => Promise<void>;

    before(async () => {
      const fresh = await backend.fresh();
      dispose = fresh.dispose;
      storage = await openStorage(fresh.config);
    });
    after(async () => {
      await storage?.close();
      await dispose?.();
    });

    /** The plan of a query as text; on PostgreSQL with sequential scans priced out, so a usable index shows. */
    async function plan(query: Compilable): Promise<string> {
      const compiled = query.compile();
      if (storage.dialect === 'sqlite') {
        const rows = await sql.raw<{ detail: string }>(`EXPLAIN QUERY PLAN ${interpolate(compiled.sql, compiled.parameters)}`).execute(storage.db);
        return rows.rows.map((r) => r.detail).join('\n');
      }
      return storage.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL enable_seqscan = off`.execute(trx);
        const rows = await sql.raw<{ 'QUERY PLAN': string }>(`EXPLAIN ${interpolate(compiled.sql, compiled.parameters)}`).execute(trx);
        return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    }

    test('TOK-13: the CPO whitelist look-up by (uid, type) seeks tokens_uid_type', async () => {
      const text = await plan(tokensByUidQuery(storage.db, false, 'aa11', 'RFID'));
      assert.match(text, /tokens_uid_type/, text);
      assert.doesNotMatch(text, /SCAN tokens(?! USING)|Seq Scan/, text);
    });

    test('TOK-09/TOK-13: the eMSP authorize look-up by (party, uid, type) seeks the unique key index', async () => {
      const query = storage.db
        .selectFrom('tokens')
        .select('data')
        .where('own', '=', 1)
        .where('country_code', '=', 'DE')
        .where('party_id', '=', 'MSP')
        .where('id', '=', 'AA11')
        .where('variant', '=', 'RFID');
      const text = await plan(query);
      assert.match(text, /tokens_key|tokens_uid_type/, text);
      assert.doesNotMatch(text, /SCAN tokens(?! USING)|Seq Scan/, text);
    });
  });
}

/** Inlines the (text or number) parameters, since EXPLAIN cannot be prepared with them everywhere. */
function interpolate(text: string, parameters: readonly unknown[]): string {
  const literal = (value: unknown) => (typeof value === 'number' ? String(value) : `'${String(value).replace(/'/g, "''")}'`);
  let i = 0;
  return text.replace(/\?|\$\d+/g, (placeholder) => literal(parameters[placeholder === '?' ? i++ : Number(placeholder.slice(1)) - 1]));
}
