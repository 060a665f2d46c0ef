/**
 * OwnObjects, the own-data library API: a PATCH with the default merge stores the change and emits
 * it, and cannot change an object's identity.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ObjectStore } from '../../src/modules/shared/object-store.js';
import { OwnObjects } from '../../src/modules/shared/own-objects.js';
import type { OwnChange } from '../../src/modules/shared/own-objects.js';
import { Tariff } from '../../src/modules/tariffs/schema.js';
import { backends } from '../helpers/backends.js';
import { CPO_PARTY, startNode } from '../helpers/nodes.js';
import type { TestNode } from '../helpers/nodes.js';

for (const backend of backends) {
  describe(`OwnObjects with the default merge (${backend.name})`, { skip: backend.skip }, () => {
    let node: TestNode;
    let own: OwnObjects<Tariff>;
    const changes: Array<OwnChange<Tariff>> = [];
    before(async () => {
      node = await startNode(backend, { parties: [CPO_PARTY] });
      const store = new ObjectStore<Tariff>(node.node.context.db, node.node.context.dialect, 'tariffs');
      own = new OwnObjects<Tariff>(node.node.context, { store, name: 'Tariff', schema: Tariff, idField: 'id', ownerRole: 'CPO' });
      own.onChange((change) => void changes.push(change));
    });
    after(async () => node?.close());

    test('T-11: a PATCH changes only the given fields, is stored and emitted once', async () => {
      await own.put({
        country_code: 'NL',
        party_id: 'CPO',
        id: 'T1',
        currency: 'EUR',
        elements: [{ price_components: [{ type: 'ENERGY', price: 0.25, step_size: 1 }] }],
      } as never);
      const key = { countryCode: 'NL', partyId: 'CPO', id: 'T1' };
      const patched = await own.patch(key, { currency: 'CHF', id: 'OTHER', party_id: 'XXX' });
      assert.equal(patched?.currency, 'CHF');
      assert.equal(patched?.id, 'T1', 'identity cannot change');
      assert.equal(patched?.party_id, 'CPO');
      assert.equal((await own.get(key))?.currency, 'CHF', 'stored');
      assert.deepEqual(changes.map((c) => c.method), ['PUT', 'PATCH']);
      await own.patch(key, { currency: 'CHF' });
      assert.equal(changes.length, 2, 'a PATCH that changes nothing emits nothing');
    });
  });
}
