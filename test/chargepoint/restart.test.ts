/**
 * A charging session survives a restart of the CPO node (SES-07, CDR-06): the recorder stores each
 * running transaction and takes it up when the node starts on the same database. A bridge's
 * charger that kept charging reports the end after the restart, and the eMSP gets the COMPLETED
 * Session and the CDR it would have got without one; the in-process chargers, which lose their
 * sessions with the node, end them as a rebooted charger does. Real nodes over HTTP; the bridge is
 * a test port (the hardware behind it is outside evroam).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { useChargePoints } from '../../src/chargepoint/attach.js';
import type { ChargePointPort, ChargingEvent, ChargingEventListener, ChargingToken, CommandOutcome } from '../../src/chargepoint/port.js';
import { chargingRecorderOf } from '../../src/chargepoint/recorder.js';
import type { CDR } from '../../src/modules/cdrs/schema.js';
import type { Session } from '../../src/modules/sessions/schema.js';
import { priceSession } from '../../src/modules/tariffs/pricing/index.js';
import type { MeterValue } from '../../src/modules/tariffs/pricing/index.js';
import type { EvroamNode } from '../../src/node.js';
import { backends } from '../helpers/backends.js';
import type { TestNode } from '../helpers/nodes.js';
import { startPair } from '../commands/pair.js';
import type { Pair } from '../commands/pair.js';
import { waitFor } from '../push/helpers.js';
import { ManualClock } from './clock.js';
import { publishChargingSite, TARIFF } from './fixtures.js';

const MINUTE = 60_000;
/** The simulated connector charges at the simulation's cap, 11 kW. */
const WH_PER_MINUTE = 11_000 / 60;
const TOKEN: ChargingToken = { countryCode: 'DE', partyId: 'MSP', uid: 'RESTART-TOKEN', type: 'APP_USER', contractId: 'DE-MSP-C1' };

/** A charger bridge plugged in by the operator: it raises what its chargers report and refuses every command. */
class TestBridge implements ChargePointPort {
  private readonly listeners = new Set<ChargingEventListener>();
  raise(event: ChargingEvent): void {
    for (const listener of this.listeners) listener(event);
  }
  onChargingEvent(listener: ChargingEventListener) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  private async rejected(): Promise<CommandOutcome> {
    return 'REJECTED';
  }
  startSession = async () => ({ result: 'REJECTED' as const });
  stopSession = () => this.rejected();
  unlockConnector = () => this.rejected();
  reserveNow = () => this.rejected();
  cancelReservation = () => this.rejected();
  setChargingProfile = async () => ({ result: 'REJECTED' as const });
  clearChargingProfile = async () => ({ result: 'REJECTED' as const });
  getActiveChargingProfile = async () => ({ result: 'REJECTED' as const });
  hasLocation = async () => false;
  findSession = async () => undefined;
  supportsChargingProfiles = async () => false;
  onActiveProfileChanged = () => () => undefined;
  onReservationCanceled = () => () => undefined;
  close = () => undefined;
}

function recordings(node: EvroamNode) {
  return node.storage.db.selectFrom('charging_recordings').selectAll().execute();
}

for (const backend of backends) {
  describe(`charging across a restart of the CPO node (${backend.name})`, { skip: backend.skip }, () => {
    let pair: Pair;
    let cpo: TestNode;
    let clock: ManualClock;
    let startedAt: Date;
    let sessionId: string;
    const sessions: { method: string; object: Session }[] = [];
    const cdrs: CDR[] = [];

    beforeEach(async () => {
      sessions.length = 0;
      cdrs.length = 0;
      pair = await startPair(backend);
      cpo = pair.cpo;
      // Charger time lies in the past, so that what is charged ends before the wall clock's now.
      clock = new ManualClock(Math.floor(Date.now() / 1000) * 1000 - 2 * 60 * MINUTE);
      pair.chargers.simulate({ clock, meterIntervalMs: 10_000 });
      Object.assign(chargingRecorderOf(cpo.node.context).settings, { updateIntervalMs: 2 * MINUTE, updateKwh: 100 });
      pair.emsp.node.services.sessions!.emsp!.received.changes.on((c) => void sessions.push({ method: c.method, object: c.object }));
      pair.emsp.node.services.cdrs!.emsp!.onChange((c) => void cdrs.push(c.object));
      await publishChargingSite(cpo.node);
      // Three minutes charged: readings kept at 1, 2 and 3 minutes, progress published at 2.
      startedAt = clock.now();
      const start = await pair.chargers.startSession({ locationId: 'CHG', evseUid: 'CHG-1', connectorId: '1', token: TOKEN });
      sessionId = start.sessionId!;
      clock.advance(3 * MINUTE);
      await chargingRecorderOf(cpo.node.context).idle();
    });
    afterEach(async () => {
      await cpo?.close();
      await pair?.emsp.close();
    });

    test('SES-07/CDR-06: a bridge reports the end after the restart → the eMSP gets the COMPLETED Session and the CDR priced over the persisted readings', async () => {
      const [stored] = await recordings(cpo.node);
      const persisted = JSON.parse(stored!.readings) as MeterValue[];
      assert.deepEqual(persisted.map((r) => Date.parse(r.date_time) - startedAt.getTime()), [0, MINUTE, 2 * MINUTE, 3 * MINUTE], 'readings 60 s apart are stored');
      assert.deepEqual(JSON.parse(stored!.published), { at: new Date(startedAt.getTime() + 2 * MINUTE).toISOString(), kwh: 0.367 });

      const bridge = new TestBridge();
      cpo = await cpo.restart((node) => useChargePoints(node.context, bridge));
      const later = (minutes: number) => new Date(startedAt.getTime() + minutes * MINUTE);
      bridge.raise({ type: 'MeterValues', sessionId, at: later(5), energyImportWh: 5 * WH_PER_MINUTE, powerW: 11_000 });
      await chargingRecorderOf(cpo.node.context).idle();
      // The outbox may merge the PATCH into the final PUT on its way, so the own Session tells what was published.
      const own = await cpo.node.services.sessions!.cpo!.own.get({ countryCode: 'NL', partyId: 'CPO', id: sessionId });
      assert.equal(own?.kwh, 0.917);
      assert.deepEqual(own?.charging_periods?.map((p) => p.start_date_time), [later(0), later(2)].map((d) => d.toISOString().replace('.000Z', 'Z')), 'progress continues from what partners saw before the restart');
      bridge.raise({ type: 'TransactionFinished', sessionId, endedAt: later(6), meterStopWh: 6 * WH_PER_MINUTE, reason: 'EVDisconnected' });
      await chargingRecorderOf(cpo.node.context).idle();

      await waitFor('the COMPLETED Session and the CDR', () => cdrs.length === 1 && sessions.some((s) => s.object.status === 'COMPLETED'));
      const completed = sessions.find((s) => s.object.status === 'COMPLETED')!.object;
      assert.equal(completed.kwh, 1.1);
      const readings: MeterValue[] = [
        ...persisted,
        { date_time: later(5).toISOString().replace('.000Z', 'Z'), energy_import: (5 * WH_PER_MINUTE) / 1000, power: 11 },
        { date_time: later(6).toISOString().replace('.000Z', 'Z'), energy_import: (6 * WH_PER_MINUTE) / 1000 },
      ];
      const expected = priceSession({ tariffs: [TARIFF], time_zone: 'Europe/Amsterdam', session: { start_date_time: completed.start_date_time, end_date_time: completed.end_date_time!, meter_values: readings } });
      const cdr = cdrs[0]!;
      assert.equal(cdr.id, sessionId);
      assert.equal(cdr.remark, 'EVDisconnected');
      assert.deepEqual(cdr.charging_periods, expected.charging_periods);
      assert.deepEqual(cdr.total_cost, expected.total_cost);
      assert.equal(cdr.total_energy, expected.total_energy);
      assert.deepEqual(completed.total_cost, expected.total_cost);
      assert.deepEqual(await recordings(cpo.node), [], 'nothing left once the CDR exists');
    });

    test('SES-07/CDR-06: the in-process chargers lost the session with the node → it ends at the last kept reading with reason Reboot and its CDR is published', async () => {
      cpo = await cpo.restart();
      await chargingRecorderOf(cpo.node.context).idle();

      await waitFor('the COMPLETED Session and the CDR', () => cdrs.length === 1 && sessions.some((s) => s.object.status === 'COMPLETED'));
      const completed = sessions.find((s) => s.object.status === 'COMPLETED')!.object;
      assert.equal(completed.id, sessionId);
      assert.equal(completed.end_date_time, new Date(startedAt.getTime() + 3 * MINUTE).toISOString().replace('.000Z', 'Z'));
      assert.equal(completed.kwh, 0.55);
      const cdr = cdrs[0]!;
      assert.equal(cdr.remark, 'Reboot');
      assert.equal(cdr.total_energy, 0.55);
      assert.equal(cdr.total_time, 0.05);
      assert.deepEqual(await recordings(cpo.node), [], 'nothing left once the CDR exists');
    });

    test('a session finished without a restart leaves nothing stored', async () => {
      assert.equal((await recordings(cpo.node)).length, 1, 'stored while it runs');
      assert.equal(await pair.chargers.stopSession(sessionId), 'ACCEPTED');
      await chargingRecorderOf(cpo.node.context).idle();
      await waitFor('the CDR', () => cdrs.length === 1);
      assert.deepEqual(await recordings(cpo.node), []);
    });
  });
}
