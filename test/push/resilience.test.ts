/**
 * The outbox under the failures it exists for, over real HTTP on SQLite and PostgreSQL: a partner
 * down past the horizon (dead letters, replay), the sending node restarted mid-queue, and a partner
 * that hangs while another must still be served.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { backends } from '../helpers/backends.js';
import { addPartner, locationChange, ok, Receiver, startSender, summary, waitFor } from './helpers.js';
import type { Sender } from './helpers.js';

for (const backend of backends) {
  describe(`push resilience (${backend.name})`, { skip: backend.skip }, () => {
    let database: Awaited<ReturnType<typeof backend.fresh>>;
    const senders: Sender[] = [];
    const receivers: Receiver[] = [];
    const sender = async (options: Parameters<typeof startSender>[1] = {}) => {
      const s = await startSender(database.config, options);
      senders.push(s);
      return s;
    };
    const receiver = async (options: { down?: boolean } = {}) => {
      const r = await Receiver.start(options);
      receivers.push(r);
      return r;
    };

    beforeEach(async () => {
      database = await backend.fresh();
    });
    afterEach(async () => {
      // Partners first: cutting their connections ends requests still hanging, so the nodes close promptly.
      for (const r of receivers.splice(0)) await r.down();
      for (const s of senders.splice(0)) await s.close();
      await database.dispose();
    });

    test('past the horizon a change goes dead, stays visible, and a replay delivers it once the partner is back', async () => {
      const { node } = await sender({ push: { horizonMs: 1000 } });
      const emsp = await receiver({ down: true });
      const partner = await addPartner(node, emsp);
      const [id] = await node.context.push.enqueue(locationChange('PUT', 'H1', { v: 1 }));
      await waitFor('dead after the horizon', async () => (await node.context.push.store.get(id!))?.status === 'dead');
      const dead = (await node.context.push.store.get(id!))!;
      assert.match(dead.lastError ?? '', /horizon exceeded/);
      assert.ok(dead.attempts >= 1);
      assert.deepEqual((await node.context.push.store.list({ status: 'dead' })).map((r) => r.partnerId), [partner.id]);

      await emsp.up();
      const replayed = await node.context.push.store.replay({ id: id! }, Date.now());
      assert.deepEqual(replayed.map((r) => r.id), [id]);
      await waitFor('delivered after replay', async () => (await node.context.push.store.get(id!))?.status === 'delivered');
      assert.deepEqual(summary(emsp.requests, emsp.base), ['PUT /NL/CPO/H1 {"v":1}']);
    });

    test('the sending node restarted mid-queue (closed and re-created on the same database) delivers the rest, none twice', async () => {
      const emsp = await receiver();
      emsp.answer = (_request, response) => void setTimeout(() => ok(response), 20);
      const first = await sender();
      await addPartner(first.node, emsp);
      const expected: string[] = [];
      for (let i = 0; i < 30; i++) {
        await first.node.context.push.enqueue(locationChange('PUT', `R${i}`, { v: i }));
        expected.push(`PUT /NL/CPO/R${i} {"v":${i}}`);
      }
      for (let i = 0; i < 5; i++) {
        await first.node.context.push.enqueue(locationChange('PATCH', 'R0', { s: i }, 'E1'));
        expected.push(`PATCH /NL/CPO/R0/E1 {"s":${i}}`);
      }
      await waitFor('some delivered', () => emsp.requests.length >= 5);
      await first.close();
      const beforeRestart = emsp.requests.length;
      assert.ok(beforeRestart < expected.length, 'the node stopped mid-queue');

      const second = await sender();
      await waitFor('everything delivered', () => emsp.requests.length >= expected.length);
      await waitFor('all rows settled', async () => (await second.node.context.push.store.list({ status: 'delivered' })).length === expected.length);
      const got = summary(emsp.requests, emsp.base);
      assert.equal(got.length, expected.length, 'no duplicates');
      assert.deepEqual([...got].sort(), [...expected].sort());
      const r0 = got.filter((line) => line.includes('/NL/CPO/R0'));
      assert.deepEqual(r0, expected.filter((line) => line.includes('/NL/CPO/R0')), 'R0 in order across the restart');
    });

    test('a partner that never answers does not delay another partner: all of its changes arrive meanwhile', async () => {
      // Long timeout: the hanging requests stay open for the whole test.
      const { node } = await sender({ requestTimeoutMs: 120_000 });
      const stuck = await receiver();
      stuck.answer = () => undefined;
      const healthy = await receiver();
      const stuckPartner = await addPartner(node, stuck, { name: 'stuck' });
      const healthyPartner = await addPartner(node, healthy, { name: 'healthy' });
      for (let i = 0; i < 12; i++) await node.context.push.enqueue(locationChange('PUT', `D${i}`, { v: i }));

      await waitFor('the healthy partner has everything', async () => (await node.context.push.store.list({ partnerId: healthyPartner.id, status: 'delivered' })).length === 12);
      assert.equal(healthy.requests.length, 12);
      // Its four slots (concurrencyPerPartner) hold requests that are never answered.
      await waitFor('the stuck partner holds its four requests', () => stuck.requests.length === 4);
      assert.equal((await node.context.push.store.list({ partnerId: stuckPartner.id, status: 'delivered' })).length, 0);
      assert.equal((await node.context.push.store.list({ partnerId: stuckPartner.id, status: 'delivering' })).length, 4);
    });
  });
}
