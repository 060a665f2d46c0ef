import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OcpiClient } from '../../src/client/index.js';
import type { Routing } from '../../src/client/index.js';
import { reply, startPartner } from './partner-server.js';
import type { Partner } from './partner-server.js';

const routing: Routing = { from: { countryCode: 'nl', partyId: 'evr' }, to: { countryCode: 'DE', partyId: 'ABC' } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('OcpiClient request headers', () => {
  let partner: Partner;
  before(async () => {
    partner = await startPartner((_request, response) => reply(response, 200, 1000, {}));
  });
  after(() => partner.close());

  const last = () => partner.requests.at(-1)!;

  test('T-02: Authorization is `Token ` + Base64 of the token', async () => {
    const client = new OcpiClient({ token: 'example-token' });
    await client.get('versions', `${partner.base}/versions`);
    assert.equal(last().headers.authorization, 'Token ZXhhbXBsZS10b2tlbg==');
  });

  test('T-03, PIT-01: a partner flagged legacyPlainToken gets the raw token', async () => {
    const client = new OcpiClient({ token: 'example-token', legacyPlainToken: true });
    await client.get('versions', `${partner.base}/versions`);
    assert.equal(last().headers.authorization, 'Token example-token');
  });

  test('withToken switches the token and keeps the rest (CRED-08)', async () => {
    const client = new OcpiClient({ token: 'token-a', routing }).withToken('token-c');
    await client.get('locations', `${partner.base}/locations`);
    assert.equal(last().headers.authorization, `Token ${Buffer.from('token-c').toString('base64')}`);
    assert.equal(last().headers['ocpi-to-party-id'], 'ABC');
  });

  test('T-20: every request has a new X-Request-ID UUID, and an X-Correlation-ID', async () => {
    const client = new OcpiClient({ token: 't' });
    const first = await client.get('versions', `${partner.base}/versions`);
    const firstHeaders = last().headers;
    const second = await client.get('versions', `${partner.base}/versions`);
    const secondHeaders = last().headers;
    assert.match(String(firstHeaders['x-request-id']), UUID);
    assert.match(String(firstHeaders['x-correlation-id']), UUID);
    assert.notEqual(firstHeaders['x-request-id'], secondHeaders['x-request-id']);
    assert.notEqual(firstHeaders['x-correlation-id'], secondHeaders['x-correlation-id']);
    assert.equal(first.requestId, firstHeaders['x-request-id']);
    assert.equal(second.correlationId, secondHeaders['x-correlation-id']);
  });

  test('T-22: a given X-Correlation-ID is kept while X-Request-ID is new', async () => {
    const client = new OcpiClient({ token: 't' });
    await client.get('versions', `${partner.base}/versions`, { correlationId: 'chain-1' });
    const first = last().headers;
    await client.get('versions', `${partner.base}/versions/2.2.1`, { correlationId: 'chain-1' });
    const second = last().headers;
    assert.equal(first['x-correlation-id'], 'chain-1');
    assert.equal(second['x-correlation-id'], 'chain-1');
    assert.notEqual(first['x-request-id'], second['x-request-id']);
  });

  for (const module of ['locations', 'sessions', 'cdrs', 'tariffs', 'tokens', 'commands', 'chargingprofiles']) {
    test(`T-23, T-25: routing headers on ${module}, upper case (PIT-21)`, async () => {
      const client = new OcpiClient({ token: 't', routing });
      await client.get(module, `${partner.base}/${module}`);
      const headers = last().headers;
      assert.equal(headers['ocpi-from-country-code'], 'NL');
      assert.equal(headers['ocpi-from-party-id'], 'EVR');
      assert.equal(headers['ocpi-to-country-code'], 'DE');
      assert.equal(headers['ocpi-to-party-id'], 'ABC');
    });
  }

  for (const module of ['credentials', 'versions', 'hubclientinfo', 'nltnm-tokens']) {
    test(`T-24, CRED-18: no routing headers on ${module}`, async () => {
      const client = new OcpiClient({ token: 't', routing });
      await client.get(module, `${partner.base}/${module}`);
      const names = Object.keys(last().headers).filter((name) => name.startsWith('ocpi-'));
      assert.deepEqual(names, []);
      assert.ok(last().headers['x-request-id'], 'CRED-18: request IDs still sent');
    });
  }

  test('T-23: per-request routing overrides the client default (partner hosting several parties)', async () => {
    const client = new OcpiClient({ token: 't', routing });
    const other: Routing = { from: routing.from, to: { countryCode: 'BE', partyId: 'XYZ' } };
    await client.put('tokens', `${partner.base}/tokens/NL/EVR/1`, {}, { routing: other });
    assert.equal(last().headers['ocpi-to-country-code'], 'BE');
    assert.equal(last().headers['ocpi-to-party-id'], 'XYZ');
  });

  test('T-09: Content-Type application/json on PUT/PATCH/POST with a body, none on GET/DELETE', async () => {
    const client = new OcpiClient({ token: 't', routing });
    const url = `${partner.base}/tariffs/NL/EVR/T1`;
    for (const send of [
      () => client.put('tariffs', url, { id: 'T1' }),
      () => client.patch('tariffs', url, { id: 'T1' }),
      () => client.post('tariffs', url, { id: 'T1' }),
    ]) {
      await send();
      assert.equal(last().headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(last().body), { id: 'T1' });
    }
    await client.get('tariffs', url);
    assert.equal(last().headers['content-type'], undefined);
    await client.delete('tariffs', url);
    assert.equal(last().headers['content-type'], undefined);
    await client.post('tokens', `${partner.base}/tokens/1/authorize`);
    assert.equal(last().headers['content-type'], undefined, 'POST without body (authorize without LocationReferences)');
    assert.equal(last().body, '');
  });

  test('an already serialized JSON body is sent byte for byte', async () => {
    const client = new OcpiClient({ token: 't' });
    const json = '{"id":"L1","name":"Caf\\u00e9",  "evses":[]}';
    await client.put('locations', `${partner.base}/locations/NL/EVR/L1`, json);
    assert.equal(last().body, json);
    assert.equal(last().headers['content-type'], 'application/json');
  });

  test('query parameters are added to those the URL has, undefined ones left out', async () => {
    const client = new OcpiClient({ token: 't' });
    await client.post('tokens', `${partner.base}/tokens/012345/authorize?x=1`, undefined, {
      query: { type: 'APP_USER', skipped: undefined },
    });
    assert.equal(last().url, '/tokens/012345/authorize?x=1&type=APP_USER');
  });

  test('keep-alive: consecutive requests to one partner reuse their connections', async () => {
    const fresh = await startPartner((_request, response) => reply(response, 200, 1000));
    try {
      const client = new OcpiClient({ token: 't', routing });
      for (let i = 0; i < 20; i++) await client.put('sessions', `${fresh.base}/sessions/NL/EVR/${i}`, { id: String(i) });
      assert.equal(fresh.requests.length, 20);
      // undici may open a second socket while the first one is still being handed back to its pool;
      // what matters is that 20 pushes do not cost 20 TCP handshakes.
      assert.ok(fresh.connections() <= 2, `${fresh.connections()} connections for 20 requests`);
    } finally {
      await fresh.close();
    }
  });
});
