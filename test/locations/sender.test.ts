/**
 * The CPO's Locations Sender over real HTTP: the eMSP crawls a few hundred Locations following
 * Link (PAG-01..PAG-09, LOC-01), with date filters on the Location's last_updated (PAG-03,
 * PAG-13), and GETs single Locations, EVSEs and Connectors (LOC-02, ST-04).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OcpiStatusError } from '../../src/client/index.js';
import { defaultConfig } from '../../src/config/load.js';
import type { OwnLocations } from '../../src/modules/locations/index.js';
import type { Location } from '../../src/modules/locations/schema.js';
import { Location as LocationSchema } from '../../src/modules/locations/schema.js';
import { backends } from '../helpers/backends.js';
import { ocpiFetch } from '../helpers/nodes.js';
import { startPair } from '../shared/pair.js';
import type { Pair } from '../shared/pair.js';
import { at, location } from './fixtures.js';

const COUNT = 260;
const PAGE_LIMIT = 40;

for (const backend of backends) {
  describe(`Locations Sender (${backend.name})`, { skip: backend.skip }, () => {
    let pair: Pair;
    let own: OwnLocations;
    let url: string;

    before(async () => {
      pair = await startPair(backend, { cpoConfig: { limits: { ...defaultConfig.limits, pageLimit: PAGE_LIMIT } } });
      own = pair.cpo.node.services.locations!.cpo!;
      // Created in id order, last_updated in the reverse order: pages follow creation (PAG-09).
      for (let i = 0; i < COUNT; i++) await own.putLocation(location(`LOC${String(i).padStart(4, '0')}`, at(COUNT - i)));
      url = pair.emspToCpo.endpoint('locations', 'SENDER');
    });
    after(async () => pair?.close());

    test('PAG-01/04/05/07/08/09: the crawl follows Link to every Location, oldest first, X-Limit is the server cap', async () => {
      const listing = pair.emspToCpo.client.list('locations', url, { limit: 1000, schema: LocationSchema });
      const seen: Location[] = [];
      for await (const l of listing) seen.push(l);
      assert.equal(seen.length, COUNT);
      assert.deepEqual(
        seen.map((l) => l.id),
        Array.from({ length: COUNT }, (_, i) => `LOC${String(i).padStart(4, '0')}`),
      );
      assert.equal(listing.progress.pages, Math.ceil(COUNT / PAGE_LIMIT));
      assert.equal(listing.progress.limit, PAGE_LIMIT);
      assert.equal(listing.progress.totalCount, COUNT);
      assert.equal(listing.progress.skipped, 0);
    });

    test('PAG-06/07: headers of one page; the Link is absolute and repeats the filters; none on the last page', async () => {
      const first = await ocpiFetch(`${url}?limit=10&offset=5&date_from=${at(0)}`, pair.emspToCpo.token);
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('x-total-count'), String(COUNT));
      assert.equal(first.headers.get('x-limit'), '10');
      const link = first.headers.get('link')!;
      assert.match(link, /^<http:\/\/127\.0\.0\.1:\d+\/ocpi\/cpo\/2\.2\.1\/locations\?[^>]*>; rel="next"$/);
      const next = new URL(link.slice(1, link.indexOf('>')));
      assert.equal(next.searchParams.get('offset'), '15');
      assert.equal(next.searchParams.get('limit'), '10');
      assert.equal(next.searchParams.get('date_from'), at(0));
      const last = await ocpiFetch(`${url}?offset=${COUNT - 3}`, pair.emspToCpo.token);
      assert.equal(last.json.data.length, 3);
      assert.equal(last.headers.get('link'), null);
    });

    test('PAG-03/PAG-13: date_from inclusive, date_to exclusive, on the Location last_updated', async () => {
      // LOC{i} has last_updated at(COUNT - i): the window [at(100), at(150)) holds i = 111..160.
      const listing = pair.emspToCpo.client.list<typeof LocationSchema>('locations', url, { dateFrom: at(100), dateTo: at(150), limit: 7 });
      const ids: string[] = [];
      for await (const l of listing) ids.push(l.id);
      assert.equal(ids.length, 50);
      assert.deepEqual(ids, Array.from({ length: 50 }, (_, k) => `LOC${String(111 + k).padStart(4, '0')}`));
      assert.equal(listing.progress.totalCount, 50);
    });

    test('PAG-13/LOC-04: an EVSE change bumps the Location, which then shows up in an incremental pull with all its EVSEs', async () => {
      const ref = { countryCode: 'NL', partyId: 'CPO', locationId: 'LOC0007' };
      const since = at(100000);
      await own.patchEvse(ref, 'LOC0007-2', { status: 'CHARGING', last_updated: at(100001) });
      const listing = pair.emspToCpo.client.list<typeof LocationSchema>('locations', url, { dateFrom: since });
      const found: Location[] = [];
      for await (const l of listing) found.push(l);
      assert.deepEqual(found.map((l) => l.id), ['LOC0007']);
      assert.equal(found[0]!.last_updated, at(100001));
      assert.equal(found[0]!.evses?.length, 2);
      assert.equal(found[0]!.evses?.[1]?.status, 'CHARGING');
      assert.equal(found[0]!.evses?.[0]?.last_updated, at(COUNT - 7), 'the unchanged EVSE keeps its last_updated');
    });

    test('LOC-01/LOC-11: a Location without valid EVSEs leaves the full list but is in an incremental pull', async () => {
      const ref = { countryCode: 'NL', partyId: 'CPO', locationId: 'LOC0003' };
      await own.removeLocation(ref);
      const full = await ocpiFetch(`${url}?limit=1`, pair.emspToCpo.token);
      assert.equal(full.headers.get('x-total-count'), String(COUNT - 1));
      const removed = (await own.get(ref))!;
      const incremental = await ocpiFetch(`${url}?date_from=${removed.last_updated}`, pair.emspToCpo.token);
      assert.ok(incremental.json.data.some((l: Location) => l.id === 'LOC0003' && l.evses!.every((e) => e.status === 'REMOVED')));
    });

    test('LOC-02: GET a Location, an EVSE, a Connector; ids compare case-insensitively (TYP-01)', async () => {
      const client = pair.emspToCpo.client;
      const one = await client.get('locations', `${url}/loc0010`, { schema: LocationSchema });
      assert.equal(one.envelope.data?.id, 'LOC0010');
      assert.equal(one.headers.get('ocpi-from-country-code'), 'NL', 'T-25: FROM is the answering CPO');
      assert.equal(one.headers.get('ocpi-from-party-id'), 'CPO');
      assert.equal(one.headers.get('ocpi-to-country-code'), 'DE', 'T-25: TO is the requesting eMSP');
      assert.equal(one.headers.get('ocpi-to-party-id'), 'MSP');
      const evse = await client.get('locations', `${url}/LOC0010/LOC0010-2`);
      assert.equal((evse.envelope.data as { uid: string }).uid, 'LOC0010-2');
      const connector = await client.get('locations', `${url}/LOC0010/LOC0010-2/2`);
      assert.equal((connector.envelope.data as { standard: string }).standard, 'IEC_62196_T2_COMBO');
    });

    test('ST-04: unknown Location 404 + 2003, unknown EVSE or Connector 404 + 2001', async () => {
      const token = pair.emspToCpo.token;
      const location404 = await ocpiFetch(`${url}/NOPE`, token);
      assert.equal(location404.status, 404);
      assert.equal(location404.json.status_code, 2003);
      assert.equal(location404.headers.get('ocpi-from-party-id'), 'CPO', 'PIT-19: routing headers on errors too');
      const underUnknown = await ocpiFetch(`${url}/NOPE/E1`, token);
      assert.equal(underUnknown.json.status_code, 2003);
      const evse404 = await ocpiFetch(`${url}/LOC0010/NOPE`, token);
      assert.equal(evse404.status, 404);
      assert.equal(evse404.json.status_code, 2001);
      const connector404 = await ocpiFetch(`${url}/LOC0010/LOC0010-1/9`, token);
      assert.equal(connector404.status, 404);
      await assert.rejects(pair.emspToCpo.client.get('locations', `${url}/NOPE`), OcpiStatusError);
    });

    test('LOC-03/T-08: the Sender offers GET only', async () => {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const answer = await ocpiFetch(`${url}/LOC0010`, pair.emspToCpo.token, { method, body: {} });
        assert.equal(answer.status, 405, method);
      }
    });

    test('PAG-11: bad paging parameters are 2001 naming the parameter, never 5xx', async () => {
      for (const [query, name] of [
        ['limit=abc', 'limit'],
        ['offset=-1', 'offset'],
        ['limit=0', 'limit'],
        ['date_from=yesterday', 'date_from'],
        ['date_to=2024-01-01T00:00:00%2B01:00', 'date_to'],
      ] as const) {
        const answer = await ocpiFetch(`${url}?${query}`, pair.emspToCpo.token);
        assert.ok(answer.status < 500, query);
        assert.equal(answer.json.status_code, 2001, query);
        assert.match(answer.json.status_message, new RegExp(name), query);
      }
    });
  });
}
