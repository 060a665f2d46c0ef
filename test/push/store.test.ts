/**
 * The outbox's SQL on both backends, without a dispatcher: coalescing, strict order per object in
 * claims, leases that expire with a crashed instance, and completion only by the claim holder.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { openStorage } from '../../src/storage/database.js';
import type { Storage } from '../../src/storage/database.js';
import { OutboxStore } from '../../src/push/store.js';
import type { NewOutboxRow } from '../../src/push/store.js';
import { backends } from '../helpers/backends.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const LEASE = 60_000;

function row(method: NewOutboxRow['method'], path: string, body: unknown = {}, partnerId = 'p1'): NewOutboxRow {
  return {
    partnerId,
    module: 'locations',
    method,
    path,
    body: JSON.stringify(body),
    objectKey: `locations/NL/CPO/${path.split('/')[3]}`,
    from: { countryCode: 'NL', partyId: 'CPO' },
    to: { countryCode: 'DE', partyId: 'MSP' },
    correlationId: `c-${path}`,
    createdAt: new Date(T0).toISOString(),
  };
}

for (const backend of backends) {
  describe(`push outbox store (${backend.name})`, { skip: backend.skip }, () => {
    let database: Awaited<ReturnType<typeof backend.fresh>>;
    let storage: Storage;
    let store: OutboxStore;
    const add = async (r: NewOutboxRow, now = T0) => (await store.insert(storage.db, [r], now))[0]!;
    const statuses = async () => (await store.list()).map((r) => `${r.id}:${r.status}`);

    beforeEach(async () => {
      database = await backend.fresh();
      storage = await openStorage(database.config);
      store = new OutboxStore(storage.db, storage.dialect);
    });
    afterEach(async () => {
      await storage?.close();
      await database?.dispose();
    });

    test('a PUT supersedes older rows at or below its path, not siblings, not rows in flight, not other partners', async () => {
      const locPut = await add(row('PUT', '/NL/CPO/L1', { v: 1 }));
      const evse1 = await add(row('PATCH', '/NL/CPO/L1/E1'));
      const evse2 = await add(row('PATCH', '/NL/CPO/L1/E2'));
      const otherPartner = await add(row('PATCH', '/NL/CPO/L1/E1', {}, 'p2'));
      // An id prefix is not a parent: /L1/E1 does not cover /L1/E10.
      const evse10 = await add(row('PATCH', '/NL/CPO/L1/E10'));

      const evsePut = await add(row('PUT', '/NL/CPO/L1/E1', { v: 2 }));
      assert.deepEqual(await statuses(), [
        `${locPut}:pending`,
        `${evse1}:superseded`,
        `${evse2}:pending`,
        `${otherPartner}:pending`,
        `${evse10}:pending`,
        `${evsePut}:pending`,
      ]);

      const [inFlight] = await store.claim('p1', 'i1', 1, T0, LEASE);
      assert.equal(inFlight!.id, locPut, 'the oldest row of the object');
      const locPut2 = await add(row('PUT', '/NL/CPO/L1', { v: 3 }));
      assert.deepEqual(await statuses(), [
        `${locPut}:delivering`,
        `${evse1}:superseded`,
        `${evse2}:superseded`,
        `${otherPartner}:pending`,
        `${evse10}:superseded`,
        `${evsePut}:superseded`,
        `${locPut2}:pending`,
      ]);
    });

    test('a dead row is superseded by a newer PUT of its object; PATCH, POST and DELETE supersede nothing', async () => {
      const put = await add(row('PUT', '/NL/CPO/L1'));
      const [claimed] = await store.claim('p1', 'i1', 5, T0, LEASE);
      assert.equal(await store.dead(claimed!, 'i1', 'refused', T0), true);
      const patch = await add(row('PATCH', '/NL/CPO/L1'));
      assert.deepEqual(await statuses(), [`${put}:dead`, `${patch}:pending`]);
      const put2 = await add(row('PUT', '/NL/CPO/L1'));
      assert.deepEqual(await statuses(), [`${put}:superseded`, `${patch}:superseded`, `${put2}:pending`]);
    });

    test('strict order per object: one row per object per claim, the next only after the older settled', async () => {
      const a1 = await add(row('PUT', '/NL/CPO/A'));
      const a2 = await add(row('PATCH', '/NL/CPO/A/E1'));
      const b1 = await add(row('PUT', '/NL/CPO/B'));
      const first = await store.claim('p1', 'i1', 10, T0, LEASE);
      assert.deepEqual(first.map((r) => r.id), [a1, b1]);
      assert.deepEqual(await store.claim('p1', 'i2', 10, T0, LEASE), [], 'A2 waits for A1 in flight');
      await store.retry(first[0]!, 'i1', 'down', () => 1000, 3600_000, T0);
      assert.deepEqual(await store.claim('p1', 'i2', 10, T0 + 10, LEASE), [], 'A2 waits for A1 backing off');
      const again = await store.claim('p1', 'i2', 10, T0 + 1000, LEASE);
      assert.deepEqual(again.map((r) => r.id), [a1]);
      await store.delivered(again[0]!, 'i2', T0 + 1000);
      assert.deepEqual((await store.claim('p1', 'i2', 10, T0 + 1000, LEASE)).map((r) => r.id), [a2]);
    });

    test('a crashed instance: its lease expires, another takes the row over, and the stale holder can no longer complete it', async () => {
      const id = await add(row('PUT', '/NL/CPO/L1'));
      const [crashed] = await store.claim('p1', 'crashed', 1, T0, LEASE);
      assert.deepEqual(await store.duePartners(T0 + LEASE - 1), [], 'not while the lease holds');
      assert.deepEqual(await store.claim('p1', 'i2', 1, T0 + LEASE - 1, LEASE), []);
      assert.deepEqual(await store.duePartners(T0 + LEASE + 1), ['p1']);
      const [taken] = await store.claim('p1', 'i2', 1, T0 + LEASE + 1, LEASE);
      assert.equal(taken!.id, id);
      assert.equal(await store.delivered(crashed!, 'crashed', T0 + LEASE + 2), false, 'the old holder lost it');
      assert.equal(await store.delivered(taken!, 'i2', T0 + LEASE + 2), true);
      assert.equal((await store.get(id))!.status, 'delivered');
    });

    test('retry pauses the whole partner (new rows too) and lets rows past the horizon die', async () => {
      const old = await add(row('PUT', '/NL/CPO/OLD'), T0);
      const [claimed] = await store.claim('p1', 'i1', 1, T0 + 5000, LEASE);
      const young = await add(row('PUT', '/NL/CPO/YOUNG'), T0 + 5000);
      const outcome = await store.retry(claimed!, 'i1', 'HTTP 503', () => 2000, 4000, T0 + 5000);
      assert.deepEqual(outcome, { status: 'dead', pausedUntil: new Date(T0 + 7000).toISOString() });
      assert.match((await store.get(old))!.lastError!, /horizon exceeded; last failure: HTTP 503/);
      assert.deepEqual(await store.duePartners(T0 + 6999), [], 'paused, the young row included');
      assert.deepEqual(await store.duePartners(T0 + 7000), ['p1']);
      const stats = await store.stats();
      assert.equal(stats[0]!.failures, 1);
      assert.equal(stats[0]!.counts.pending, 1);

      const replayed = await store.replay({ partnerId: 'p1' }, T0 + 8000);
      assert.deepEqual(replayed.map((r) => r.id), [old]);
      assert.equal((await store.stats())[0]!.pausedUntil, null, 'replay resets the backoff');
      assert.deepEqual((await store.claim('p1', 'i1', 5, T0 + 8000, LEASE)).map((r) => r.id).sort(), [old, young].sort());
    });

    test('dropping a partner ends its queue; pruning forgets old finished rows but keeps dead ones', async () => {
      const done = await add(row('PUT', '/NL/CPO/D'));
      const [c] = await store.claim('p1', 'i1', 1, T0, LEASE);
      await store.delivered(c!, 'i1', T0);
      const dead = await add(row('PUT', '/NL/CPO/X'));
      const [d] = await store.claim('p1', 'i1', 1, T0, LEASE);
      await store.dead(d!, 'i1', 'refused', T0);
      const pending = await add(row('PUT', '/NL/CPO/P'));
      assert.equal(await store.dropPartner('p1', 'unregistered', T0), 1);
      assert.equal((await store.get(pending))!.status, 'dropped');
      assert.equal(await store.prune(T0 + 1), 2);
      assert.deepEqual((await store.list()).map((r) => r.id), [dead]);
      assert.equal(await store.get(done), undefined);
    });
  });
}
