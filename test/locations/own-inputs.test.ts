/**
 * The Locations library validates what it is given before it walks it: malformed nested EVSEs or
 * Connectors are 2001 naming the field, never a crash (ST-11, TYP-03).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OcpiError } from '../../src/core/status.js';
import { sqlite } from '../helpers/backends.js';
import { CPO_PARTY, startNode } from '../helpers/nodes.js';
import type { TestNode } from '../helpers/nodes.js';

describe('own Locations: inputs are validated before use', () => {
  let cpo: TestNode;
  before(async () => {
    cpo = await startNode(sqlite, { parties: [CPO_PARTY] });
  });
  after(async () => cpo?.close());

  const base = {
    country_code: 'NL',
    party_id: 'CPO',
    id: 'LOC-IN',
    publish: true,
    address: 'Main street 1',
    city: 'Utrecht',
    country: 'NLD',
    coordinates: { latitude: '52.09074', longitude: '5.12142' },
    time_zone: 'Europe/Amsterdam',
  };

  for (const [name, input, field] of [
    ['evses not a list', { ...base, evses: 'x' }, /evses/],
    ['an EVSE that is null', { ...base, evses: [null] }, /evses\[0\]/],
    ['connectors with null', { ...base, evses: [{ uid: 'E1', status: 'AVAILABLE', connectors: [null] }] }, /evses\[0\]\.connectors\[0\]/],
  ] as const) {
    test(`${name}: 2001 naming the field`, async () => {
      const own = cpo.node.services.locations!.cpo!;
      await assert.rejects(own.putLocation(input as never), (error: unknown) => {
        assert.ok(error instanceof OcpiError, String(error));
        assert.equal(error.statusCode, 2001);
        assert.match(error.message, field);
        return true;
      });
    });
  }

  test('an EVSE PUT with connectors that are not objects is 2001', async () => {
    const own = cpo.node.services.locations!.cpo!;
    await own.putLocation({ ...base } as never);
    await assert.rejects(
      own.putEvse({ countryCode: 'NL', partyId: 'CPO', locationId: 'LOC-IN' }, { uid: 'E9', status: 'AVAILABLE', connectors: [42] } as never),
      (error: unknown) => error instanceof OcpiError && error.statusCode === 2001 && /connectors\[0\]/.test(error.message),
    );
  });
});
