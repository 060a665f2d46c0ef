/**
 * Ownership checks of client-owned objects (T-29, T-30, T-27, PIT-21), without HTTP.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OcpiError } from '../../src/core/status.js';
import type { Partner } from '../../src/modules/credentials/partner.js';
import type { NodeContext } from '../../src/modules/module.js';
import { assertBodyId, assertBodyParty, callerParty, sameCi } from '../../src/modules/shared/index.js';
import type { FunctionalCall } from '../../src/modules/shared/index.js';

const ctx = { ownParties: [{ role: 'EMSP', country_code: 'DE', party_id: 'MSP', business_details: { name: 'x' } }] } as unknown as NodeContext;

function call(roles: Array<[string, string, string]>, from?: [string, string]): FunctionalCall {
  const partner = {
    id: 'p',
    roles: roles.map(([role, country_code, party_id]) => ({ role, country_code, party_id, business_details: { name: 'p' } })),
  } as unknown as Partner;
  return {
    partner,
    own: { role: 'EMSP', countryCode: 'DE', partyId: 'MSP' },
    from: from && { countryCode: from[0], partyId: from[1] },
    correlationId: 'c',
  };
}

function refusal(fn: () => unknown): OcpiError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof OcpiError);
    return error;
  }
  assert.fail('expected a refusal');
}

describe('ownership checks', () => {
  test('T-29/PIT-21: a registered party in any case is accepted and upper-cased; in the wrong role it is not', () => {
    const c = call([['CPO', 'nl', 'cpo']]);
    assert.deepEqual(callerParty(ctx, c, 'Nl', 'cPo', 'CPO'), { countryCode: 'NL', partyId: 'CPO' });
    const wrongRole = refusal(() => callerParty(ctx, c, 'NL', 'CPO', 'EMSP'));
    assert.equal(wrongRole.httpStatus, 404);
    assert.equal(wrongRole.statusCode, 2001);
  });

  test('T-29: an unregistered party, or this node’s own, is 404 + 2001', () => {
    const c = call([['CPO', 'NL', 'CPO'], ['EMSP', 'DE', 'MSP']]);
    assert.equal(refusal(() => callerParty(ctx, c, 'FR', 'OTH')).httpStatus, 404);
    assert.equal(refusal(() => callerParty(ctx, c, 'de', 'msp')).httpStatus, 404, 'a partner claiming our own party');
  });

  test('T-27: through a hub, exactly the FROM party is accepted', () => {
    const hub = call([['HUB', 'NL', 'HUB']], ['BE', 'ABC']);
    assert.deepEqual(callerParty(ctx, hub, 'be', 'abc', 'CPO'), { countryCode: 'BE', partyId: 'ABC' });
    assert.equal(refusal(() => callerParty(ctx, hub, 'BE', 'XYZ', 'CPO')).httpStatus, 404);
    const notHub = call([['CPO', 'NL', 'CPO']], ['BE', 'ABC']);
    assert.equal(refusal(() => callerParty(ctx, notHub, 'BE', 'ABC', 'CPO')).httpStatus, 404);
  });

  test('T-30: body vs URL, case-insensitively; a mismatch is 2001 (HTTP 200) naming the field', () => {
    assertBodyParty({ country_code: 'nl', party_id: 'cpo' }, { countryCode: 'NL', partyId: 'CPO' });
    assertBodyId({ id: 'loc1' }, 'id', 'LOC1');
    const party = refusal(() => assertBodyParty({ country_code: 'NL', party_id: 'CPX' }, { countryCode: 'NL', partyId: 'CPO' }));
    assert.equal(party.httpStatus, 200);
    assert.equal(party.statusCode, 2001);
    assert.match(party.message, /^party_id:/);
    assert.match(refusal(() => assertBodyId({ uid: 'E2' }, 'uid', 'E1')).message, /^uid:/);
    assert.equal(sameCi('abc', 'ABC'), true);
    assert.equal(sameCi(undefined, undefined), false);
  });
});
