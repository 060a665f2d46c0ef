/**
 * A CPO without a bridge publishes its chargers' sessions: an eMSP starts a session on an EVSE of
 * the CPO's own Locations (served by the in-process chargers, not added by hand), receives the
 * Session by push (SES-07), its kWh updates (SES-06, SES-12), and after STOP_SESSION the COMPLETED
 * Session and a CDR priced by the tariff engine (CDR-06); the EVSE status follows (LOC-04).
 * The chargers' meter runs on a hand-moved clock: nothing waits for the simulated half hour.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { chargingRecorderOf } from '../../src/chargepoint/recorder.js';
import type { CDR } from '../../src/modules/cdrs/schema.js';
import { commandsOf } from '../../src/modules/commands/index.js';
import type { EmspCommands } from '../../src/modules/commands/emsp-commands.js';
import type { Session } from '../../src/modules/sessions/schema.js';
import { priceSession, verifyCdr } from '../../src/modules/tariffs/pricing/index.js';
import { backends } from '../helpers/backends.js';
import { emspToken, startPair } from '../commands/pair.js';
import type { Pair } from '../commands/pair.js';
import { publishChargingSite, TARIFF } from './fixtures.js';
import { ManualClock } from './clock.js';

const MINUTE = 60_000;

/** Polls until `read` yields a value (pushes travel over HTTP after the write). */
async function eventually<T>(read: () => T | undefined): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const value = read();
    if (value !== undefined) return value;
    await sleep(20);
  }
  throw new Error('value never arrived');
}

for (const backend of backends) {
  describe(`charging published as Sessions, CDRs and EVSE statuses (${backend.name})`, { skip: backend.skip }, () => {
    let pair: Pair;
    let commands: EmspCommands;
    let clock: ManualClock;
    const sessions: { method: string; object: Session }[] = [];
    const cdrs: CDR[] = [];
    const statuses: string[] = [];

    before(async () => {
      pair = await startPair(backend);
      commands = commandsOf(pair.emsp.node.context).emsp;
      // Charger time lies in the past, so that the half hour charged ends before the wall clock's now.
      clock = new ManualClock(Math.floor(Date.now() / 1000) * 1000 - 2 * 60 * MINUTE);
      pair.chargers.simulate({ clock, meterIntervalMs: 10_000 });
      Object.assign(chargingRecorderOf(pair.cpo.node.context).settings, { updateIntervalMs: 10 * MINUTE, updateKwh: 100 });
      const services = pair.emsp.node.services;
      services.sessions!.emsp!.received.changes.on((c) => void sessions.push({ method: c.method, object: c.object }));
      services.cdrs!.emsp!.onChange((c) => void cdrs.push(c.object));
      services.locations!.emsp!.changes.on((c) => {
        const status = c.location.evses?.find((e) => e.uid === 'CHG-1')?.status;
        if (status && statuses[statuses.length - 1] !== status) statuses.push(status);
      });
      await publishChargingSite(pair.cpo.node);
    });
    after(async () => {
      await pair?.cpo.close();
      await pair?.emsp.close();
    });

    test('CMD-01/SES-07/SES-06/CDR-06/LOC-04: START_SESSION on a published EVSE → Session ACTIVE, kWh updates, STOP_SESSION → COMPLETED and a priced CDR; the EVSE went CHARGING then AVAILABLE', async () => {
      const start = await commands.send(pair.cpoPartnerId, 'START_SESSION', { token: emspToken('CHG-TOKEN'), location_id: 'CHG', evse_uid: 'CHG-1', connector_id: '1', authorization_reference: 'AUTH-CHG' });
      assert.equal(start.response?.result, 'ACCEPTED');
      assert.deepEqual((await commands.whenSettled(start.id)).result, { result: 'ACCEPTED' }, 'the chargers know the EVSE of the own Location');
      const startedAt = clock.now();

      const active = await eventually(() => sessions.find((s) => s.object.status === 'ACTIVE')?.object);
      assert.equal(active.kwh, 0);
      assert.equal(active.auth_method, 'COMMAND');
      assert.equal(active.authorization_reference, 'AUTH-CHG');
      assert.equal(active.cdr_token.uid, 'CHG-TOKEN');
      assert.deepEqual([active.location_id, active.evse_uid, active.connector_id], ['CHG', 'CHG-1', '1']);
      assert.equal(active.currency, 'EUR');
      assert.equal(active.id, pair.chargers.runningSessions().find((s) => s.token.uid === 'CHG-TOKEN')?.sessionId, 'the charger session id is the Session id');
      await eventually(() => (statuses.includes('CHARGING') ? true : undefined));

      // 30 minutes at 11 kW, a meter value every 10 s: 180 readings, one PATCH every 10 minutes.
      clock.advance(30 * MINUTE);
      await eventually(() => (sessions.filter((s) => s.method === 'PATCH').length >= 3 ? true : undefined));
      const patches = sessions.filter((s) => s.method === 'PATCH');
      assert.deepEqual(patches.map((p) => p.object.kwh), [1.833, 3.667, 5.5], 'throttled: not one PATCH per meter value');
      assert.equal(patches[2]!.object.charging_periods?.length, 3, 'each PATCH appended one period');

      const stop = await commands.send(pair.cpoPartnerId, 'STOP_SESSION', { session_id: active.id });
      assert.equal(stop.response?.result, 'ACCEPTED');
      assert.deepEqual((await commands.whenSettled(stop.id)).result, { result: 'ACCEPTED' });

      const completed = await eventually(() => sessions.find((s) => s.object.status === 'COMPLETED')?.object);
      const cdr = await eventually(() => cdrs[0]);
      const end = new Date(startedAt.getTime() + 30 * MINUTE);
      assert.equal(completed.end_date_time, end.toISOString().replace('.000Z', 'Z'));
      assert.equal(completed.kwh, 5.5);
      const expected = priceSession({
        tariffs: [TARIFF],
        time_zone: 'Europe/Amsterdam',
        session: {
          start_date_time: completed.start_date_time,
          end_date_time: completed.end_date_time!,
          meter_values: [
            { date_time: completed.start_date_time, energy_import: 0 },
            { date_time: completed.end_date_time!, energy_import: 5.5 },
          ],
        },
      });
      assert.deepEqual(completed.total_cost, expected.total_cost);
      assert.equal(cdr.session_id, active.id);
      assert.equal(cdr.total_energy, 5.5);
      assert.equal(cdr.total_time, 0.5);
      assert.deepEqual(cdr.total_cost, expected.total_cost);
      assert.deepEqual(cdr.total_energy_cost, expected.total_energy_cost);
      assert.deepEqual(cdr.total_time_cost, expected.total_time_cost);
      // The meter values carry power, so the CDR's periods also hold MIN_POWER/MAX_POWER.
      const billed = (periods: CDR['charging_periods']) => periods.map((p) => ({ ...p, dimensions: p.dimensions.filter((d) => d.type === 'ENERGY' || d.type === 'TIME') }));
      assert.deepEqual(billed(cdr.charging_periods), billed(expected.charging_periods));
      assert.deepEqual(cdr.tariffs?.map((t) => t.id), ['TCHG']);
      assert.equal(cdr.cdr_location.evse_uid, 'CHG-1');
      assert.ok(verifyCdr(cdr, cdr.tariffs ?? [], { time_zone: 'Europe/Amsterdam' }).ok, 'the eMSP can verify the CDR');

      await eventually(() => (statuses[statuses.length - 1] === 'AVAILABLE' && statuses.includes('CHARGING') ? true : undefined));
      assert.deepEqual(statuses, ['AVAILABLE', 'CHARGING', 'AVAILABLE']);
    });
  });
}
