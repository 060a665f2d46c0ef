/**
 * The recorder's mapping of a charger's transaction to OCPI objects (SES-10, SES-11, SES-14, CDR-08,
 * CDR-12, CDR-13) and its throttling of progress updates (SES-12).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cdrLocation, cdrOf, chargedKwh, priceTransaction, progressPeriod, startedSession, worthPublishing } from '../../src/chargepoint/charging-objects.js';
import type { ChargingPlace } from '../../src/chargepoint/charging-objects.js';
import type { TransactionStarted } from '../../src/chargepoint/port.js';
import { validateOrThrow } from '../../src/core/validation.js';
import { CDR } from '../../src/modules/cdrs/schema.js';
import { Session } from '../../src/modules/sessions/schema.js';
import type { Tariff } from '../../src/modules/tariffs/schema.js';
import { TARIFF } from './fixtures.js';
import { priceSession } from '../../src/modules/tariffs/pricing/index.js';
import { at, connector, evse, location } from '../locations/fixtures.js';


const START = new Date('2026-01-05T10:00:00Z');
const place = (tariffs: Tariff[] = [TARIFF]): ChargingPlace => {
  const plug = connector('1', at(0), { tariff_ids: ['TCHG'] });
  const station = evse('CHG-1', at(0), { connectors: [plug] });
  return { location: location('CHG', at(0), { evses: [station] }), evse: station, connector: plug, tariffs };
};
const started: TransactionStarted = {
  type: 'TransactionStarted',
  sessionId: 'S-1',
  connector: { locationId: 'chg', evseUid: 'chg-1', connectorId: '1' },
  token: { countryCode: 'DE', partyId: 'MSP', uid: 'T-1', type: 'RFID', contractId: 'DE-MSP-C1' },
  authorization: 'REMOTE_START',
  authorizationReference: 'AUTH-1',
  startedAt: START,
  meterStartWh: 1_000,
};

describe('charging objects: a transaction as OCPI Session and CDR', () => {
  test('SES-10/SES-11/SES-14: the started Session is ACTIVE at 0 kWh, with the token, auth method, ids as published and the tariff currency', () => {
    const session = startedSession(started, place(), 'CHF');
    validateOrThrow(Session, { ...session, last_updated: at(0) }, 'Session');
    assert.deepEqual(
      { ...session },
      {
        country_code: 'NL',
        party_id: 'CPO',
        id: 'S-1',
        start_date_time: '2026-01-05T10:00:00Z',
        kwh: 0,
        cdr_token: { country_code: 'DE', party_id: 'MSP', uid: 'T-1', type: 'RFID', contract_id: 'DE-MSP-C1' },
        auth_method: 'COMMAND',
        authorization_reference: 'AUTH-1',
        location_id: 'CHG',
        evse_uid: 'CHG-1',
        connector_id: '1',
        currency: 'EUR',
        charging_periods: [],
        status: 'ACTIVE',
      },
    );
    assert.equal(startedSession({ ...started, authorization: 'LOCAL_LIST' }, place([]), 'CHF').currency, 'CHF', 'no tariff: the configured currency');
    assert.equal(startedSession({ ...started, authorization: 'LOCAL_LIST' }, place(), 'CHF').auth_method, 'WHITELIST');
    assert.equal(startedSession({ ...started, authorization: 'BACKEND' }, place(), 'CHF').auth_method, 'AUTH_REQUEST');
  });

  test('SES-12: a reading is published after the interval or the energy step, not on every meter value', () => {
    const policy = { updateIntervalMs: 60_000, updateKwh: 1 };
    const last = { at: START, kwh: 2 };
    const later = (s: number, kwh: number) => ({ at: new Date(START.getTime() + s * 1000), kwh });
    assert.equal(worthPublishing(last, later(1, 2.003), policy), false, 'a 1 Hz reading');
    assert.equal(worthPublishing(last, later(59, 2.99), policy), false);
    assert.equal(worthPublishing(last, later(60, 2.1), policy), true, 'the interval passed');
    assert.equal(worthPublishing(last, later(20, 3), policy), true, 'a kWh charged');
    assert.equal(chargedKwh(1_000, 3_500.4), 2.5);
    assert.equal(chargedKwh(1_000, 900), 0, 'a meter never charges negative energy');
  });

  test('SES-06: the appended period holds what was charged since the last published reading', () => {
    const period = progressPeriod({ at: START, kwh: 1 }, { at: new Date(START.getTime() + 900_000), kwh: 3.75 }, 'TCHG');
    assert.deepEqual(period, {
      start_date_time: '2026-01-05T10:00:00Z',
      dimensions: [
        { type: 'ENERGY', volume: 2.75 },
        { type: 'TIME', volume: 0.25 },
      ],
      tariff_id: 'TCHG',
    });
  });

  test('CDR-12/CDR-13/CDR-08: the CDR carries the tariff engine totals, the Location with the EVSE and connector used, and the tariff', () => {
    const end = new Date(START.getTime() + 1_800_000);
    const readings = [
      { date_time: '2026-01-05T10:00:00Z', energy_import: 1 },
      { date_time: '2026-01-05T10:30:00Z', energy_import: 6.5, power: 11 },
    ];
    const priced = priceTransaction(place(), START, end, readings)!;
    const expected = priceSession({ tariffs: [TARIFF], time_zone: 'Europe/Amsterdam', session: { start_date_time: '2026-01-05T10:00:00Z', end_date_time: '2026-01-05T10:30:00Z', meter_values: readings } });
    assert.deepEqual(priced.total_cost, expected.total_cost);
    assert.equal(priced.total_energy, 5.5);
    const session = { ...startedSession(started, place(), 'EUR'), last_updated: at(0), status: 'COMPLETED' as const, kwh: 5.5 };
    const cdr = validateOrThrow(CDR, { ...cdrOf(session, place(), priced, 'Remote'), last_updated: at(0) }, 'CDR');
    assert.equal(cdr.id, 'S-1');
    assert.equal(cdr.session_id, 'S-1');
    assert.equal(cdr.remark, 'Remote');
    assert.deepEqual(cdr.tariffs?.map((t) => t.id), ['TCHG']);
    assert.deepEqual(cdr.total_cost, expected.total_cost);
    assert.deepEqual(cdr.charging_periods, expected.charging_periods);
    assert.equal(cdr.total_time, 0.5);
    assert.deepEqual(cdr.cdr_location, cdrLocation(place()));
    assert.equal(cdr.cdr_location.evse_id, 'NL*CPO*ECHG-1');
    assert.equal(cdr.cdr_location.connector_standard, 'IEC_62196_T2');
    assert.equal(priceTransaction(place([]), START, end, readings), undefined, 'no tariff: nothing to price');
  });

  test('CDR-13: a Location state longer than CdrLocation allows (45 vs 20 characters) is cut, and the CDR stays valid', () => {
    const long = place();
    long.location = { ...long.location, state: 'Nordrhein-Westfalen Region Köln' };
    const end = new Date(START.getTime() + 1_800_000);
    const readings = [
      { date_time: '2026-01-05T10:00:00Z', energy_import: 1 },
      { date_time: '2026-01-05T10:30:00Z', energy_import: 6.5 },
    ];
    const priced = priceTransaction(long, START, end, readings)!;
    const session = { ...startedSession(started, long, 'EUR'), last_updated: at(0), status: 'COMPLETED' as const, kwh: 5.5 };
    const cdr = validateOrThrow(CDR, { ...cdrOf(session, long, priced, 'Remote'), last_updated: at(0) }, 'CDR');
    assert.equal(cdr.cdr_location.state, 'Nordrhein-Westfalen ');
  });
});
