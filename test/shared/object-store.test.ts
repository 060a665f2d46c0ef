/**
 * The object store every object module uses: identity compared case-insensitively (TYP-01,
 * PIT-21), own vs received objects kept apart, 201/200 detection (ST-05), no write on an
 * unchanged object (PIT-08), pages oldest first with inclusive date_from / exclusive date_to
 * (PAG-03, PAG-09), on SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStorage } from '../../src/storage/database.js';
import type { Storage } from '../../src/storage/database.js';
import { createObjectTable, KEEP, ObjectStore } from '../../src/modules/shared/index.js';
import type { ObjectPage } from '../../src/modules/shared/index.js';
import { backends } from '../helpers/backends.js';
import { thing } from './fixtures.js';
import type { Thing } from './fixtures.js';

for (const backend of backends) {
  describe(`ObjectStore (${backend.name})`, { skip: backend.skip }, () => {
    let storage: Storage;
    let dispose: () => Promise<void>;
    let store: ObjectStore<Thing>;

    before(async () => {
      const fresh = await backend.fresh();
      dispose = fresh.dispose;
      storage = await openStorage(fresh.config);
      await createObjectTable(storage.db, 'things', [{ name: 'value', type: 'integer', notNullDefault: 0 }]);
      store = new ObjectStore<Thing>(storage.db, storage.dialect, 'things', { columns: (t) => ({ value: t.value }) });
    });
    after(async () => {
      await storage?.close();
      await dispose?.();
    });

    test('ST-05/TYP-01: created then replaced; keys compare case-insensitively; own and received apart', async () => {
      const first = await store.put({ own: true }, { countryCode: 'nl', partyId: 'abc', id: 'x1' }, thing('x1', 1, 0));
      assert.equal(first.created, true);
      const second = await store.put({ own: true }, { countryCode: 'NL', partyId: 'ABC', id: 'X1' }, thing('x1', 2, 1));
      assert.equal(second.created, false);
      assert.equal(second.before?.value, 1);
      assert.equal((await store.get(true, { countryCode: 'Nl', partyId: 'aBc', id: 'x1' }))?.object.value, 2);
      assert.equal(await store.get(false, { countryCode: 'NL', partyId: 'ABC', id: 'x1' }), undefined, 'received objects are a separate space');
    });

    test('PIT-08: an identical write changes nothing; KEEP writes nothing', async () => {
      const same = await store.put({ own: true }, { countryCode: 'NL', partyId: 'ABC', id: 'x1' }, thing('x1', 2, 1));
      assert.equal(same.changed, false);
      const kept = await store.modify({ own: true }, { countryCode: 'NL', partyId: 'ABC', id: 'x1' }, () => KEEP);
      assert.equal(kept?.changed, false);
      assert.equal(await store.modify({ own: true }, { countryCode: 'NL', partyId: 'ABC', id: 'nope' }, () => KEEP), undefined);
    });

    test('concurrent modifications of one object lose nothing', async () => {
      const key = { countryCode: 'NL', partyId: 'ABC', id: 'counter' };
      await store.put({ own: true }, key, thing('counter', 0, 0));
      await Promise.all(
        Array.from({ length: 20 }, () => store.modify({ own: true }, key, (t) => ({ ...t!, value: t!.value + 1 }))),
      );
      assert.equal((await store.get(true, key))?.object.value, 20);
      await store.delete(true, key);
      assert.equal(await store.get(true, key), undefined);
    });

    const ids = (page: ObjectPage) => {
      const objects = JSON.parse(page.json.toString('utf8')) as { id: string }[];
      assert.equal(objects.length, page.count);
      return objects.map((o) => o.id);
    };

    test('PAG-03/PAG-09: pages oldest first, date_from inclusive, date_to exclusive, party filter', async () => {
      for (let i = 0; i < 10; i++) await store.put({ own: true }, { countryCode: 'NL', partyId: 'PG', id: `p${i}` }, thing(`p${i}`, i, 10 + i, 'PG'));
      await store.put({ own: true }, { countryCode: 'NL', partyId: 'OTH', id: 'o' }, thing('o', 0, 12, 'OTH'));
      const parties = [{ countryCode: 'nl', partyId: 'pg' }];
      const all = await store.page({ own: true, parties }, 0, 4);
      assert.equal(all.total, 10);
      assert.deepEqual(ids(all), ['p0', 'p1', 'p2', 'p3']);
      const window = await store.page({ own: true, parties, dateFrom: '2024-01-01T10:12:00Z', dateTo: '2024-01-01T10:15:00' }, 0, 100);
      assert.deepEqual(ids(window), ['p2', 'p3', 'p4']);
      assert.equal(window.total, 3);
      const later = await store.page({ own: true, parties, where: (q) => q.where('value', '>=', 8) }, 1, 10);
      assert.equal(later.total, 2);
      assert.deepEqual(ids(later), ['p9']);
      assert.equal((await store.page({ own: true, parties: [] }, 0, 10)).total, 0);
    });
  });
}
