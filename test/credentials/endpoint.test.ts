/**
 * The credentials and versions endpoints as a partner sees them, black-box over HTTP: every
 * 401, 405 and 3001 path, and the invalid-input matrix (T-04, T-05, CRED-09..CRED-19, ST-02, ST-03).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends } from '../helpers/backends.js';
import { CPO_PARTY, EMSP_PARTY, freePort, ocpiFetch, startNode } from '../helpers/nodes.js';
import type { TestNode } from '../helpers/nodes.js';

const goodRoles = [{ role: 'EMSP', country_code: 'DE', party_id: 'MSP', business_details: { name: 'x' } }];

for (const backend of backends) {
  describe(`credentials endpoint as a partner sees it (${backend.name})`, { skip: backend.skip }, () => {
    let cpo: TestNode;
    let emsp: TestNode;
    let credentialsUrl: string;

    before(async () => {
      cpo = await startNode(backend, { parties: [CPO_PARTY] });
      emsp = await startNode(backend, { parties: [EMSP_PARTY] });
      credentialsUrl = `${cpo.baseUrl}/ocpi/2.2.1/credentials`;
    });
    after(async () => {
      await cpo?.close();
      await emsp?.close();
    });

    test('T-04/PIT-04: missing, wrong-scheme and unknown tokens get 401 with the envelope on versions and details', async () => {
      for (const url of [cpo.node.versionsUrl, `${cpo.baseUrl}/ocpi/2.2.1`, credentialsUrl]) {
        for (const headers of [{} as Record<string, string>, { Authorization: 'Bearer abc' }, { Authorization: `Token ${Buffer.from('nope').toString('base64')}` }]) {
          const res = await ocpiFetch(url, undefined, { headers });
          assert.equal(res.status, 401, `${url} ${JSON.stringify(headers)}`);
          assert.equal(res.json.status_code, 2000);
          assert.match(res.json.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
        }
      }
    });

    test('T-04: every endpoint URL in version details, and any other /ocpi path, answers 401 before 404', async () => {
      const { tokenA } = await cpo.node.partners.invite('prober');
      const details = await ocpiFetch(`${cpo.baseUrl}/ocpi/2.2.1`, tokenA);
      // Receiver interfaces (tokens, commands, chargingprofiles, hubclientinfo) offer nothing on the bare URL.
      const urls = [...details.json.data.endpoints.map((e: { url: string }) => e.url), `${cpo.baseUrl}/ocpi/no/such/path`];
      for (const url of urls) {
        for (const headers of [{} as Record<string, string>, { Authorization: `Token ${Buffer.from('nope').toString('base64')}` }]) {
          const res = await ocpiFetch(url, undefined, { headers });
          assert.equal(res.status, 401, `${url} ${JSON.stringify(headers)}: ${res.text}`);
          assert.equal(res.json.status_code, 2000);
        }
      }
      const withA = await ocpiFetch(`${cpo.baseUrl}/ocpi/no/such/path`, tokenA);
      assert.equal(withA.status, 401, 'T-05: token A opens versions and credentials only');
      const { tokenA: laterA } = await cpo.node.partners.invite('registered prober');
      const registered = await emsp.node.credentials.registerWith('cpo', cpo.node.versionsUrl, laterA);
      const known = await ocpiFetch(`${cpo.baseUrl}/ocpi/no/such/path`, registered.tokenToPartner!);
      assert.equal(known.status, 404, 'a registered partner learns that the path does not exist');
      assert.equal(known.json.status_code, 2000);
      assert.equal((await ocpiFetch(`${cpo.baseUrl}/no/such/path`, undefined)).status, 404, 'outside /ocpi nothing is authenticated');
    });

    test('VER-02/VER-03/VER-06: versions and details with token A list 2.2.1 and exactly the own interfaces', async () => {
      const { tokenA } = await cpo.node.partners.invite('reader');
      const versions = await ocpiFetch(cpo.node.versionsUrl, tokenA);
      assert.equal(versions.status, 200);
      assert.equal(versions.json.status_code, 1000);
      assert.deepEqual(versions.json.data, [{ version: '2.2.1', url: `${cpo.baseUrl}/ocpi/2.2.1` }]);
      const details = await ocpiFetch(versions.json.data[0].url, tokenA);
      assert.equal(details.json.data.version, '2.2.1');
      const credentials = details.json.data.endpoints.filter((e: any) => e.identifier === 'credentials');
      assert.deepEqual(credentials, [{ identifier: 'credentials', role: 'SENDER', url: credentialsUrl }]);
      for (const e of details.json.data.endpoints) assert.ok(!e.url.includes('/emsp/'), `a CPO-only node lists no eMSP interface: ${e.url}`);
    });

    test('T-21: X-Request-ID and X-Correlation-ID are echoed, on errors too', async () => {
      const res = await ocpiFetch(cpo.node.versionsUrl, undefined, { headers: { 'X-Request-ID': 'req-1', 'X-Correlation-ID': 'corr-1' } });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('x-request-id'), 'req-1');
      assert.equal(res.headers.get('x-correlation-id'), 'corr-1');
      const generated = await ocpiFetch(cpo.node.versionsUrl, undefined);
      assert.match(generated.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    });

    test('CRED-14/CRED-15/CRED-16/T-08: PUT, DELETE with token A and PATCH get 405 with the envelope', async () => {
      const { tokenA } = await cpo.node.partners.invite('early');
      const body = { token: 'x'.repeat(10), url: emsp.node.versionsUrl, roles: goodRoles };
      for (const method of ['PUT', 'DELETE', 'PATCH']) {
        const res = await ocpiFetch(credentialsUrl, tokenA, { method, ...(method === 'DELETE' ? {} : { body }) });
        assert.equal(res.status, 405, method);
        assert.equal(res.json.status_code, 2000);
      }
      assert.equal((await ocpiFetch(cpo.node.versionsUrl, tokenA)).status, 200, 'token A still usable');
    });

    test('CRED-14: PUT with token A gets 405 whatever the body, before the body is validated', async () => {
      const { tokenA } = await cpo.node.partners.invite('early-invalid');
      for (const body of [{ token: 'a b', url: 'not a url', roles: [] }, {}, [1]]) {
        const res = await ocpiFetch(credentialsUrl, tokenA, { method: 'PUT', body });
        assert.equal(res.status, 405, `${JSON.stringify(body)}: ${res.text}`);
        assert.equal(res.json.status_code, 2000);
      }
    });

    test('CRED-11: a second POST from a registered partner gets 405 whatever the body', async () => {
      const { tokenA } = await cpo.node.partners.invite('twice-invalid');
      const atEmsp = await emsp.node.credentials.registerWith('cpo', cpo.node.versionsUrl, tokenA);
      for (const body of [{ token: 'a b' }, {}, [1]]) {
        const res = await ocpiFetch(credentialsUrl, atEmsp.tokenToPartner!, { method: 'POST', body });
        assert.equal(res.status, 405, `${JSON.stringify(body)}: ${res.text}`);
        assert.equal(res.json.status_code, 2000);
      }
    });

    test('CRED-11: a second POST from a registered partner gets 405', async () => {
      const { tokenA } = await cpo.node.partners.invite('twice');
      const atEmsp = await emsp.node.credentials.registerWith('cpo', cpo.node.versionsUrl, tokenA);
      const again = await ocpiFetch(credentialsUrl, atEmsp.tokenToPartner!, {
        method: 'POST',
        body: { token: 'another-token', url: emsp.node.versionsUrl, roles: goodRoles },
      });
      assert.equal(again.status, 405);
      const get = await ocpiFetch(credentialsUrl, atEmsp.tokenToPartner!);
      assert.equal(get.status, 200);
      assert.equal(get.json.data.token, atEmsp.tokenToPartner, 'CRED-12: GET returns the token the caller uses');
      assert.equal(get.json.data.url, cpo.node.versionsUrl);
      assert.deepEqual(get.json.data.roles[0].party_id, 'CPO');
    });

    test('CRED-09/ST-03: an unreachable partner API answers 3001 with HTTP 200, nothing registered, A still usable', async () => {
      const { partner, tokenA } = await cpo.node.partners.invite('unreachable');
      const deadUrl = `http://127.0.0.1:${await freePort()}/ocpi/versions`;
      const res = await ocpiFetch(credentialsUrl, tokenA, { method: 'POST', body: { token: 'token-b-123', url: deadUrl, roles: goodRoles } });
      assert.equal(res.status, 200);
      assert.equal(res.json.status_code, 3001);
      assert.equal((await cpo.node.partners.get(partner.id))!.status, 'INVITED');
      assert.equal((await ocpiFetch(cpo.node.versionsUrl, tokenA)).status, 200);
      const events = (await cpo.node.partners.auditTrail(partner.id)).map((a) => a.event);
      assert.deepEqual(events, ['invited', 'registration_failed']);
    });

    test('CRED-09: a partner that refuses its own token B answers 3001', async () => {
      const { tokenA } = await cpo.node.partners.invite('refuses');
      const res = await ocpiFetch(credentialsUrl, tokenA, {
        method: 'POST',
        body: { token: 'token-the-emsp-never-issued', url: emsp.node.versionsUrl, roles: goodRoles },
      });
      assert.equal(res.json.status_code, 3001);
      assert.match(res.json.status_message, /401|Unauthorized/i);
    });

    test('ST-02/ST-03/CRED-19: the invalid-input matrix never yields 5xx and leaves token A usable', async () => {
      const { tokenA } = await cpo.node.partners.invite('fuzzy');
      const cases: Array<{ name: string; rawBody?: string; body?: unknown; http: number; field?: RegExp }> = [
        { name: 'malformed JSON', rawBody: '{"token": "abc",', http: 400 },
        { name: 'empty body', rawBody: '', http: 400 },
        { name: 'JSON array instead of object', body: [1, 2], http: 200 },
        { name: 'missing token', body: { url: emsp.node.versionsUrl, roles: goodRoles }, http: 200, field: /token/ },
        { name: 'token too long', body: { token: 'x'.repeat(65), url: emsp.node.versionsUrl, roles: goodRoles }, http: 200, field: /token/ },
        { name: 'token with whitespace', body: { token: 'a b', url: emsp.node.versionsUrl, roles: goodRoles }, http: 200, field: /token/ },
        { name: 'wrong type', body: { token: 42, url: emsp.node.versionsUrl, roles: goodRoles }, http: 200, field: /token/ },
        { name: 'url not a URL', body: { token: 'abc', url: 'not a url', roles: goodRoles }, http: 200, field: /url/ },
        { name: 'no roles', body: { token: 'abc', url: emsp.node.versionsUrl, roles: [] }, http: 200, field: /roles/ },
        {
          name: 'unknown role enum',
          body: { token: 'abc', url: emsp.node.versionsUrl, roles: [{ ...goodRoles[0], role: 'DRIVER' }] },
          http: 200,
          field: /roles\[0\]\.role/,
        },
        {
          name: 'party_id too long',
          body: { token: 'abc', url: emsp.node.versionsUrl, roles: [{ ...goodRoles[0], party_id: 'ABCD' }] },
          http: 200,
          field: /roles\[0\]\.party_id/,
        },
      ];
      for (const c of cases) {
        const res = await ocpiFetch(credentialsUrl, tokenA, { method: 'POST', ...(c.rawBody !== undefined ? { rawBody: c.rawBody } : { body: c.body }) });
        assert.equal(res.status, c.http, `${c.name}: HTTP ${res.status} ${res.text}`);
        assert.equal(res.json.status_code, 2001, c.name);
        if (c.field) assert.match(res.json.status_message, c.field, c.name);
      }
      assert.equal((await ocpiFetch(cpo.node.versionsUrl, tokenA)).status, 200);
    });

    test('body size limit: an oversized body is refused with 413 and the envelope', async () => {
      const { tokenA } = await cpo.node.partners.invite('big');
      const res = await ocpiFetch(credentialsUrl, tokenA, { method: 'POST', rawBody: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }) });
      assert.equal(res.status, 413);
      assert.equal(res.json.status_code, 2000);
    });

    test('PIT-18: trailing slashes are tolerated; unknown paths are 404 with the envelope', async () => {
      const { tokenA } = await cpo.node.partners.invite('slashes');
      assert.equal((await ocpiFetch(`${cpo.node.versionsUrl}/`, tokenA)).status, 200);
      const registered = await emsp.node.credentials.registerWith('cpo', cpo.node.versionsUrl, tokenA);
      const missing = await ocpiFetch(`${cpo.baseUrl}/ocpi/2.2.1/nothing`, registered.tokenToPartner!);
      assert.equal(missing.status, 404);
      assert.equal(missing.json.status_code, 2000);
    });

    test('T-03: a partner flagged legacy may send its raw token; others may not', async () => {
      const legacy = await cpo.node.partners.invite('old peer', { legacyPlainToken: true });
      const modern = await cpo.node.partners.invite('new peer');
      const raw = (t: string) => ocpiFetch(cpo.node.versionsUrl, undefined, { headers: { Authorization: `Token ${t}` } });
      assert.equal((await raw(legacy.tokenA)).status, 200);
      assert.equal((await raw(modern.tokenA)).status, 401);
      assert.equal((await ocpiFetch(cpo.node.versionsUrl, legacy.tokenA)).status, 200, 'Base64 still works for a legacy partner');
    });
  });
}
