/**
 * Routing parties on a platform hosting several parties (T-23..T-26, PIT-09): the TO headers pick
 * the addressed own party, whose objects alone are listed; without TO headers a platform with
 * several parties of the interface's role refuses (404 + 2001 naming the header). Interfaces are
 * served only for the roles the node plays.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { OwnPartyConfig } from '../../src/config/schema.js';
import { backends } from '../helpers/backends.js';
import { EMSP_PARTY, ocpiFetch, startNode } from '../helpers/nodes.js';
import type { TestNode } from '../helpers/nodes.js';
import { at, location } from '../locations/fixtures.js';

const CP1: OwnPartyConfig = { role: 'CPO', country_code: 'NL', party_id: 'CP1', business_details: { name: 'CPO one' } };
const CP2: OwnPartyConfig = { role: 'CPO', country_code: 'NL', party_id: 'CP2', business_details: { name: 'CPO two' } };

for (const backend of backends) {
  describe(`routing parties on a multi-party platform (${backend.name})`, { skip: backend.skip }, () => {
    let cpo: TestNode;
    let emsp: TestNode;
    let token: string;
    let url: string;

    before(async () => {
      cpo = await startNode(backend, { parties: [CP1, CP2] });
      emsp = await startNode(backend, { parties: [EMSP_PARTY] });
      const { tokenA } = await cpo.node.partners.invite('the eMSP');
      const atEmsp = await emsp.node.credentials.registerWith('the platform', cpo.node.versionsUrl, tokenA);
      token = atEmsp.tokenToPartner!;
      url = atEmsp.endpoints.find((e) => e.identifier === 'locations' && e.role === 'SENDER')!.url;
      const own = cpo.node.services.locations!.cpo!;
      await own.putLocation(location('A1', at(0), {}, { country_code: 'NL', party_id: 'CP1' }));
      await own.putLocation(location('A2', at(1), {}, { country_code: 'NL', party_id: 'CP1' }));
      await own.putLocation(location('B1', at(2), {}, { country_code: 'nl', party_id: 'cp2' }));
    });
    after(async () => {
      await cpo?.close();
      await emsp?.close();
    });

    const to = (p: OwnPartyConfig) => ({ 'OCPI-to-country-code': p.country_code, 'OCPI-to-party-id': p.party_id });

    test('T-26: the TO headers pick the addressed party; only its objects are listed and readable', async () => {
      const one = await ocpiFetch(url, token, { headers: to(CP1) });
      assert.deepEqual(one.json.data.map((l: { id: string }) => l.id), ['A1', 'A2']);
      assert.equal(one.headers.get('ocpi-from-party-id'), 'CP1');
      assert.equal(one.headers.get('ocpi-to-party-id'), 'MSP');
      const two = await ocpiFetch(url, token, { headers: { 'ocpi-to-country-code': 'nl', 'ocpi-to-party-id': 'cp2' } });
      assert.deepEqual(two.json.data.map((l: { id: string }) => l.id), ['B1']);
      assert.equal(two.headers.get('x-total-count'), '1');
      const crossParty = await ocpiFetch(`${url}/A1`, token, { headers: to(CP2) });
      assert.equal(crossParty.status, 404);
      assert.equal(crossParty.json.status_code, 2003);
    });

    test('T-26: without TO headers a platform with several CPO parties refuses, naming the header', async () => {
      const answer = await ocpiFetch(url, token);
      assert.equal(answer.status, 404);
      assert.equal(answer.json.status_code, 2001);
      assert.match(answer.json.status_message, /^OCPI-to-party-id:/);
    });

    test('ROLE-01: a CPO-only node serves no eMSP interfaces', async () => {
      const receiver = await ocpiFetch(`${cpo.baseUrl}/ocpi/emsp/2.2.1/locations/DE/MSP/X`, token, { headers: to(CP1) });
      assert.equal(receiver.status, 404);
      const details = await ocpiFetch(`${cpo.baseUrl}/ocpi/2.2.1`, token);
      const mine = details.json.data.endpoints.filter((e: { identifier: string }) => ['locations', 'tariffs'].includes(e.identifier));
      assert.deepEqual(mine.map((e: { identifier: string; role: string }) => `${e.identifier} ${e.role}`).sort(), ['locations SENDER', 'tariffs SENDER']);
    });
  });
}

const EM1: OwnPartyConfig = { role: 'EMSP', country_code: 'NL', party_id: 'EM1', business_details: { name: 'eMSP one' } };
const PARTNER_CPO: OwnPartyConfig = { role: 'CPO', country_code: 'BE', party_id: 'PCP', business_details: { name: 'Partner CPO' } };
const PARTNER_EMSP: OwnPartyConfig = { role: 'EMSP', country_code: 'BE', party_id: 'PEM', business_details: { name: 'Partner eMSP' } };

for (const backend of backends) {
  describe(`routing headers for a partner hosting a CPO and an eMSP party (${backend.name})`, { skip: backend.skip }, () => {
    let platform: TestNode;
    let partner: TestNode;
    let token: string;
    let endpoints: Array<{ identifier: string; role: string; url: string }>;

    before(async () => {
      platform = await startNode(backend, { parties: [CP1, EM1] });
      partner = await startNode(backend, { parties: [PARTNER_CPO, PARTNER_EMSP] });
      const { tokenA } = await platform.node.partners.invite('the partner platform');
      const atPartner = await partner.node.credentials.registerWith('the platform', platform.node.versionsUrl, tokenA);
      token = atPartner.tokenToPartner!;
      endpoints = atPartner.endpoints;
    });
    after(async () => {
      await platform?.close();
      await partner?.close();
    });

    const endpoint = (identifier: string, role: string) => endpoints.find((e) => e.identifier === identifier && e.role === role)!.url;

    test('T-25: without FROM headers the answer is addressed to the partner party of the other role', async () => {
      const list = await ocpiFetch(endpoint('locations', 'SENDER'), token);
      assert.equal(list.status, 200);
      assert.deepEqual([list.headers.get('ocpi-to-country-code'), list.headers.get('ocpi-to-party-id')], ['BE', 'PEM']);
      assert.deepEqual([list.headers.get('ocpi-from-country-code'), list.headers.get('ocpi-from-party-id')], ['NL', 'CP1']);
      const pushed = await ocpiFetch(`${endpoint('locations', 'RECEIVER')}/BE/PCP/L1`, token, {
        method: 'PUT',
        body: location('L1', at(0), {}, { country_code: 'BE', party_id: 'PCP' }),
      });
      assert.equal(pushed.json.status_code, 1000, pushed.text);
      assert.deepEqual([pushed.headers.get('ocpi-to-country-code'), pushed.headers.get('ocpi-to-party-id')], ['BE', 'PCP']);
      assert.deepEqual([pushed.headers.get('ocpi-from-country-code'), pushed.headers.get('ocpi-from-party-id')], ['NL', 'EM1']);
    });

    test('T-25: FROM headers, when sent, still decide', async () => {
      const list = await ocpiFetch(endpoint('locations', 'SENDER'), token, { headers: { 'OCPI-from-country-code': 'BE', 'OCPI-from-party-id': 'PCP' } });
      assert.equal(list.headers.get('ocpi-to-party-id'), 'PCP');
    });
  });
}
