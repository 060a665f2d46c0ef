import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  negotiateVersion,
  OcpiClient,
  OcpiInvalidResponseError,
  OcpiMissingEndpointError,
  OcpiUnsupportedVersionError,
  PartnerEndpoints,
  selectVersion,
} from '../../src/client/index.js';
import { reply, startPartner } from './partner-server.js';
import type { Partner } from './partner-server.js';

const routing = { from: { countryCode: 'NL', partyId: 'EVR' }, to: { countryCode: 'DE', partyId: 'ABC' } };

describe('version negotiation', () => {
  let partner: Partner;
  let base = '';
  /** The partner's versions documents by path; a scripted partner, changed per test. */
  let documents: Record<string, unknown> = {};

  before(async () => {
    partner = await startPartner((request, response) => {
      const data = documents[request.url];
      if (data === undefined) reply(response, 404, 2001);
      else reply(response, 200, 1000, data);
    });
    base = partner.base;
  });
  after(() => partner.close());

  const details221 = () => ({
    version: '2.2.1',
    endpoints: [
      { identifier: 'credentials', role: 'RECEIVER', url: `${base}/2.2.1/credentials` },
      { identifier: 'locations', role: 'SENDER', url: `${base}/cpo/2.2.1/locations` },
      { identifier: 'locations', role: 'RECEIVER', url: `${base}/emsp/2.2.1/locations/` },
      { identifier: 'tokens', role: 'RECEIVER', url: `${base}/cpo/2.2.1/tokens` },
      { identifier: 'nltnm-tokens', role: 'SENDER', url: `${base}/custom/tokens` },
    ],
  });

  test('VER-09, CRED-05: picks the highest mutual version (2.2.1) and reads its endpoints', async () => {
    documents = {
      '/versions': [
        { version: '2.1.1', url: `${base}/2.1.1` },
        { version: '2.2.1', url: `${base}/2.2.1` },
        { version: '2.2', url: `${base}/2.2` },
        { version: '3.0', url: `${base}/3.0` },
      ],
      '/2.2.1': details221(),
    };
    const client = new OcpiClient({ token: 'token-a', routing });
    const negotiated = await negotiateVersion(client, `${base}/versions`, { correlationId: 'registration-1' });
    assert.equal(negotiated.version, '2.2.1');
    assert.equal(negotiated.detailsUrl, `${base}/2.2.1`);
    assert.equal(negotiated.endpoints.url('locations', 'SENDER'), `${base}/cpo/2.2.1/locations`);
    assert.equal(negotiated.endpoints.url('locations', 'RECEIVER'), `${base}/emsp/2.2.1/locations/`);
    assert.equal(negotiated.endpoints.url('tokens', 'SENDER'), undefined);
    assert.equal(negotiated.endpointList.length, 5, 'the raw list keeps custom modules for storage');

    const [versions, details] = partner.requests.slice(-2).map((r) => r.headers);
    assert.deepEqual(
      partner.requests.slice(-2).map((r) => r.url),
      ['/versions', '/2.2.1'],
    );
    assert.equal(versions!['x-correlation-id'], 'registration-1', 'T-22: both GETs in one chain');
    assert.equal(details!['x-correlation-id'], 'registration-1');
    assert.notEqual(versions!['x-request-id'], details!['x-request-id']);
    assert.equal(versions!['ocpi-to-party-id'], undefined, 'T-24: no routing headers on versions');
    assert.equal(details!['authorization'], `Token ${Buffer.from('token-a').toString('base64')}`);
  });

  test('CRED-10: no 2.2.1 offered → OcpiUnsupportedVersionError (the credentials module answers 3002)', async () => {
    documents = {
      '/versions': [
        { version: '2.1.1', url: `${base}/2.1.1` },
        { version: '2.2', url: `${base}/2.2` },
      ],
    };
    const client = new OcpiClient({ token: 't' });
    await assert.rejects(negotiateVersion(client, `${base}/versions`), (error: unknown) => {
      assert.ok(error instanceof OcpiUnsupportedVersionError);
      assert.deepEqual(error.offered, ['2.1.1', '2.2']);
      assert.deepEqual(error.supported, ['2.2.1']);
      return true;
    });
  });

  test('malformed version entries are skipped, not fatal', async () => {
    documents = {
      '/versions': [{ version: '2.1.1' }, { url: `${base}/x` }, 42, { version: '2.2.1', url: `${base}/2.2.1` }],
      '/2.2.1': details221(),
    };
    const negotiated = await negotiateVersion(new OcpiClient({ token: 't' }), `${base}/versions`);
    assert.equal(negotiated.version, '2.2.1');
  });

  test('CRED-09: versions data that is not a list → invalid response (→ 3001)', async () => {
    documents = { '/versions': { version: '2.2.1', url: `${base}/2.2.1` } };
    await assert.rejects(negotiateVersion(new OcpiClient({ token: 't' }), `${base}/versions`), OcpiInvalidResponseError);
  });

  test('CRED-09: details without an endpoints list → invalid response naming data.endpoints', async () => {
    documents = { '/versions': [{ version: '2.2.1', url: `${base}/2.2.1` }], '/2.2.1': { version: '2.2.1' } };
    await assert.rejects(negotiateVersion(new OcpiClient({ token: 't' }), `${base}/versions`), (error: unknown) => {
      assert.ok(error instanceof OcpiInvalidResponseError);
      assert.equal(error.path, 'data.endpoints');
      return true;
    });
  });

  test('selectVersion prefers the first supported version the partner offers', () => {
    const offered = [
      { version: '2.1.1', url: 'https://p.example/2.1.1' },
      { version: '2.2.1', url: 'https://p.example/2.2.1' },
    ];
    assert.equal(selectVersion(offered, ['2.2.1', '2.1.1']).version, '2.2.1');
    assert.equal(selectVersion(offered, ['3.0', '2.1.1']).version, '2.1.1');
    assert.throws(() => selectVersion(offered, ['2.2']), OcpiUnsupportedVersionError);
  });
});

describe('PartnerEndpoints', () => {
  const endpoints = new PartnerEndpoints([
    { identifier: 'credentials', role: 'SENDER', url: 'https://p.example/credentials' },
    { identifier: 'sessions', role: 'SENDER', url: 'https://p.example/cpo/sessions' },
    { identifier: 'sessions', role: 'SENDER', url: 'https://p.example/cpo/sessions-duplicate' },
    { identifier: 'cdrs', role: 'RECEIVER', url: 'https://p.example/emsp/cdrs' },
    { identifier: 'nltnm-tokens', role: 'RECEIVER', url: 'https://p.example/custom' },
  ]);

  test('VER-07, PIT-24: the credentials endpoint is found whatever its role', () => {
    assert.equal(endpoints.url('credentials'), 'https://p.example/credentials');
    assert.equal(endpoints.url('credentials', 'RECEIVER'), 'https://p.example/credentials');
    assert.equal(endpoints.require('credentials', 'SENDER'), 'https://p.example/credentials');
  });

  test('VER-05: custom module IDs are ignored', () => {
    assert.deepEqual(
      endpoints.all.map((e) => e.identifier),
      ['credentials', 'sessions', 'sessions', 'cdrs'],
    );
  });

  test('VER-06: lookup by module and role; the first of duplicates wins', () => {
    assert.equal(endpoints.url('sessions', 'SENDER'), 'https://p.example/cpo/sessions');
    assert.equal(endpoints.url('sessions', 'RECEIVER'), undefined);
    assert.equal(endpoints.has('cdrs', 'RECEIVER'), true);
    assert.equal(endpoints.has('cdrs', 'SENDER'), false);
  });

  test('CRED-05 step 3: missing required endpoints are named (→ 3003)', () => {
    assert.throws(() => endpoints.require('tokens', 'RECEIVER'), (error: unknown) => {
      assert.ok(error instanceof OcpiMissingEndpointError);
      assert.equal(error.module, 'tokens');
      assert.equal(error.role, 'RECEIVER');
      return true;
    });
    assert.deepEqual(
      endpoints.missing([
        ['sessions', 'SENDER'],
        ['tokens', 'RECEIVER'],
        ['commands', 'RECEIVER'],
      ]),
      [
        ['tokens', 'RECEIVER'],
        ['commands', 'RECEIVER'],
      ],
    );
  });
});
