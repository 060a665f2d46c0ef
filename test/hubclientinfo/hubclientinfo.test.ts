/**
 * HubClientInfo Receiver (HUB-01..HUB-05, T-24): a hub pushes ClientInfo objects to a CPO node and
 * an eMSP node alike; only hubs may push, each sees only its own, no routing headers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hubClientInfoOf } from '../../src/modules/hubclientinfo/index.js';
import { backends } from '../helpers/backends.js';
import { CPO_PARTY, EMSP_PARTY, ocpiFetch, startNode } from '../helpers/nodes.js';
import type { TestNode } from '../helpers/nodes.js';

/** A registered partner with the given role, as a hub (which evroam cannot play) would be after registration. */
async function registeredPartner(node: TestNode, role: 'HUB' | 'EMSP', partyId: string): Promise<string> {
  const { partner } = await node.node.partners.invite(`${role} ${partyId}`);
  const done = await node.node.partners.completeRegistration(partner.id, undefined, {
    versionsUrl: 'https://partner.example.com/ocpi/versions',
    version: '2.2.1',
    endpoints: [],
    roles: [{ role, country_code: 'NL', party_id: partyId, business_details: { name: `${role} ${partyId}` } }],
    tokenToPartner: `to-${partyId}`,
  });
  return done!.tokenC;
}

const info = (status: string, extra: Record<string, unknown> = {}) => ({
  country_code: 'NL',
  party_id: 'ALL',
  role: 'CPO',
  status,
  last_updated: '2026-01-01T10:00:00Z',
  ...extra,
});

for (const backend of backends) {
  describe(`hubclientinfo receiver (${backend.name})`, { skip: backend.skip }, () => {
    const nodes: TestNode[] = [];

    before(async () => {
      nodes.push(await startNode(backend, { parties: [CPO_PARTY] }));
      nodes.push(await startNode(backend, { parties: [EMSP_PARTY] }));
    });
    after(async () => {
      for (const node of nodes) await node.close();
    });

    test('VER-06: both roles list hubclientinfo RECEIVER under the configuration path', async () => {
      for (const node of nodes) {
        const token = await registeredPartner(node, 'EMSP', 'VER');
        const details = await ocpiFetch(`${node.baseUrl}/ocpi/2.2.1`, token);
        const endpoint = details.json.data.endpoints.find((e: any) => e.identifier === 'hubclientinfo');
        assert.deepEqual(endpoint, { identifier: 'hubclientinfo', role: 'RECEIVER', url: `${node.baseUrl}/ocpi/2.2.1/hubclientinfo` });
      }
    });

    test('HUB-01/HUB-03/HUB-04: a hub PUTs (201, then 200) and GETs ClientInfo; SUSPENDED makes the party unreachable', async () => {
      for (const node of nodes) {
        const hub = await registeredPartner(node, 'HUB', 'HUB');
        const url = `${node.baseUrl}/ocpi/2.2.1/hubclientinfo/nl/all`;
        const created = await ocpiFetch(url, hub, { method: 'PUT', body: info('CONNECTED') });
        assert.equal(created.status, 201);
        assert.equal(created.json.status_code, 1000);
        assert.equal(await hubClientInfoOf(node.node.context).reachable('NL', 'ALL'), true);

        const updated = await ocpiFetch(url, hub, { method: 'PUT', body: info('SUSPENDED', { last_updated: '2026-01-01T11:00:00Z' }) });
        assert.equal(updated.status, 200);
        const got = await ocpiFetch(url, hub);
        assert.equal(got.status, 200);
        assert.deepEqual(got.json.data, info('SUSPENDED', { last_updated: '2026-01-01T11:00:00Z' }));
        assert.equal(await hubClientInfoOf(node.node.context).statusOf('nl', 'all'), 'SUSPENDED');
        assert.equal(await hubClientInfoOf(node.node.context).reachable('NL', 'ALL'), false);
        assert.equal(await hubClientInfoOf(node.node.context).reachable('NL', 'XYZ'), true, 'parties no hub reported on stay reachable');
      }
    });

    test('T-24: no routing headers on a configuration module answer', async () => {
      const node = nodes[0]!;
      const hub = await registeredPartner(node, 'HUB', 'HB2');
      const res = await ocpiFetch(`${node.baseUrl}/ocpi/2.2.1/hubclientinfo/NL/ALL`, hub, {
        method: 'PUT',
        body: info('CONNECTED'),
        headers: { 'OCPI-to-country-code': 'NL', 'OCPI-to-party-id': 'CPO', 'OCPI-from-country-code': 'NL', 'OCPI-from-party-id': 'HB2' },
      });
      assert.equal(res.status, 201);
      for (const name of ['ocpi-to-country-code', 'ocpi-to-party-id', 'ocpi-from-country-code', 'ocpi-from-party-id']) {
        assert.equal(res.headers.get(name), null, name);
      }
    });

    test('HUB-05/T-29: a partner that is no hub cannot PUT, and sees no hub\'s ClientInfo', async () => {
      const node = nodes[0]!;
      const emsp = await registeredPartner(node, 'EMSP', 'MSP');
      const put = await ocpiFetch(`${node.baseUrl}/ocpi/2.2.1/hubclientinfo/NL/ALL`, emsp, { method: 'PUT', body: info('CONNECTED') });
      assert.equal(put.status, 404);
      assert.equal(put.json.status_code, 2001);
      const get = await ocpiFetch(`${node.baseUrl}/ocpi/2.2.1/hubclientinfo/NL/ALL`, emsp);
      assert.equal(get.status, 404);
      assert.equal(get.json.status_code, 2001);
      const otherHub = await registeredPartner(node, 'HUB', 'HB3');
      assert.equal((await ocpiFetch(`${node.baseUrl}/ocpi/2.2.1/hubclientinfo/NL/ALL`, otherHub)).status, 404, 'each hub sees its own');
    });

    test('HUB-03/T-30/ST-03: the invalid-input matrix answers 2001 naming the field, never 5xx', async () => {
      const node = nodes[1]!;
      const hub = await registeredPartner(node, 'HUB', 'HB4');
      const url = (cc = 'NL', pid = 'ALL') => `${node.baseUrl}/ocpi/2.2.1/hubclientinfo/${cc}/${pid}`;
      const { status: _status, ...withoutStatus } = info('CONNECTED');
      const cases: Array<{ name: string; url?: string; body: unknown; field: RegExp }> = [
        { name: 'missing status', body: withoutStatus, field: /status/ },
        { name: 'unknown status', body: info('ONLINE'), field: /status/ },
        { name: 'unknown role', body: info('CONNECTED', { role: 'DRIVER' }), field: /role/ },
        { name: 'last_updated with offset', body: info('CONNECTED', { last_updated: '2026-01-01T10:00:00+02:00' }), field: /last_updated/ },
        { name: 'party_id too long', url: url('NL', 'ALL'), body: info('CONNECTED', { party_id: 'ALLX' }), field: /party_id/ },
        { name: 'body party differs from URL', url: url('NL', 'ABC'), body: info('CONNECTED'), field: /party_id/ },
        { name: 'body country differs from URL', url: url('DE', 'ALL'), body: info('CONNECTED'), field: /country_code/ },
        { name: 'URL country_code too long', url: url('NLD', 'ALL'), body: info('CONNECTED'), field: /country_code/ },
        { name: 'array body', body: [info('CONNECTED')], field: /object/ },
      ];
      for (const c of cases) {
        const res = await ocpiFetch(c.url ?? url(), hub, { method: 'PUT', body: c.body });
        assert.equal(res.status, 200, `${c.name}: HTTP ${res.status} ${res.text}`);
        assert.equal(res.json.status_code, 2001, c.name);
        assert.match(res.json.status_message, c.field, c.name);
      }
      for (const method of ['POST', 'PATCH', 'DELETE']) {
        assert.equal((await ocpiFetch(url(), hub, { method, body: info('CONNECTED') })).status, 405, `HUB-01: ${method} is n/a`);
      }
      assert.equal((await ocpiFetch(url(), 'nobody', { method: 'PUT', body: info('CONNECTED') })).status, 401);
    });
  });
}
