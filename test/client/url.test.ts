import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { joinUrl, withQuery } from '../../src/client/index.js';

describe('joinUrl', () => {
  test('PIT-18, TOK-09: exactly one slash whether or not the endpoint ends in /', () => {
    const expected = 'https://emsp.example/ocpi/emsp/2.2.1/tokens/012345678/authorize';
    assert.equal(joinUrl('https://emsp.example/ocpi/emsp/2.2.1/tokens', '012345678', 'authorize'), expected);
    assert.equal(joinUrl('https://emsp.example/ocpi/emsp/2.2.1/tokens/', '012345678', 'authorize'), expected);
    assert.equal(joinUrl('https://emsp.example/ocpi/emsp/2.2.1/tokens//', '012345678', 'authorize'), expected);
  });

  test('T-28: client-owned object URLs {endpoint}/{country_code}/{party_id}/{id}', () => {
    assert.equal(
      joinUrl('https://cpo.example/locations/', 'NL', 'EVR', 'LOC1', 'EVSE-1'),
      'https://cpo.example/locations/NL/EVR/LOC1/EVSE-1',
    );
  });

  test('ids are percent-encoded so they cannot leave their segment', () => {
    assert.equal(joinUrl('https://e.example/tokens', 'a/b?c#d', 'authorize'), 'https://e.example/tokens/a%2Fb%3Fc%23d/authorize');
  });

  test('an empty segment is a programming error', () => {
    assert.throws(() => joinUrl('https://e.example/tokens', ''), TypeError);
  });
});

describe('withQuery', () => {
  test('adds defined parameters and keeps existing ones', () => {
    assert.equal(withQuery('https://e.example/x?a=1', { b: 2, c: undefined, d: true }), 'https://e.example/x?a=1&b=2&d=true');
    assert.equal(withQuery('https://e.example/x', { c: undefined }), 'https://e.example/x');
    assert.equal(withQuery('https://e.example/x', undefined), 'https://e.example/x');
  });
});
