/**
 * The read cache of the object stores (src/modules/shared/table-cache.ts): exact on SQLite, kept
 * from a value's second read on, one budget per database, never on PostgreSQL.
 *
 * A cached read is told apart from a database read by changing the row behind the store's back
 * (an UPDATE on the same connection that does not move the store's write counter): a cached read
 * still sees the old value, a database read the new one.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { openStorage } from '../../src/storage/database.js';
import type { DatabaseConfig, Storage } from '../../src/storage/database.js';
import { createObjectTable, ObjectStore } from '../../src/modules/shared/index.js';
import { configureReadCache } from '../../src/modules/shared/table-cache.js';
import { backends } from '../helpers/backends.js';
import { thing } from './fixtures.js';
import type { Thing } from './fixtures.js';

const key = (id: string) => ({ countryCode: 'NL', partyId: 'ABC', id });

for (const backend of backends) {
  describe(`read cache (${backend.name})`, { skip: backend.skip }, () => {
    let storage: Storage;
    let dispose: () => Promise<void>;
    let config: DatabaseConfig;

    beforeEach(async () => {
      const fresh = await backend.fresh();
      dispose = fresh.dispose;
      config = fresh.config;
      storage = await openStorage(fresh.config);
    });
    afterEach(async () => {
      await storage?.close();
      await dispose?.();
    });

    async function table(name: string): Promise<ObjectStore<Thing>> {
      await createObjectTable(storage.db, name, []);
      return new ObjectStore<Thing>(storage.db, storage.dialect, name);
    }

    /** Changes the stored JSON without the store knowing (same connection: data_version stays). */
    async function behindTheBack(name: string, id: string, value: number): Promise<void> {
      await (storage.db as any).updateTable(name).set({ data: JSON.stringify(thing(id, value)) }).where('id', '=', id.toUpperCase()).execute();
    }

    const cached = backend.name === 'sqlite';
    /** Budget and data_version tests: PostgreSQL has no cache to test. */
    const onSqlite = (name: string, fn: () => Promise<void>) => {
      if (cached) test(name, fn);
    };

    test('an object is served from memory from its second read on; a write through the store makes it stale', async () => {
      const store = await table('things');
      await store.put({ own: true }, key('a'), thing('a', 1));
      assert.equal(JSON.parse((await store.getJson(true, key('a')))!).value, 1);
      await behindTheBack('things', 'a', 2);
      assert.equal(JSON.parse((await store.getJson(true, key('a')))!).value, 2, 'read once: not kept');
      await behindTheBack('things', 'a', 3);
      assert.equal(JSON.parse((await store.getJson(true, key('a')))!).value, cached ? 2 : 3, 'read twice: kept (SQLite only)');
      await store.put({ own: true }, key('a'), thing('a', 4));
      assert.equal(JSON.parse((await store.getJson(true, key('a')))!).value, 4, 'a write through the store is seen at once');
    });

    test('PAG: a list page read once (a crawl) is not kept; one polled again is', async () => {
      const store = await table('pages');
      for (const id of ['a', 'b']) await store.put({ own: true }, key(id), thing(id, 1));
      const values = async () => (JSON.parse((await store.page({ own: true }, 0, 10)).json.toString()) as Thing[]).map((t) => t.value);
      assert.deepEqual(await values(), [1, 1]);
      await behindTheBack('pages', 'a', 2);
      assert.deepEqual(await values(), [2, 1]);
      await behindTheBack('pages', 'a', 3);
      assert.deepEqual(await values(), cached ? [2, 1] : [3, 1]);
    });

    onSqlite('one budget per database: values of another table push the oldest out', async () => {
      configureReadCache(storage.db, 4096);
      const first = await table('first');
      const second = await table('second');
      await first.put({ own: true }, key('a'), thing('a', 1));
      await first.getJson(true, key('a'));
      await first.getJson(true, key('a'));
      await behindTheBack('first', 'a', 2);
      assert.equal(JSON.parse((await first.getJson(true, key('a')))!).value, 1, 'kept');
      // ~1 kB values in the other table fill the 4 kB budget (each value may take at most a quarter).
      const big = 'x'.repeat(900);
      for (let i = 0; i < 5; i++) {
        await second.put({ own: true }, key(`b${i}`), { ...thing(`b${i}`, i), id: `b${i}`, big } as Thing);
        await second.getJson(true, key(`b${i}`));
        await second.getJson(true, key(`b${i}`));
      }
      assert.equal(JSON.parse((await first.getJson(true, key('a')))!).value, 2, 'evicted by the other table');
    });

    onSqlite('a commit by another connection (a CLI process) makes cached values stale', async () => {
      const store = await table('shared');
      await store.put({ own: true }, key('a'), thing('a', 1));
      await store.getJson(true, key('a'));
      await store.getJson(true, key('a'));
      const other = await openStorage(config);
      try {
        await new ObjectStore<Thing>(other.db, other.dialect, 'shared').put({ own: true }, key('a'), thing('a', 2));
      } finally {
        await other.close();
      }
      // data_version is asked at most once per millisecond.
      await new Promise((resolve) => setTimeout(resolve, 2));
      assert.equal(JSON.parse((await store.getJson(true, key('a')))!).value, 2);
    });

    onSqlite('a budget of 0 turns the cache off', async () => {
      configureReadCache(storage.db, 0);
      const store = await table('off');
      await store.put({ own: true }, key('a'), thing('a', 1));
      await store.getJson(true, key('a'));
      await store.getJson(true, key('a'));
      await behindTheBack('off', 'a', 2);
      assert.equal(JSON.parse((await store.getJson(true, key('a')))!).value, 2);
    });
  });
}
