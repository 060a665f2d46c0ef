/**
 * Pushes are never lost (docs/push.md, "The outbox"): every own-object change and its outbox rows
 * are written in one transaction, for every source — Locations at all three levels, Tariffs,
 * Sessions, CDRs, Tokens (ROLE-02, ROLE-04, SES-07, CDR-06) — on SQLite and PostgreSQL. The nodes
 * here never listen, so no dispatcher runs: whatever is in the outbox, the library call put there.
 * The outbox is made to fail by renaming its table away, a real database error rather than a mock.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { defaultConfig } from '../../src/config/load.js';
import type { EvroamConfig } from '../../src/config/schema.js';
import { ObjectStore } from '../../src/modules/shared/object-store.js';
import type { ObjectKey } from '../../src/modules/shared/object-store.js';
import type { Tariff } from '../../src/modules/tariffs/schema.js';
import { EvroamNode } from '../../src/node.js';
import { backends } from '../helpers/backends.js';
import type { Backend } from '../helpers/backends.js';
import { CPO_PARTY } from '../helpers/nodes.js';
import { cdr } from '../cdrs/fixtures.js';
import { at, connector, location } from '../locations/fixtures.js';
import { session } from '../sessions/fixtures.js';
import { token } from '../tokens/fixtures.js';
import { addPartner, Receiver } from './helpers.js';

const OWN_EMSP = { role: 'EMSP' as const, country_code: 'NL', party_id: 'EMS', business_details: { name: 'Own eMSP' } };

/** One library call that changes an own object, and the outbox row it must leave. */
interface Change {
  name: string;
  act(): Promise<unknown>;
  /** The object's stored JSON text, read through the store's read cache (exact on SQLite). */
  table: string;
  key: ObjectKey;
  /** `METHOD path` of the row it queues. */
  row: string;
}

/** A sequence of changes, each building on the ones before, touching every push source. */
function changes(node: EvroamNode, p: string): Change[] {
  const { locations, tariffs, sessions, cdrs, tokens } = node.services;
  const cpoKey = (id: string) => ({ countryCode: 'NL', partyId: 'CPO', id });
  const ref = { countryCode: 'NL', partyId: 'CPO', locationId: `${p}L` };
  const evse = `${p}L-1`;
  const loc = { table: 'locations', key: cpoKey(ref.locationId) };
  const tariff: Tariff = {
    country_code: 'NL',
    party_id: 'CPO',
    id: `${p}T`,
    currency: 'EUR',
    elements: [{ price_components: [{ type: 'ENERGY', price: 0.25, step_size: 1 }] }],
    last_updated: at(0),
  };
  const tokenKey = { countryCode: 'NL', partyId: 'EMS', id: `${p}K`, variant: 'RFID' };
  return [
    { name: 'Location PUT', act: () => locations!.cpo!.putLocation(location(ref.locationId, at(0))), ...loc, row: `PUT /NL/CPO/${p}L` },
    { name: 'Location PATCH', act: () => locations!.cpo!.patchLocation(ref, { name: 'Renamed' }), ...loc, row: `PATCH /NL/CPO/${p}L` },
    { name: 'EVSE PATCH', act: () => locations!.cpo!.patchEvse(ref, evse, { status: 'CHARGING' }), ...loc, row: `PATCH /NL/CPO/${p}L/${evse}` },
    { name: 'Connector PUT', act: () => locations!.cpo!.putConnector(ref, evse, connector('3', at(1))), ...loc, row: `PUT /NL/CPO/${p}L/${evse}/3` },
    {
      name: 'Connector PATCH',
      act: () => locations!.cpo!.patchConnector(ref, evse, '1', { max_amperage: 16 }),
      ...loc,
      row: `PATCH /NL/CPO/${p}L/${evse}/1`,
    },
    { name: 'Tariff PUT', act: () => tariffs!.cpo!.put(tariff), table: 'tariffs', key: cpoKey(tariff.id), row: `PUT /NL/CPO/${p}T` },
    { name: 'Tariff DELETE', act: () => tariffs!.cpo!.delete('NL', 'CPO', tariff.id), table: 'tariffs', key: cpoKey(tariff.id), row: `DELETE /NL/CPO/${p}T` },
    { name: 'Session PUT', act: () => sessions!.cpo!.own.put(session(`${p}S`)), table: 'sessions', key: cpoKey(`${p}S`), row: `PUT /NL/CPO/${p}S` },
    {
      name: 'Session PATCH',
      act: () => sessions!.cpo!.own.patch(cpoKey(`${p}S`), { kwh: 4.5 }),
      table: 'sessions',
      key: cpoKey(`${p}S`),
      row: `PATCH /NL/CPO/${p}S`,
    },
    { name: 'CDR POST', act: () => cdrs!.cpo!.create(cdr(`${p}C`)), table: 'cdrs', key: cpoKey(`${p}C`), row: 'POST ' },
    {
      name: 'Token PUT',
      act: () => tokens!.emsp!.own.put(token(`${p}K`, { country_code: 'NL', party_id: 'EMS' })),
      table: 'tokens',
      key: tokenKey,
      row: `PUT /NL/EMS/${p}K?type=RFID`,
    },
    {
      name: 'Token PATCH',
      act: () => tokens!.emsp!.own.patch(tokenKey, { valid: false }),
      table: 'tokens',
      key: tokenKey,
      row: `PATCH /NL/EMS/${p}K?type=RFID`,
    },
  ];
}

/** A CPO and eMSP node that does not listen (no dispatcher), with a receiving partner for every source. */
async function openNode(backend: Backend) {
  const database = await backend.fresh();
  const config: EvroamConfig = {
    ...structuredClone(defaultConfig),
    database: database.config,
    parties: [CPO_PARTY, OWN_EMSP],
    logLevel: (process.env.EVROAM_TEST_LOG_LEVEL as EvroamConfig['logLevel']) ?? 'silent',
  };
  const node = await EvroamNode.create(config, { logger: pino({ level: config.logLevel }) });
  // Never contacted: the node does not deliver.
  const receiver = await Receiver.start({ down: true });
  const emsp = await addPartner(node, receiver, { name: 'eMSP', modules: ['locations', 'tariffs', 'sessions', 'cdrs'], role: 'EMSP', party: 'MSP' });
  const cpo = await addPartner(node, receiver, { name: 'CPO', modules: ['tokens'], role: 'CPO', party: 'CPB' });
  const { locations, tariffs, sessions, cdrs, tokens } = node.services;
  const sources = [locations!.cpo!, tariffs!.cpo!, sessions!.cpo!, cdrs!.cpo!, tokens!.emsp!];
  let emitted = 0;
  for (const source of sources) source.onChange(() => void emitted++);
  const ctx = node.context;
  const stores = new Map<string, ObjectStore<object>>();
  return {
    node,
    sources,
    partners: { emsp: emsp.id, cpo: cpo.id },
    emitted: () => emitted,
    async read(change: Change) {
      if (!stores.has(change.table)) stores.set(change.table, new ObjectStore(ctx.db, ctx.dialect, change.table));
      return stores.get(change.table)!.getJson(true, change.key);
    },
    /** Every outbox row as `METHOD path`, oldest first. */
    async rows() {
      return (await ctx.push.store.list({})).map((r) => `${r.method} ${r.path}`);
    },
    async close() {
      await node.close();
      await database.dispose();
    },
  };
}

type Opened = Awaited<ReturnType<typeof openNode>>;

for (const backend of backends) {
  describe(`own-object changes and their pushes in one transaction (${backend.name})`, { skip: backend.skip }, () => {
    let opened: Opened;
    before(async () => {
      opened = await openNode(backend);
    });
    after(async () => opened?.close());

    test('ROLE-02/ROLE-04: every change is in the outbox when the library call returns, written inside its own transaction', async () => {
      const seen: string[] = [];
      // Subscribed after the node's push listener: runs later in the same transaction, before the commit.
      const unsubscribe = opened.sources.map((s) =>
        s.onStore(async (_change, trx) => {
          const row = await trx.selectFrom('push_outbox').select(['method', 'path']).orderBy('id', 'desc').executeTakeFirst();
          seen.push(`${row?.method} ${row?.path}`);
        }),
      );
      try {
        const expected: string[] = [];
        for (const change of changes(opened.node, 'A')) {
          await change.act();
          expected.push(change.row);
          assert.deepEqual(await opened.rows(), expected, `${change.name}: queued by the call itself`);
          assert.equal(seen.at(-1), change.row, `${change.name}: the row is in the change's transaction`);
        }
        assert.equal(seen.length, expected.length);
        const rows = await opened.node.context.push.store.list({});
        const tokenRows = rows.filter((r) => r.module === 'tokens');
        assert.ok(tokenRows.length === 2 && tokenRows.every((r) => r.partnerId === opened.partners.cpo), 'Tokens go to the CPO partner');
        assert.ok(rows.filter((r) => r.module !== 'tokens').every((r) => r.partnerId === opened.partners.emsp), 'the rest to the eMSP partner');
      } finally {
        unsubscribe.forEach((u) => u());
      }
    });

    test('PIT-08: a call that changes nothing queues nothing', async () => {
      const sequence = changes(opened.node, 'C');
      for (const change of sequence) await change.act();
      const rows = await opened.rows();
      const emitted = opened.emitted();
      for (const change of sequence.filter((c) => c.name.endsWith('PATCH'))) await change.act();
      assert.deepEqual(await opened.rows(), rows);
      assert.equal(opened.emitted(), emitted);
    });

    test('a change whose push cannot be queued is not stored: both or neither, and no change event', async () => {
      const ctx = opened.node.context;
      for (const change of changes(opened.node, 'B')) {
        const stored = await opened.read(change);
        const rows = await opened.rows();
        const emitted = opened.emitted();
        await sql`ALTER TABLE push_outbox RENAME TO push_outbox_away`.execute(ctx.db);
        try {
          await assert.rejects(change.act(), /push_outbox/, `${change.name}: the call fails with the outbox`);
        } finally {
          await sql`ALTER TABLE push_outbox_away RENAME TO push_outbox`.execute(ctx.db);
        }
        assert.equal(await opened.read(change), stored, `${change.name}: the object is unchanged`);
        assert.deepEqual(await opened.rows(), rows, `${change.name}: nothing queued`);
        assert.equal(opened.emitted(), emitted, `${change.name}: no change event for a change that was not stored`);
        // With the outbox back, the same call goes through: the next change builds on it.
        await change.act();
        assert.notEqual(await opened.read(change), stored, `${change.name}: stored now`);
        assert.deepEqual(await opened.rows(), [...rows, change.row], `${change.name}: and queued`);
        assert.equal(opened.emitted(), emitted + 1);
      }
    });
  });
}
