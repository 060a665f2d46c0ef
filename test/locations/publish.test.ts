/**
 * LOC-14: a `publish=false` Location is shown only to owners of Tokens matching every set field of
 * one `publish_allowed_to` entry. The list is the spec's own (examples/location_example_uc4_limited_visibility.json).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mayBeShownTo } from '../../src/modules/locations/publish.js';
import type { PublishToken } from '../../src/modules/locations/publish.js';
import type { PublishTokenType } from '../../src/modules/locations/schema.js';

const UC4: PublishTokenType[] = [
  { visual_number: '12345-67', issuer: 'NewMotion' },
  { visual_number: '0055375624', issuer: 'ANWB' },
  { uid: '12345678905880', type: 'RFID' },
];
const limited = { publish: false, publish_allowed_to: UC4 };
const token = (fields: Partial<PublishToken>): PublishToken => ({ uid: 'OTHER', type: 'RFID', issuer: 'Someone', ...fields });

describe('LOC-14: who may be shown a Location', () => {
  test('publish=true: every token owner', () => {
    assert.equal(mayBeShownTo({ publish: true }, token({})), true);
    assert.equal(mayBeShownTo({ publish: true, publish_allowed_to: [{ uid: 'X', type: 'RFID' }] }, token({})), true);
  });

  test('publish=false without publish_allowed_to (uc3): nobody', () => {
    assert.equal(mayBeShownTo({ publish: false }, token({ uid: '12345678905880' })), false);
  });

  test('uc4: uid + type must both match; uid is a CiString', () => {
    assert.equal(mayBeShownTo(limited, token({ uid: '12345678905880', type: 'RFID' })), true);
    assert.equal(mayBeShownTo({ publish: false, publish_allowed_to: [{ uid: 'abc123', type: 'RFID' }] }, token({ uid: 'ABC123' })), true);
    assert.equal(mayBeShownTo(limited, token({ uid: '12345678905880', type: 'APP_USER' })), false, 'same uid, other type');
  });

  test('uc4: visual_number + issuer must both match, as plain strings', () => {
    assert.equal(mayBeShownTo(limited, token({ visual_number: '0055375624', issuer: 'ANWB' })), true);
    assert.equal(mayBeShownTo(limited, token({ visual_number: '0055375624', issuer: 'NewMotion' })), false, 'fields of two entries do not combine');
    assert.equal(mayBeShownTo(limited, token({ visual_number: '12345-67', issuer: 'newmotion' })), false, 'issuer is no CiString');
    assert.equal(mayBeShownTo(limited, token({ issuer: 'ANWB' })), false, 'a token without visual_number');
  });

  test('group_id: every token of the group, case-insensitively', () => {
    const depot = { publish: false, publish_allowed_to: [{ group_id: 'depot-7' }] };
    assert.equal(mayBeShownTo(depot, token({ group_id: 'DEPOT-7' })), true);
    assert.equal(mayBeShownTo(depot, token({ group_id: 'DEPOT-8' })), false);
    assert.equal(mayBeShownTo(depot, token({})), false, 'a token in no group');
  });

  test('an entry naming neither uid, visual_number nor group_id names no token', () => {
    assert.equal(mayBeShownTo({ publish: false, publish_allowed_to: [{ issuer: 'Someone' }] }, token({})), false);
    assert.equal(mayBeShownTo({ publish: false, publish_allowed_to: [{}] }, token({})), false);
  });
});
