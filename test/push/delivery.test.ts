/**
 * The push outbox end to end over real HTTP: a sending evroam node, scripted receiving partners
 * (ROLE-02, ROLE-04, T-13/T-14 as decided in docs/push.md), on SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { backends } from '../helpers/backends.js';
import { addPartner, envelope, locationChange, Receiver, startSender, summary, waitFor } from './helpers.js';
import type { Sender } from './helpers.js';

for (const backend of backends) {
  describe(`push delivery (${backend.name})`, { skip: backend.skip }, () => {
    let database: Awaited<ReturnType<typeof backend.fresh>>;
    let sender: Sender;
    const receivers: Receiver[] = [];
    const receiver = async (options: { down?: boolean } = {}) => {
      const r = await Receiver.start(options);
      receivers.push(r);
      return r;
    };

    // A fresh database and node per test: each test's partners are the only ones.
    beforeEach(async () => {
      database = await backend.fresh();
      sender = await startSender(database.config);
    });
    afterEach(async () => {
      for (const r of receivers.splice(0)) await r.down();
      await sender?.close();
      await database?.dispose();
    });

    test('ROLE-02: a change reaches each partner with a receiver endpoint, with its token, routing headers and one correlation ID per row', async () => {
      const emsp = await receiver();
      const tariffsOnly = await receiver();
      const partner = await addPartner(sender.node, emsp, { name: 'headers' });
      await addPartner(sender.node, tariffsOnly, { name: 'no-locations', modules: ['tariffs'] });

      const ids = await sender.node.context.push.enqueue(locationChange('PUT', 'HDR1', { id: 'HDR1', v: 1 }));
      assert.equal(ids.length, 1, 'one row: the tariffs-only partner does not receive Locations');
      await waitFor('the PUT arrives', () => emsp.requests.length === 1);
      const [put] = emsp.requests;
      assert.equal(put!.method, 'PUT');
      assert.equal(put!.url, '/ocpi/emsp/2.2.1/locations/NL/CPO/HDR1');
      assert.deepEqual(JSON.parse(put!.body), { id: 'HDR1', v: 1 });
      assert.equal(put!.headers.authorization, `Token ${Buffer.from(partner.tokenToPartner!).toString('base64')}`);
      assert.equal(put!.headers['ocpi-from-country-code'], 'NL');
      assert.equal(put!.headers['ocpi-from-party-id'], 'CPO');
      assert.equal(put!.headers['ocpi-to-country-code'], 'DE');
      assert.equal(put!.headers['ocpi-to-party-id'], 'MSP');
      const row = await sender.node.context.push.store.get(ids[0]!);
      assert.equal(put!.headers['x-correlation-id'], row!.correlationId);
      await waitFor('the row is marked delivered', async () => (await sender.node.context.push.store.get(ids[0]!))?.status === 'delivered');
      assert.equal(tariffsOnly.requests.length, 0);
    });

    test('T-14 (decided otherwise): partner down, then up — nothing lost, order per object kept, superseded PUTs coalesced', async () => {
      const emsp = await receiver({ down: true });
      const partner = await addPartner(sender.node, emsp, { name: 'outage' });
      const push = sender.node.context.push;
      // One transaction: the dispatcher sees all of it at once, so what is coalesced is deterministic.
      await sender.node.context.db.transaction().execute(async (trx) => {
        await push.enqueue(locationChange('PUT', 'LOC1', { v: 1 }), trx);
        await push.enqueue(locationChange('PATCH', 'LOC1', { status: 's1' }, 'EVSE1'), trx);
        await push.enqueue(locationChange('PUT', 'LOC2', { v: 1 }), trx);
        await push.enqueue(locationChange('PUT', 'LOC1', { v: 2 }), trx);
        await push.enqueue(locationChange('PATCH', 'LOC1', { status: 's2' }, 'EVSE1'), trx);
        await push.enqueue(locationChange('PUT', 'LOC1', { v: 'evse' }, 'EVSE2'), trx);
        await push.enqueue(locationChange('PATCH', 'LOC1', { status: 's3' }, 'EVSE1'), trx);
      });
      push.wake();
      await waitFor('the partner failed a few times', async () => (await push.store.stats()).some((s) => s.partnerId === partner.id && s.failures >= 3));
      // More changes while it is down, without a caller transaction.
      await push.enqueue(locationChange('PATCH', 'LOC1', { status: 's4' }, 'EVSE1'));
      await push.enqueue(locationChange('PUT', 'LOC3', { v: 1 }));

      await emsp.up();
      await waitFor('every row delivered', async () => (await push.store.list({ partnerId: partner.id, status: 'pending' })).length === 0 && emsp.requests.length >= 7);
      await waitFor('nothing in flight', async () => (await push.store.list({ partnerId: partner.id, status: 'delivering' })).length === 0);

      const got = summary(emsp.requests, emsp.base);
      const loc1 = got.filter((line) => line.includes('/NL/CPO/LOC1'));
      assert.deepEqual(loc1, [
        'PUT /NL/CPO/LOC1 {"v":2}',
        'PATCH /NL/CPO/LOC1/EVSE1 {"status":"s2"}',
        'PUT /NL/CPO/LOC1/EVSE2 {"v":"evse"}',
        'PATCH /NL/CPO/LOC1/EVSE1 {"status":"s3"}',
        'PATCH /NL/CPO/LOC1/EVSE1 {"status":"s4"}',
      ]);
      assert.deepEqual(got.filter((line) => !line.includes('/NL/CPO/LOC1')).sort(), ['PUT /NL/CPO/LOC2 {"v":1}', 'PUT /NL/CPO/LOC3 {"v":1}']);
      const rows = await push.store.list({ partnerId: partner.id });
      assert.deepEqual(
        rows.filter((r) => r.status === 'superseded').map((r) => `${r.method} ${r.path} ${r.body}`),
        ['PUT /NL/CPO/LOC1 {"v":1}', 'PATCH /NL/CPO/LOC1/EVSE1 {"status":"s1"}'],
      );
      assert.equal(rows.filter((r) => r.status === 'delivered').length, 7);
    });

    test('Retry-After on HTTP 429 is honoured: the next attempt comes no earlier than asked', async () => {
      const emsp = await receiver();
      await addPartner(sender.node, emsp, { name: 'rate-limited' });
      let refusedAt = 0;
      emsp.answer = (_request, response) => {
        if (refusedAt === 0) {
          refusedAt = Date.now();
          envelope(response, 429, 2000, { 'Retry-After': '2' });
        } else envelope(response, 200, 1000);
      };
      const [id] = await sender.node.context.push.enqueue(locationChange('PUT', 'RATE1', { v: 1 }));
      await waitFor('delivered after the pause', async () => (await sender.node.context.push.store.get(id!))?.status === 'delivered');
      assert.equal(emsp.requests.length, 2);
      assert.ok(emsp.requests[1]!.at - refusedAt >= 2000, `retried ${emsp.requests[1]!.at - refusedAt} ms after a Retry-After of 2 s`);
    });

    test('an OCPI 2xxx refusal dead-letters the row at once with the reason; other objects go on', async () => {
      const emsp = await receiver();
      const partner = await addPartner(sender.node, emsp, { name: 'refusing' });
      emsp.answer = (request, response) => envelope(response, 200, request.url.endsWith('/BAD1') ? 2001 : 1000);
      const push = sender.node.context.push;
      const [bad] = await push.enqueue(locationChange('PUT', 'BAD1', { v: 1 }));
      const [good] = await push.enqueue(locationChange('PUT', 'GOOD1', { v: 1 }));
      await waitFor('both settled', async () => (await push.store.get(bad!))?.status === 'dead' && (await push.store.get(good!))?.status === 'delivered');
      const dead = (await push.store.get(bad!))!;
      assert.equal(dead.attempts, 1, 'not retried');
      assert.match(dead.lastError ?? '', /refused by the partner: .*OCPI status 2001/);
      assert.equal(emsp.at('/ocpi/emsp/2.2.1/locations/NL/CPO/BAD1').length, 1);
      assert.deepEqual((await push.store.list({ partnerId: partner.id, status: 'dead' })).map((r) => r.id), [bad]);
    });

    test('CRED-15: an unregistered partner gets nothing more; its pending rows are dropped', async () => {
      const emsp = await receiver({ down: true });
      const partner = await addPartner(sender.node, emsp, { name: 'leaving' });
      const push = sender.node.context.push;
      const ids = await push.enqueue(locationChange('PUT', 'GONE1', { v: 1 }));
      assert.equal(ids.length, 1);
      await sender.node.partners.unregister(partner.id);
      await waitFor('dropped', async () => (await push.store.get(ids[0]!))?.status === 'dropped');
      assert.deepEqual(await push.enqueue(locationChange('PUT', 'GONE2', { v: 1 })), [], 'no row for an unregistered partner');
      await emsp.up();
      assert.equal(emsp.requests.length, 0);
    });

    test('CRED-13: queued rows follow the endpoint a credentials update moved; the current token is sent, raw for a legacy partner (T-03)', async () => {
      const before = await receiver({ down: true });
      const after = await receiver();
      const partner = await addPartner(sender.node, before, { name: 'moving' });
      const push = sender.node.context.push;
      const [id] = await push.enqueue(locationChange('PUT', 'MOVE1', { v: 1 }));
      await waitFor('tried at the old endpoint', async () => ((await push.store.get(id!))?.attempts ?? 0) >= 1);
      // Legacy (raw) tokens from now on: flagged before the endpoint moves, so that no attempt can
      // reach the new endpoint in between with the token still base64-encoded.
      await sender.node.context.db.updateTable('partners').set({ legacy_plain_token: 1 }).where('id', '=', partner.id).execute();
      // What a credentials PUT stores: new endpoints and a new token.
      await sender.node.partners.storeOutgoingConnection(
        partner.id,
        {
          versionsUrl: `${after.base}/ocpi/versions`,
          version: '2.2.1',
          endpoints: [{ identifier: 'locations', role: 'RECEIVER', url: after.endpoint('locations') }],
          roles: partner.roles,
          tokenToPartner: 'rotated-token',
        },
        'our-new-token',
        'rotated',
      );
      await waitFor('delivered at the new endpoint', async () => (await push.store.get(id!))?.status === 'delivered');
      assert.deepEqual(summary(after.requests, after.base), ['PUT /NL/CPO/MOVE1 {"v":1}']);
      assert.equal(after.requests[0]!.headers.authorization, 'Token rotated-token');
    });

    test('a change stored in a transaction that rolls back is never pushed', async () => {
      const emsp = await receiver();
      const partner = await addPartner(sender.node, emsp, { name: 'rollback' });
      const push = sender.node.context.push;
      await assert.rejects(
        sender.node.context.db.transaction().execute(async (trx) => {
          await push.enqueue(locationChange('PUT', 'RB1', { v: 1 }), trx);
          throw new Error('the object write failed');
        }),
        /the object write failed/,
      );
      assert.deepEqual(await push.store.list({ partnerId: partner.id }), []);
    });
  });
}
