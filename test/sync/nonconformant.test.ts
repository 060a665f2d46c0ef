/**
 * Pull sync against a partner that lists what it should not: invalid objects, objects of parties
 * it did not register, failing pages. What another platform lists is outside our control, so a
 * scripted HTTP server stands in for it (test/sync/helpers.ts); the puller is a real evroam node.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import pino from 'pino';
import type { Partner } from '../../src/modules/credentials/partner.js';
import { backends } from '../helpers/backends.js';
import { EMSP_PARTY, startNode } from '../helpers/nodes.js';
import type { TestNode } from '../helpers/nodes.js';
import { at, location } from '../locations/fixtures.js';
import { formatDateTime } from '../../src/core/datetime.js';
import { tariff } from './fixtures.js';
import { addSenderPartner, listPage, listQueries, NO_SCHEDULE, Receiver, servePages, syncOf } from './helpers.js';

interface LogLine {
  msg: string;
  objectId?: string;
  reason?: string;
  module?: string;
}

/** A Location whose `address` is missing: invalid against the schema. */
function withoutAddress(id: string, lastUpdated: string): object {
  const { address: _address, ...rest } = location(id, lastUpdated);
  return rest;
}

for (const backend of backends) {
  describe(`Pull sync from a non-conformant partner (${backend.name})`, { skip: backend.skip }, () => {
    const logs: LogLine[] = [];
    const rawLines: string[] = [];
    let emsp: TestNode;
    let cpo: Receiver;
    let partner: Partner;

    before(async () => {
      const logger = pino({ level: 'warn' }, {
        write: (line: string) => {
          rawLines.push(line);
          logs.push(JSON.parse(line) as LogLine);
        },
      });
      emsp = await startNode(backend, { parties: [EMSP_PARTY], config: NO_SCHEDULE, node: { logger } });
      cpo = await Receiver.start();
      partner = await addSenderPartner(emsp.node, cpo, { modules: ['locations', 'tariffs', 'sessions'], role: 'CPO', countryCode: 'NL', partyId: 'CPO' });
    });
    beforeEach(() => {
      logs.length = 0;
      rawLines.length = 0;
      cpo.requests.length = 0;
    });
    after(async () => {
      await cpo?.down();
      await emsp?.close();
    });

    const stored = (id: string, owner = { cc: 'NL', pid: 'CPO' }) => emsp.node.services.locations!.emsp!.get(owner.cc, owner.pid, id);

    test('T-15, T-31: invalid objects and objects of unregistered parties are skipped with the reason, the rest stored', async () => {
      servePages(cpo, () => [
        [location('L1', at(1)), location('L2', at(2)), withoutAddress('BAD', at(3))],
        [location('L9', at(4), {}, { country_code: 'FR', party_id: 'XXX' }), location('MINE', at(5), {}, { country_code: 'DE', party_id: 'MSP' }), location('L3', at(6))],
      ]);
      const [report] = await syncOf(emsp.node).sync(partner.id, ['locations']);
      assert.deepEqual(
        [report!.status, report!.received, report!.stored, report!.invalid, report!.foreign],
        ['ok', 6, 3, 1, 2],
        report!.error,
      );
      assert.ok(await stored('L1'));
      assert.ok(await stored('L3'));
      assert.equal(await stored('BAD'), undefined, 'an invalid object is never stored');
      assert.equal(await stored('L9', { cc: 'FR', pid: 'XXX' }), undefined, "a party the CPO did not register: not the CPO's to give");
      assert.equal(await stored('MINE', { cc: 'DE', pid: 'MSP' }), undefined, "this node's own party is never taken from a partner");

      const invalid = logs.filter((l) => /invalid object/.test(l.msg));
      assert.deepEqual(invalid.map((l) => l.objectId), ['NL/CPO/BAD']);
      assert.match(invalid[0]!.reason!, /address/);
      const foreign = logs.filter((l) => /did not register/.test(l.msg));
      assert.deepEqual(foreign.map((l) => l.objectId), ['FR/XXX/L9', 'DE/MSP/MINE']);
      assert.match(foreign[0]!.reason!, /FR\/XXX is not a CPO party registered by this partner/);
      // JSON.parse keeps the last of a repeated key; log shippers may refuse the line.
      for (const line of rawLines) {
        for (const key of ['partnerId', 'module', 'sync']) assert.ok(line.split(`"${key}":`).length <= 2, `${key} twice in ${line}`);
      }
    });

    test('an invalid version of a stored object leaves the stored one whole', async () => {
      const before = await stored('L1');
      const broken = { ...location('L1', at(50)), name: 'Half', evses: [{ uid: 'E1', status: 'NOT_A_STATUS' }] };
      servePages(cpo, () => [[broken, location('L2', at(51), { name: 'Renamed' })]]);
      const [report] = await syncOf(emsp.node).sync(partner.id, ['locations']);
      assert.deepEqual([report!.status, report!.stored, report!.invalid], ['ok', 1, 1]);
      assert.deepEqual(await stored('L1'), before);
      assert.equal((await stored('L2'))?.name, 'Renamed');
    });

    test('a listed version older than the stored one (a push overtook the crawl) does not overwrite it', async () => {
      servePages(cpo, () => [[location('L2', at(40), { name: 'Older' })]]);
      const [report] = await syncOf(emsp.node).sync(partner.id, ['locations']);
      assert.deepEqual([report!.status, report!.received, report!.stored], ['ok', 1, 1]);
      assert.equal((await stored('L2'))?.name, 'Renamed', 'the newer version (last_updated at 51) stays');
    });

    test('incremental: date_from sent is the last success − overlap; a failed crawl does not advance it', async () => {
      const state = () => syncOf(emsp.node).state.get(partner.id, 'locations');
      const lastSuccess = (await state())!.lastSuccessAt!;
      // The second page fails: the crawl fails, and what the next sync asks for stays the same.
      cpo.answer = (request, response) => {
        const offset = new URL(request.url, cpo.base).searchParams.get('offset');
        if (offset === '10') {
          response.writeHead(500).end();
          return;
        }
        listPage(response, [location('L4', at(60))], 11, `${cpo.base}/ocpi/cpo/2.2.1/locations?offset=10&limit=10`);
      };
      const [failed] = await syncOf(emsp.node).sync(partner.id, ['locations']);
      assert.equal(failed!.status, 'failed');
      assert.match(failed!.error!, /500/);
      assert.deepEqual(listQueries(cpo).map((q) => q.get('date_from')), [failed!.dateFrom, failed!.dateFrom], 'every page carries date_from');
      assert.equal((await state())!.lastSuccessAt, lastSuccess, 'a failed crawl does not advance the incremental point');
      assert.match((await state())!.lastError!, /500/);

      servePages(cpo, () => [[location('L4', at(60))]]);
      const [retried] = await syncOf(emsp.node).sync(partner.id, ['locations']);
      assert.equal(retried!.status, 'ok');
      assert.equal(retried!.dateFrom, failed!.dateFrom, 'the retry resumes from the same point');
      assert.ok(Date.parse(retried!.dateFrom!) < Date.parse(lastSuccess), 'the overlap lies before the last success');
      assert.equal((await state())!.lastSuccessAt, retried!.startedAt);
    });

    test('PAG-12: a Sessions pull always sends date_from, also when it lists everything', async () => {
      servePages(cpo, () => [[]]);
      const [report] = await syncOf(emsp.node).sync(partner.id, ['sessions'], { full: true });
      assert.equal(report!.status, 'ok', report!.error);
      assert.deepEqual(listQueries(cpo).map((q) => q.get('date_from')), ['1970-01-01T00:00:00Z']);
    });

    test('PAG-14: a full list with an unreadable invalid object reports what is missing but removes nothing; recent changes are never settled', async () => {
      // T3 changed moments ago: as far as a crawl can tell, it may have been pushed while the crawl ran.
      servePages(cpo, () => [[tariff('T1', at(1)), tariff('T2', at(2)), tariff('T3', formatDateTime(new Date()))]]);
      assert.equal((await syncOf(emsp.node).sync(partner.id, ['tariffs'], { full: true }))[0]!.stored, 3);
      // T2 is missing, but the list holds an object without identity, which might be T2.
      servePages(cpo, () => [[tariff('T1', at(1)), { currency: 'EUR' }]]);
      const [report] = await syncOf(emsp.node).sync(partner.id, ['tariffs'], { full: true });
      assert.deepEqual([report!.status, report!.invalid, report!.stale, report!.removed], ['ok', 1, 1, 0]);
      assert.ok(await emsp.node.services.tariffs!.emsp!.options.store.get(false, { countryCode: 'NL', partyId: 'CPO', id: 'T2' }));

      servePages(cpo, () => [[tariff('T1', at(1))]]);
      const [conclusive] = await syncOf(emsp.node).sync(partner.id, ['tariffs'], { full: true });
      assert.deepEqual([conclusive!.stale, conclusive!.removed], [1, 1], 'T2 only');
      assert.equal(await emsp.node.services.tariffs!.emsp!.options.store.get(false, { countryCode: 'NL', partyId: 'CPO', id: 'T2' }), undefined);
      assert.ok(await emsp.node.services.tariffs!.emsp!.options.store.get(false, { countryCode: 'NL', partyId: 'CPO', id: 'T3' }), 'changed within the overlap: kept');
    });

    test('T-27: a hub lists the objects of the parties behind it; they are stored as the hub relayed them, never this node\'s own', async () => {
      const hub = await Receiver.start();
      try {
        const hubPartner = await addSenderPartner(emsp.node, hub, { modules: ['locations'], role: 'HUB', countryCode: 'EU', partyId: 'HUB' });
        servePages(hub, () => [[location('H1', at(1), {}, { country_code: 'BE', party_id: 'BCP' }), location('H2', at(2), {}, { country_code: 'DE', party_id: 'MSP' })]]);
        const [report] = await syncOf(emsp.node).sync(hubPartner.id, ['locations']);
        assert.deepEqual([report!.status, report!.stored, report!.foreign], ['ok', 1, 1], report!.error);
        assert.ok(await stored('H1', { cc: 'BE', pid: 'BCP' }));
        assert.deepEqual(hub.requests.map((r) => [r.headers['ocpi-to-country-code'], r.headers['ocpi-to-party-id']]), [['EU', 'HUB']]);
      } finally {
        await hub.down();
      }
    });

    test('a partner with a Sender but no party owning its objects is not pulled: nothing is listed, nothing settled away', async () => {
      const odd = await Receiver.start();
      try {
        const oddPartner = await addSenderPartner(emsp.node, odd, { modules: ['tariffs'], role: 'EMSP', countryCode: 'BE', partyId: 'EMP' });
        assert.deepEqual(await syncOf(emsp.node).sync(oddPartner.id, 'all'), []);
        await assert.rejects(syncOf(emsp.node).sync(oddPartner.id, ['tariffs'], { full: true }), /registered no party owning tariffs/);
        assert.equal(odd.requests.length, 0);
      } finally {
        await odd.down();
      }
    });

    test('one sync of a (partner, module) at a time: a second one meanwhile reports busy and sends nothing', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      cpo.answer = async (_request, response) => {
        await held;
        listPage(response, [], 0);
      };
      const first = syncOf(emsp.node).sync(partner.id, ['locations']);
      while (cpo.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const [second] = await syncOf(emsp.node).sync(partner.id, ['locations']);
      assert.equal(second!.status, 'busy');
      assert.equal(cpo.requests.length, 1);
      release();
      assert.equal((await first)[0]!.status, 'ok');
    });
  });
}
