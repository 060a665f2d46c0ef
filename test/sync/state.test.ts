/**
 * The sync state of a (partner, module): the lease that lets one sync of a pair run at a time
 * across processes and instances, and the incremental point only a success moves.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStorage } from '../../src/storage/database.js';
import type { Storage } from '../../src/storage/database.js';
import { SyncStateStore } from '../../src/sync/index.js';
import { backends } from '../helpers/backends.js';

const T = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));

for (const backend of backends) {
  describe(`sync state (${backend.name})`, { skip: backend.skip }, () => {
    let database: Awaited<ReturnType<typeof backend.fresh>>;
    let storage: Storage;
    let state: SyncStateStore;

    before(async () => {
      database = await backend.fresh();
      storage = await openStorage(database.config);
      state = new SyncStateStore(storage.db);
    });
    after(async () => {
      await storage?.close();
      await database?.dispose();
    });

    test('one holder at a time: a held lease refuses other instances until it is released', async () => {
      assert.equal(await state.claim('p1', 'locations', 'A', T(0), T(60)), true);
      assert.equal(await state.claim('p1', 'locations', 'B', T(1), T(61)), false, 'held by A');
      assert.equal(await state.claim('p1', 'locations', 'A', T(1), T(61)), false, 'not even twice by A');
      assert.equal(await state.claim('p1', 'tariffs', 'B', T(1), T(61)), true, 'another module is another pair');
      await state.finish('p1', 'locations', 'A', { ok: true, startedAt: T(0).toISOString() });
      assert.equal(await state.claim('p1', 'locations', 'B', T(2), T(62)), true, 'released');
      await state.finish('p1', 'locations', 'B', { ok: true, startedAt: T(2).toISOString() });
    });

    test('a crashed holder\'s lease expires; the one who lost it can neither renew nor record', async () => {
      assert.equal(await state.claim('p2', 'locations', 'A', T(0), T(10)), true);
      assert.equal(await state.claim('p2', 'locations', 'B', T(11), T(70)), true, 'expired: taken over');
      assert.equal(await state.renew('p2', 'locations', 'A', T(80)), false);
      await state.finish('p2', 'locations', 'A', { ok: true, startedAt: T(0).toISOString() });
      assert.equal((await state.get('p2', 'locations'))?.lastSuccessAt, undefined, "A's late outcome is not recorded");
      assert.equal(await state.renew('p2', 'locations', 'B', T(90)), true);
      await state.finish('p2', 'locations', 'B', { ok: true, startedAt: T(11).toISOString() });
      assert.equal((await state.get('p2', 'locations'))?.lastSuccessAt, T(11).toISOString());
    });

    test('a failure records its error and keeps the incremental point; the next success clears the error', async () => {
      await state.claim('p3', 'sessions', 'A', T(0), T(60));
      await state.finish('p3', 'sessions', 'A', { ok: true, startedAt: T(0).toISOString() });
      await state.claim('p3', 'sessions', 'A', T(100), T(160));
      await state.finish('p3', 'sessions', 'A', { ok: false, startedAt: T(100).toISOString(), error: 'HTTP 503' });
      assert.deepEqual(await state.get('p3', 'sessions'), {
        partnerId: 'p3',
        module: 'sessions',
        lastSuccessAt: T(0).toISOString(),
        lastRunAt: T(100).toISOString(),
        lastError: 'HTTP 503',
      });
      await state.claim('p3', 'sessions', 'A', T(200), T(260));
      await state.finish('p3', 'sessions', 'A', { ok: true, startedAt: T(200).toISOString() });
      const after = await state.get('p3', 'sessions');
      assert.deepEqual([after?.lastSuccessAt, after?.lastError], [T(200).toISOString(), undefined]);
    });
  });
}
