/** AuthorizationInfo built around the stored Token text (TOK-10, TOK-18), without I/O. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { authorizationInfoJson } from '../../src/modules/tokens/authorization.js';

const TOKEN_JSON = '{"country_code":"DE","party_id":"MSP","uid":"AA11","type":"RFID"}';
const LOCATION = { location_id: 'LOC1', evse_uids: ['E1', 'E2'] };

describe('AuthorizationInfo', () => {
  test('TOK-18: the token is embedded exactly as stored; ALLOWED gets a fresh authorization_reference', () => {
    const info = JSON.parse(authorizationInfoJson(TOKEN_JSON, { allowed: 'ALLOWED' }, undefined));
    assert.deepEqual(info.token, JSON.parse(TOKEN_JSON));
    assert.match(info.authorization_reference, /^[0-9a-f-]{36}$/);
    assert.equal(info.location, undefined);
    const other = JSON.parse(authorizationInfoJson(TOKEN_JSON, { allowed: 'ALLOWED' }, undefined));
    assert.notEqual(other.authorization_reference, info.authorization_reference);
  });

  test('TOK-10: location holds only the granted EVSEs, and only when the driver may charge there', () => {
    const granted = JSON.parse(authorizationInfoJson(TOKEN_JSON, { allowed: 'ALLOWED', evseUids: ['E2'] }, LOCATION));
    assert.deepEqual(granted.location, { location_id: 'LOC1', evse_uids: ['E2'] });
    const echoed = JSON.parse(authorizationInfoJson(TOKEN_JSON, { allowed: 'ALLOWED' }, LOCATION));
    assert.deepEqual(echoed.location, LOCATION);
    const refused = JSON.parse(authorizationInfoJson(TOKEN_JSON, { allowed: 'NOT_ALLOWED', info: { language: 'en', text: 'Not here' } }, LOCATION));
    assert.deepEqual(Object.keys(refused), ['allowed', 'token', 'info']);
  });

  test('a policy may set or suppress the authorization_reference', () => {
    const given = JSON.parse(authorizationInfoJson(TOKEN_JSON, { allowed: 'ALLOWED', authorizationReference: 'REF-1' }, undefined));
    assert.equal(given.authorization_reference, 'REF-1');
    const none = JSON.parse(authorizationInfoJson(TOKEN_JSON, { allowed: 'ALLOWED', authorizationReference: null }, undefined));
    assert.equal('authorization_reference' in none, false);
  });
});
