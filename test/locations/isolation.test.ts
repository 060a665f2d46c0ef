/**
 * Party isolation on the Locations Receiver (T-26, T-29, T-30, PIT-09): a foreign party in the
 * URL, a URL/body mismatch, routing headers naming a party that is not registered or not hosted
 * here — all refused, nothing stored, nothing revealed. A second CPO cannot see or touch the
 * first one's Locations.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ReceivedLocations } from '../../src/modules/locations/index.js';
import { backends } from '../helpers/backends.js';
import { ocpiFetch, startNode } from '../helpers/nodes.js';
import type { TestNode } from '../helpers/nodes.js';
import { startPair } from '../shared/pair.js';
import type { Pair } from '../shared/pair.js';
import { at, connector, evse, location } from './fixtures.js';

for (const backend of backends) {
  describe(`Locations party isolation (${backend.name})`, { skip: backend.skip }, () => {
    let pair: Pair;
    let other: TestNode;
    let otherToken: string;
    let received: ReceivedLocations;
    let url: string;

    before(async () => {
      pair = await startPair(backend);
      received = pair.emsp.node.services.locations!.emsp!;
      url = pair.cpoToEmsp.endpoint('locations', 'RECEIVER');
      // A second CPO (FR/OTH) registered with the same eMSP.
      other = await startNode(backend, { parties: [{ role: 'CPO', country_code: 'FR', party_id: 'OTH', business_details: { name: 'Other CPO' } }] });
      const { tokenA } = await pair.emsp.node.partners.invite('other CPO');
      const atOther = await other.node.credentials.registerWith('the eMSP', pair.emsp.node.versionsUrl, tokenA);
      otherToken = atOther.tokenToPartner!;
      await pair.cpoToEmsp.client.put('locations', `${url}/NL/CPO/MINE`, location('MINE', at(0)));
    });
    after(async () => {
      await pair?.close();
      await other?.close();
    });

    const put = (path: string, body: unknown, token = pair.cpoToEmsp.token, headers: Record<string, string> = {}) =>
      ocpiFetch(`${url}${path}`, token, { method: 'PUT', body, headers });

    test('T-29: a party the caller did not register, in the URL → 404 + 2001, nothing stored', async () => {
      const foreign = location('F1', at(0), {}, { country_code: 'FR', party_id: 'OTH' });
      const answer = await put('/FR/OTH/F1', foreign);
      assert.equal(answer.status, 404);
      assert.equal(answer.json.status_code, 2001);
      assert.match(answer.json.status_message, /country_code\/party_id/);
      assert.equal(await received.get('FR', 'OTH', 'F1'), undefined);
      // This node's own party is never a partner's.
      const ownParty = await put('/DE/MSP/F1', location('F1', at(0), {}, { country_code: 'DE', party_id: 'MSP' }));
      assert.equal(ownParty.status, 404);
      assert.equal(await received.get('DE', 'MSP', 'F1'), undefined);
    });

    test('T-29: another CPO can neither read nor change nor patch this CPO’s Locations; the answer reveals nothing', async () => {
      const read = await ocpiFetch(`${url}/NL/CPO/MINE`, otherToken);
      const readMissing = await ocpiFetch(`${url}/NL/CPO/NOT-THERE`, otherToken);
      assert.equal(read.status, 404);
      assert.equal(read.json.status_code, 2001);
      assert.equal(read.json.status_message, readMissing.json.status_message.replace('NOT-THERE', 'MINE'));
      assert.equal(read.json.data, undefined);
      const overwrite = await put('/NL/CPO/MINE', location('MINE', at(1), { name: 'hijacked' }), otherToken);
      assert.equal(overwrite.status, 404);
      const patched = await ocpiFetch(`${url}/NL/CPO/MINE/MINE-1`, otherToken, { method: 'PATCH', body: { status: 'BLOCKED', last_updated: at(2) } });
      assert.equal(patched.status, 404);
      const stored = (await received.get('NL', 'CPO', 'MINE'))!;
      assert.equal(stored.name, 'Location MINE');
      assert.equal(stored.evses![0]!.status, 'AVAILABLE');
      // …while its own party works.
      const own = await put('/FR/OTH/O1', location('O1', at(0), {}, { country_code: 'fr', party_id: 'oth' }), otherToken);
      assert.equal(own.status, 201);
      assert.equal((await received.get('FR', 'OTH', 'O1'))!.country_code, 'FR', 'PIT-21: stored upper case');
    });

    test('T-30: URL/body mismatches → 2001 naming the field (HTTP 200), nothing stored', async () => {
      const cases: Array<[string, unknown, string]> = [
        ['/NL/CPO/M1', location('M2', at(0)), 'id'],
        ['/NL/CPO/M1', location('M1', at(0), {}, { country_code: 'BE', party_id: 'CPO' }), 'country_code'],
        ['/NL/CPO/M1', location('M1', at(0), {}, { country_code: 'NL', party_id: 'XYZ' }), 'party_id'],
        ['/NL/CPO/MINE/E1', evse('E2', at(0)), 'uid'],
        ['/NL/CPO/MINE/MINE-1/1', connector('2', at(0)), 'id'],
      ];
      for (const [path, body, field] of cases) {
        const answer = await put(path, body);
        assert.equal(answer.status, 200, path);
        assert.equal(answer.json.status_code, 2001, path);
        assert.match(answer.json.status_message, new RegExp(`^${field}:`), path);
      }
      const patch = await ocpiFetch(`${url}/NL/CPO/MINE`, pair.cpoToEmsp.token, { method: 'PATCH', body: { id: 'OTHER', last_updated: at(3) } });
      assert.equal(patch.json.status_code, 2001);
      assert.match(patch.json.status_message, /^id:/);
      assert.equal(await received.get('NL', 'CPO', 'M1'), undefined);
      assert.equal(await received.get('NL', 'CPO', 'M2'), undefined);
      const mine = (await received.get('NL', 'CPO', 'MINE'))!;
      assert.deepEqual(mine.evses!.map((e) => e.uid), ['MINE-1', 'MINE-2']);
      assert.deepEqual(mine.evses![0]!.connectors.map((c) => c.id), ['1', '2']);
      assert.equal(mine.last_updated, at(0));
    });

    test('T-26: routing headers naming a party that is not registered or not hosted here → 404 + 2001 naming the header', async () => {
      const body = location('H1', at(0));
      const from = await put('/NL/CPO/H1', body, pair.cpoToEmsp.token, { 'OCPI-from-country-code': 'FR', 'OCPI-from-party-id': 'OTH' });
      assert.equal(from.status, 404);
      assert.equal(from.json.status_code, 2001);
      assert.match(from.json.status_message, /^OCPI-from-party-id:/);
      const to = await put('/NL/CPO/H1', body, pair.cpoToEmsp.token, { 'ocpi-to-country-code': 'DE', 'ocpi-to-party-id': 'XXX' });
      assert.equal(to.status, 404);
      assert.match(to.json.status_message, /^OCPI-to-party-id:/);
      const half = await put('/NL/CPO/H1', body, pair.cpoToEmsp.token, { 'OCPI-to-party-id': 'MSP' });
      assert.equal(half.status, 404);
      assert.match(half.json.status_message, /^OCPI-to-country-code:/);
      const bad = await put('/NL/CPO/H1', body, pair.cpoToEmsp.token, { 'OCPI-from-country-code': 'NLD', 'OCPI-from-party-id': 'CPO' });
      assert.equal(bad.status, 404);
      assert.match(bad.json.status_message, /^OCPI-from-country-code:/);
      assert.equal(await received.get('NL', 'CPO', 'H1'), undefined);
      // Header names and values are case-insensitive (T-23, TYP-01).
      const ok = await put('/NL/CPO/H1', body, pair.cpoToEmsp.token, {
        'ocpi-FROM-country-code': 'nl',
        'OCPI-from-PARTY-id': 'cpo',
        'OCPI-To-Country-Code': 'de',
        'ocpi-to-party-id': 'msp',
      });
      assert.equal(ok.status, 201);
      assert.equal(ok.headers.get('ocpi-to-country-code'), 'NL');
      assert.equal(ok.headers.get('ocpi-from-party-id'), 'MSP');
    });

    test('T-04: no token, no access', async () => {
      const answer = await put('/NL/CPO/T1', location('T1', at(0)), 'wrong-token');
      assert.equal(answer.status, 401);
      assert.equal(await received.get('NL', 'CPO', 'T1'), undefined);
    });
  });
}
