/**
 * Two evroam instances on ONE PostgreSQL schema draining one outbox: every row reaches the partner
 * exactly once (counted at the partner), in order per object, and both instances take part.
 * SQLite is a single-process store (docs/push.md), so this suite is PostgreSQL only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { postgres } from '../helpers/backends.js';
import { addPartner, locationChange, ok, Receiver, startSender, summary, waitFor } from './helpers.js';
import type { Sender } from './helpers.js';

describe('push with two instances on one PostgreSQL schema', { skip: postgres.skip }, () => {
  let database: Awaited<ReturnType<typeof postgres.fresh>>;
  let one: Sender;
  let two: Sender;
  const receivers: Receiver[] = [];

  before(async () => {
    database = await postgres.fresh();
    // One fresh config for both: the same schema. Created one after the other so one migrates.
    one = await startSender(database.config);
    two = await startSender(database.config);
  });
  after(async () => {
    for (const r of receivers) await r.down();
    await one?.close();
    await two?.close();
    await database?.dispose();
  });

  test('a backlog built while the partner was down is delivered exactly once, in order per object, by both instances', async () => {
    const emsp = await Receiver.start({ down: true });
    receivers.push(emsp);
    // Small random delays at the partner interleave the two instances' requests.
    emsp.answer = (_request, response) => void setTimeout(() => ok(response), Math.floor(Math.random() * 5));
    await addPartner(one.node, emsp);
    const expected: string[] = [];
    const nodes = [one.node, two.node];
    for (let i = 0; i < 80; i++) {
      await nodes[i % 2]!.context.push.enqueue(locationChange('PUT', `M${i}`, { v: i }));
      expected.push(`PUT /NL/CPO/M${i} {"v":${i}}`);
    }
    for (let i = 0; i < 10; i++) {
      for (const loc of ['S1', 'S2', 'S3']) {
        await nodes[i % 2]!.context.push.enqueue(locationChange('PATCH', loc, { seq: i }, 'E1'));
        expected.push(`PATCH /NL/CPO/${loc}/E1 {"seq":${i}}`);
      }
    }
    await emsp.up();

    const store = one.node.context.push.store;
    await waitFor('all rows delivered', async () => (await store.list({ status: 'delivered' })).length === expected.length, 60_000);
    const got = summary(emsp.requests, emsp.base);
    assert.equal(got.length, expected.length, 'each row sent exactly once');
    assert.deepEqual([...got].sort(), [...expected].sort());
    for (const loc of ['S1', 'S2', 'S3']) {
      const sequence = got.filter((line) => line.includes(`/${loc}/`)).map((line) => JSON.parse(line.split(' ')[2]!).seq);
      assert.deepEqual(sequence, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], `${loc} in order`);
    }
    const deliveredBy = new Set((await store.list({ status: 'delivered' })).map((r) => r.lockedBy));
    assert.deepEqual(deliveredBy, new Set([one.node.context.push.instanceId, two.node.context.push.instanceId]), 'both instances delivered');
  });
});
