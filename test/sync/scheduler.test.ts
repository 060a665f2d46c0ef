/**
 * The scheduled catch-up of a serving node (T-13): it pulls every registered partner's modules
 * each interval, never two runs of one (partner, module) at once, and stops cleanly on close —
 * aborting a crawl in flight. A scripted partner (test/sync/helpers.ts) counts what it is asked.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Partner } from '../../src/modules/credentials/partner.js';
import { EvroamNode } from '../../src/node.js';
import { backends } from '../helpers/backends.js';
import { EMSP_PARTY, startNode } from '../helpers/nodes.js';
import type { TestNode } from '../helpers/nodes.js';
import { at, location } from '../locations/fixtures.js';
import { waitFor } from '../push/helpers.js';
import { addSenderPartner, Receiver, servePages } from './helpers.js';

/** 120 ms: each pair is pulled at a random moment in the first 60 ms of every interval. */
const INTERVAL_MINUTES = 0.002;

for (const backend of backends) {
  describe(`Scheduled pull sync (${backend.name})`, { skip: backend.skip }, () => {
    let emsp: TestNode;
    let cpo: Receiver;
    let partner: Partner;

    before(async () => {
      emsp = await startNode(backend, { parties: [EMSP_PARTY], config: { sync: { intervalMinutes: INTERVAL_MINUTES } } });
      cpo = await Receiver.start();
      servePages(cpo, () => [[location('L1', at(1)), location('L2', at(2))]]);
      partner = await addSenderPartner(emsp.node, cpo, { modules: ['locations'], role: 'CPO', countryCode: 'NL', partyId: 'CPO' });
    });
    after(async () => {
      await cpo?.down();
      await emsp?.close();
    });

    test('T-13: a serving node pulls each partner every interval, incrementally after the first time', async () => {
      await waitFor('three scheduled pulls', () => cpo.requests.length >= 3);
      assert.ok(await emsp.node.services.locations!.emsp!.get('NL', 'CPO', 'L2'));
      const dateFroms = cpo.requests.map((r) => new URL(r.url, cpo.base).searchParams.get('date_from'));
      assert.equal(dateFroms[0], null, 'the first pull lists everything');
      assert.ok(dateFroms.slice(1).every((d) => d !== null), 'later pulls are incremental');
    });

    test('a node opened without serving (CLI commands) schedules nothing', async () => {
      const cli = await EvroamNode.create({ ...emsp.node.config, listen: { host: '127.0.0.1', port: 0 } });
      try {
        assert.equal(cli.services.sync, undefined);
      } finally {
        await cli.close();
      }
    });

    test('one run per (partner, module) at a time; close aborts the crawl in flight and stops the cycles', async () => {
      const scheduler = emsp.node.services.sync!.scheduler!;
      cpo.answer = () => undefined; // never answers: the crawl hangs until aborted
      const hangingFrom = cpo.requests.length;
      await waitFor('a hanging pull', () => cpo.requests.length > hangingFrom);
      await new Promise((resolve) => setTimeout(resolve, 5 * INTERVAL_MINUTES * 60_000));
      assert.equal(cpo.requests.length, hangingFrom + 1, 'cycles went on, but the pair still running was not started again');
      assert.deepEqual(scheduler.active, [`${partner.id}/locations`]);

      await emsp.close();
      assert.deepEqual(scheduler.active, [], 'close waited for the aborted crawl');
      const asked = cpo.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 3 * INTERVAL_MINUTES * 60_000));
      assert.equal(cpo.requests.length, asked, 'nothing is pulled after close');
    });
  });
}
