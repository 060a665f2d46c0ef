/**
 * Pending commands live in the database (CMD-05, PIT-10): an eMSP whose CPO goes silent records a
 * local TIMEOUT, and a CPO restarted after its deadline passed still POSTs the TIMEOUT result it
 * owed, which the eMSP stores as the late result.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { commandsOf } from '../../src/modules/commands/index.js';
import type { SentCommand } from '../../src/modules/commands/emsp-commands.js';
import { EvroamNode } from '../../src/node.js';
import { backends } from '../helpers/backends.js';
import { inProcessChargePointsOf } from '../../src/chargepoint/attach.js';
import { CHARGER_TIMEOUT_MS, startPair } from './pair.js';
import type { Pair } from './pair.js';

/** Waits until the CPO gave up delivering the result for `responseUrl`. */
async function undelivered(cpo: EvroamNode, responseUrl: string): Promise<void> {
  for (let i = 0; i < 250; i++) {
    const row = await cpo.context.db.selectFrom('async_requests').select('state').where('response_url', '=', responseUrl).executeTakeFirst();
    if (row?.state === 'UNDELIVERED') return;
    await sleep(20);
  }
  throw new Error('the CPO never gave up delivering');
}

for (const backend of backends) {
  describe(`commands across a CPO restart (${backend.name})`, { skip: backend.skip }, () => {
    let pair: Pair;
    let restarted: EvroamNode | undefined;
    let restartedEmsp: EvroamNode | undefined;

    before(async () => {
      pair = await startPair(backend);
    });
    after(async () => {
      await restartedEmsp?.close();
      await restarted?.close();
      await pair?.cpo.close();
      await pair?.emsp.close();
    });

    test('CMD-05: no result in time is a local TIMEOUT; the restarted CPO delivers the TIMEOUT it owed (PIT-10)', async () => {
      const commands = commandsOf(pair.emsp.node.context).emsp;
      pair.chargers.respond({ silent: true });
      const sent = await commands.send(pair.cpoPartnerId, 'UNLOCK_CONNECTOR', { location_id: 'LOC1', evse_uid: 'EVSE1', connector_id: '1' });
      assert.equal(sent.response?.result, 'ACCEPTED');

      // The CPO goes away before its charger deadline: its timer dies with it, nothing is sent.
      await pair.cpo.node.close();
      const local = await commands.whenSettled(sent.id);
      assert.equal(local.state, 'TIMEOUT');
      assert.equal(local.result, undefined);

      const late = new Promise<SentCommand>((resolve) => {
        const stop = commands.onSettled((c) => {
          if (c.id === sent.id && c.state === 'RESULT') {
            stop();
            resolve(c);
          }
        });
      });
      restarted = await EvroamNode.create(pair.cpo.node.config, { logger: pino({ level: 'silent' }) });
      await restarted.listen();
      const delivered = await late;
      assert.deepEqual(delivered.result, { result: 'TIMEOUT' });
    });

    test('CMD-05: an eMSP restarted while it awaits a result still times out at the stored deadline', async () => {
      const cpo = restarted!;
      commandsOf(cpo.context).cpo.settings.timeoutMs = CHARGER_TIMEOUT_MS;
      inProcessChargePointsOf(cpo.context).respond({ silent: true });
      const sent = await commandsOf(pair.emsp.node.context).emsp.send(pair.cpoPartnerId, 'UNLOCK_CONNECTOR', {
        location_id: 'LOC1',
        evse_uid: 'EVSE1',
        connector_id: '1',
      });
      assert.equal(sent.state, 'AWAITING_RESULT');
      // Down while the CPO's TIMEOUT result is due: that POST fails and is not retried (T-14).
      await pair.emsp.node.close();
      await undelivered(cpo, sent.responseUrl);
      restartedEmsp = await EvroamNode.create(pair.emsp.node.config, { logger: pino({ level: 'silent' }) });
      await restartedEmsp.listen();
      const settled = await commandsOf(restartedEmsp.context).emsp.whenSettled(sent.id);
      assert.equal(settled.state, 'TIMEOUT');
      assert.equal(settled.result, undefined);
    });
  });
}
