/**
 * Pull sync between two real evroam nodes over HTTP: the eMSP pulls the CPO's Locations and
 * Tariffs (ROLE-04), the CPO pulls the eMSP's Tokens (ROLE-02). The data is created before the
 * nodes register, so nothing arrives by push: what the receiving node holds, the pull stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { formatDateTime } from '../../src/core/datetime.js';
import type { Partner } from '../../src/modules/credentials/partner.js';
import { partnerEndpoint } from '../../src/modules/credentials/partner.js';
import type { PullProgress } from '../../src/sync/index.js';
import { backends } from '../helpers/backends.js';
import { CPO_PARTY, EMSP_PARTY, ocpiFetch, startNode } from '../helpers/nodes.js';
import type { TestNode } from '../helpers/nodes.js';
import { at, location } from '../locations/fixtures.js';
import { cdr } from '../cdrs/fixtures.js';
import { session } from '../sessions/fixtures.js';
import { token } from '../tokens/fixtures.js';
import { tariff } from './fixtures.js';
import { NO_SCHEDULE, syncOf } from './helpers.js';

const LOCATIONS = 230;
const PAGE_LIMIT = 50;
const id = (n: number) => `L${String(n).padStart(3, '0')}`;

for (const backend of backends) {
  describe(`Pull sync between two nodes (${backend.name})`, { skip: backend.skip }, () => {
    let cpo: TestNode;
    let emsp: TestNode;
    /** The CPO as the eMSP knows it, and the eMSP as the CPO knows it. */
    let cpoAtEmsp: Partner;
    let emspAtCpo: Partner;

    before(async () => {
      cpo = await startNode(backend, { parties: [CPO_PARTY], config: { ...NO_SCHEDULE, limits: { bodyBytes: 1 << 20, pageLimit: PAGE_LIMIT, requestTimeoutMs: 10_000 } } });
      emsp = await startNode(backend, { parties: [EMSP_PARTY], config: NO_SCHEDULE });
      const own = cpo.node.services.locations!.cpo!;
      for (let n = 0; n < LOCATIONS; n++) await own.putLocation(location(id(n), at(n)));
      await cpo.node.services.tariffs!.cpo!.put(tariff('T1', at(0)));
      await cpo.node.services.tariffs!.cpo!.put(tariff('T2', at(1)));
      await cpo.node.services.sessions!.cpo!.own.put(session('S1'));
      for (const id of ['C1', 'C2']) await cpo.node.services.cdrs!.cpo!.create(cdr(id));
      for (const uid of ['A1', 'A2', 'A3']) await emsp.node.services.tokens!.emsp!.own.put(token(uid));
      const { partner, tokenA } = await cpo.node.partners.invite('the eMSP');
      cpoAtEmsp = await emsp.node.credentials.registerWith('the CPO', cpo.node.versionsUrl, tokenA);
      emspAtCpo = (await cpo.node.partners.get(partner.id))!;
    });
    after(async () => {
      await emsp?.close();
      await cpo?.close();
    });

    test(`PAG-10, ROLE-04: the eMSP pulls the CPO's ${LOCATIONS} Locations page by page and stores them as received from the CPO`, async () => {
      const pages: PullProgress[] = [];
      const [report] = await syncOf(emsp.node).sync(cpoAtEmsp.id, ['locations'], { onProgress: (_m, p) => void pages.push({ ...p }) });
      assert.equal(report!.status, 'ok', report!.error);
      assert.equal(report!.full, true, 'the first sync of a pair lists everything');
      assert.equal(report!.dateFrom, undefined);
      assert.deepEqual([report!.received, report!.stored, report!.invalid, report!.foreign], [LOCATIONS, LOCATIONS, 0, 0]);
      assert.equal(pages.length, Math.ceil(LOCATIONS / PAGE_LIMIT), 'one progress report per page of the CPO');
      assert.deepEqual(pages.map((p) => p.totalCount), pages.map(() => LOCATIONS), 'X-Total-Count is the total');
      const received = emsp.node.services.locations!.emsp!;
      for (const n of [0, 117, LOCATIONS - 1]) {
        assert.deepEqual(await received.get('NL', 'CPO', id(n)), await cpo.node.services.locations!.cpo!.get({ countryCode: 'NL', partyId: 'CPO', locationId: id(n) }));
      }
      const state = await syncOf(emsp.node).state.get(cpoAtEmsp.id, 'locations');
      assert.equal(state?.lastSuccessAt, report!.startedAt, 'the next incremental sync starts from this one');
    });

    test('incremental: the next sync sends date_from = last success − overlap and receives only the Locations changed since', async () => {
      const before = (await syncOf(emsp.node).state.get(cpoAtEmsp.id, 'locations'))!.lastSuccessAt!;
      const own = cpo.node.services.locations!.cpo!;
      for (const n of [3, 90, 200]) await own.patchLocation({ countryCode: 'NL', partyId: 'CPO', locationId: id(n) }, { name: `Renamed ${n}` });
      const [report] = await syncOf(emsp.node).sync(cpoAtEmsp.id, ['locations']);
      assert.equal(report!.status, 'ok', report!.error);
      assert.equal(report!.full, false);
      const overlapMs = syncOf(emsp.node).settings.overlapMs;
      assert.equal(report!.dateFrom, formatDateTime(new Date(Math.floor((Date.parse(before) - overlapMs) / 1000) * 1000)));
      assert.deepEqual([report!.received, report!.stored], [3, 3], 'only the changed Locations were listed');
      assert.equal((await emsp.node.services.locations!.emsp!.get('NL', 'CPO', id(90)))?.name, 'Renamed 90');
    });

    test('PAG-14: a full sync lists everything again; a Tariff the CPO no longer lists is removed, a Location only reported', async () => {
      // Objects pushed earlier that the CPO's lists do not hold (a DELETE that never arrived).
      const push = (module: string, path: string, body: object) =>
        ocpiFetch(`${partnerEndpoint(emspAtCpo, module, 'RECEIVER')}${path}`, emspAtCpo.tokenToPartner, { method: 'PUT', body });
      assert.equal((await push('tariffs', '/NL/CPO/GONE', tariff('GONE', at(5)))).status, 201);
      assert.equal((await push('locations', '/NL/CPO/OLD', location('OLD', at(5)))).status, 201);

      const reports = await syncOf(emsp.node).sync(cpoAtEmsp.id, ['tariffs', 'locations'], { full: true });
      const [tariffs, locations] = reports;
      assert.deepEqual(
        reports.map((r) => [r.module, r.status, r.full, r.received, r.stale, r.removed]),
        [
          ['tariffs', 'ok', true, 2, 1, 1],
          ['locations', 'ok', true, LOCATIONS, 1, 0],
        ],
        `${tariffs?.error ?? ''} ${locations?.error ?? ''}`,
      );
      assert.equal(await emsp.node.services.tariffs!.emsp!.options.store.get(false, { countryCode: 'NL', partyId: 'CPO', id: 'GONE' }), undefined);
      assert.ok(await emsp.node.services.tariffs!.emsp!.options.store.get(false, { countryCode: 'NL', partyId: 'CPO', id: 'T2' }));
      assert.ok(await emsp.node.services.locations!.emsp!.get('NL', 'CPO', 'OLD'), 'Locations are never deleted (mod_locations): reported only');
    });

    test('ROLE-04: syncing all pulls Tariffs, Locations, Sessions and CDRs; CDRs arrive as POSTed ones would', async () => {
      const reports = await syncOf(emsp.node).sync(cpoAtEmsp.id, 'all');
      assert.deepEqual(
        reports.map((r) => [r.module, r.status]),
        [['tariffs', 'ok'], ['locations', 'ok'], ['sessions', 'ok'], ['cdrs', 'ok']],
        reports.map((r) => r.error ?? '').join(' '),
      );
      // Tariffs are unchanged since the last sync; the 3 Locations renamed within the overlap come again (harmless upserts).
      assert.deepEqual(reports.map((r) => r.stored), [0, 3, 1, 2]);
      // The CPO reads the pulled CDR back at its Receiver URL, as after a POST (CDR-03).
      const url = emsp.node.services.cdrs!.emsp!.locationOf(cdr('C2'));
      const read = await ocpiFetch(url, emspAtCpo.tokenToPartner);
      assert.equal(read.json?.data?.id, 'C2');
      assert.deepEqual(read.json?.data?.total_cost, cdr('C2').total_cost);
    });

    test('ROLE-02: the CPO pulls the eMSP\'s Tokens into its whitelist', async () => {
      const [report] = await syncOf(cpo.node).sync(emspAtCpo.id, 'all');
      assert.deepEqual([report!.module, report!.status, report!.received, report!.stored], ['tokens', 'ok', 3, 3], report!.error);
      const [entry] = await cpo.node.services.tokens!.cpo!.whitelist('A2');
      assert.equal(entry?.token.contract_id, 'DE-MSP-CA2');
      assert.equal(entry?.partnerId, emspAtCpo.id);
    });

    test('a module the node does not pull, or the partner does not offer, is refused before anything is sent', async () => {
      await assert.rejects(syncOf(cpo.node).sync(emspAtCpo.id, ['locations']), /does not pull locations/);
      await assert.rejects(syncOf(emsp.node).sync('no-such-partner', 'all'), /unknown partner/);
    });
  });
}
