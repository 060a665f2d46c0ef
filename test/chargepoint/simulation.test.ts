/**
 * The in-process chargers' charging simulation (charge point port charging events) and how they
 * serve the own Locations, driven by a hand-moved clock.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InProcessChargePoints } from '../../src/chargepoint/in-process.js';
import { simulatedEvses } from '../../src/chargepoint/own-locations.js';
import type { ChargingEvent } from '../../src/chargepoint/port.js';
import type { Location } from '../../src/modules/locations/schema.js';
import { at, connector, evse, location } from '../locations/fixtures.js';
import { ManualClock } from './clock.js';

const TOKEN = { countryCode: 'DE', partyId: 'MSP', uid: 'T-1', type: 'RFID', contractId: 'DE-MSP-C1' };
const T0 = Date.parse('2026-01-05T10:00:00Z');

function simulated(): { cp: InProcessChargePoints; clock: ManualClock; events: ChargingEvent[] } {
  const clock = new ManualClock(T0);
  const cp = new InProcessChargePoints().simulate({ clock, meterIntervalMs: 10_000, maxPowerW: 11_000 });
  const events: ChargingEvent[] = [];
  cp.onChargingEvent((event) => events.push(event));
  return { cp, clock, events };
}

describe('in-process chargers: charging simulation', () => {
  test('a started session raises TransactionStarted and CHARGING, meter values on the clock, and on stop TransactionFinished and AVAILABLE', async () => {
    const { cp, clock, events } = simulated();
    cp.addEvse({ locationId: 'L', evseUid: 'E1', connectorIds: ['1'], maxPowerW: 22_000 });
    const { sessionId } = await cp.startSession({ locationId: 'L', evseUid: 'E1', token: TOKEN, authorizationReference: 'AUTH-1' });
    assert.deepEqual(events, [
      {
        type: 'TransactionStarted',
        sessionId,
        connector: { locationId: 'L', evseUid: 'E1', connectorId: '1' },
        token: TOKEN,
        authorization: 'REMOTE_START',
        authorizationReference: 'AUTH-1',
        startedAt: new Date(T0),
        meterStartWh: 0,
      },
      { type: 'EvseStatus', locationId: 'L', evseUid: 'E1', status: 'CHARGING', at: new Date(T0) },
    ]);
    clock.advance(60_000);
    const meter = events.slice(2);
    assert.equal(meter.length, 6, 'one reading every 10 s');
    // 11 kW (the cap, below the EVSE's 22 kW) for 60 s = 183.333 Wh.
    assert.deepEqual(meter[5], { type: 'MeterValues', sessionId, at: new Date(T0 + 60_000), energyImportWh: 183.333, powerW: 11_000 });
    clock.advance(5_000);
    assert.equal(await cp.stopSession(sessionId!), 'ACCEPTED');
    assert.deepEqual(events.slice(-2), [
      { type: 'TransactionFinished', sessionId, endedAt: new Date(T0 + 65_000), meterStopWh: 198.611, reason: 'Remote' },
      { type: 'EvseStatus', locationId: 'L', evseUid: 'E1', status: 'AVAILABLE', at: new Date(T0 + 65_000) },
    ]);
    clock.advance(60_000);
    assert.equal(events.length, 10, 'the meter stopped with the session');
  });

  test('the meter register keeps counting across sessions; the connector power limits the session', async () => {
    const { cp, clock, events } = simulated();
    cp.addEvse({ locationId: 'L', evseUid: 'E1', connectorIds: ['1', '2'], connectorPowerW: { 2: 3_600 } });
    const first = await cp.startSession({ locationId: 'L', evseUid: 'E1', connectorId: '2', token: TOKEN });
    clock.advance(3_600_000);
    await cp.stopSession(first.sessionId!);
    const second = await cp.startSession({ locationId: 'L', evseUid: 'E1', connectorId: '2', token: TOKEN });
    const finished = events.find((e) => e.type === 'TransactionFinished');
    const started = events.filter((e) => e.type === 'TransactionStarted');
    assert.equal(finished?.type === 'TransactionFinished' && finished.meterStopWh, 3_600);
    assert.equal(started[1]?.type === 'TransactionStarted' && started[1].meterStartWh, 3_600);
    assert.notEqual(second.sessionId, first.sessionId);
    cp.close();
  });

  test('the chargers serve the own Locations as published when asked: connectors, power, operative status; hand-added EVSEs stay as given', async () => {
    const { cp, clock, events } = simulated();
    const published = new Map<string, Location>();
    cp.serveFrom(async (id) => {
      const found = published.get(id.toUpperCase());
      return found && simulatedEvses(found);
    });
    const limited = connector('1', at(0), { max_electric_power: 7_400 });
    published.set(
      'LOC',
      location('LOC', at(0), {
        evses: [
          evse('PUB', at(0), { connectors: [limited] }),
          evse('DOWN', at(0), { status: 'OUTOFORDER' }),
          evse('HAND', at(0), { status: 'INOPERATIVE' }),
          evse('GONE', at(0), { status: 'REMOVED' }),
        ],
      }),
    );
    cp.addEvse({ locationId: 'LOC', evseUid: 'HAND', connectorIds: ['1'] });
    assert.equal(await cp.hasLocation('elsewhere'), false);
    assert.equal((await cp.startSession({ locationId: 'loc', evseUid: 'DOWN', token: TOKEN })).result, 'EVSE_INOPERATIVE');
    assert.equal((await cp.startSession({ locationId: 'LOC', evseUid: 'GONE', token: TOKEN })).result, 'REJECTED', 'REMOVED (LOC-11)');
    assert.equal((await cp.startSession({ locationId: 'LOC', evseUid: 'HAND', token: TOKEN })).result, 'ACCEPTED', 'addEvse wins');
    const started = await cp.startSession({ locationId: 'LOC', evseUid: 'PUB', token: TOKEN });
    assert.equal(started.result, 'ACCEPTED');
    clock.advance(10_000);
    const reading = events.find((e) => e.type === 'MeterValues' && e.sessionId === started.sessionId);
    assert.equal(reading?.type === 'MeterValues' && reading.powerW, 7_400, 'max_electric_power below the cap');

    // A change to the Location is seen at the next question: DOWN repaired, PUB removed.
    published.set('LOC', location('LOC', at(1), { evses: [evse('DOWN', at(1)), evse('PUB', at(1), { status: 'REMOVED' })] }));
    assert.equal((await cp.startSession({ locationId: 'LOC', evseUid: 'DOWN', token: TOKEN })).result, 'ACCEPTED');
    assert.equal(await cp.unlockConnector({ locationId: 'LOC', evseUid: 'PUB', connectorId: '1' }), 'REJECTED');
    published.delete('LOC');
    assert.equal(await cp.hasLocation('LOC'), true, 'HAND is still there');
    cp.close();
  });
});
