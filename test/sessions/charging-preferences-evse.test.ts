/**
 * The default charging preferences decision (SES-02, SES-15, SES-16) over HTTP between a CPO and
 * an eMSP node: the session's EVSE in the CPO's own Locations must be CHARGING_PREFERENCES_CAPABLE,
 * the in-process chargers say which ProfileTypes they support, CHEAP and GREEN (and discharging)
 * need departure_time and energy_need, the connector's power bounds the energy by the departure,
 * and accepted preferences reach the charger running the session.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { formatDateTime } from '../../src/core/datetime.js';
import { locationsService } from '../../src/modules/locations/index.js';
import type { CpoSessions } from '../../src/modules/sessions/cpo.js';
import { evseSupport } from '../../src/modules/sessions/evse-preferences.js';
import { startPair } from '../commands/pair.js';
import type { Pair } from '../commands/pair.js';
import { backends } from '../helpers/backends.js';
import { ocpiFetch } from '../helpers/nodes.js';
import { at, connector, evse, location } from '../locations/fixtures.js';
import { session } from './fixtures.js';

const TOKEN = { countryCode: 'DE', partyId: 'MSP', uid: 'AA11', type: 'RFID', contractId: 'DE-MSP-CAA11' };
const inHours = (hours: number) => formatDateTime(new Date(Math.floor(Date.now() / 1000) * 1000 + hours * 3_600_000));

for (const backend of backends) {
  describe(`default charging preferences decision (${backend.name})`, { skip: backend.skip }, () => {
    let pair: Pair;
    let sessions: CpoSessions;
    /** The session the in-process charger runs at the capable EVSE. */
    let running: string;
    const put = async (sessionId: string, body: unknown) =>
      ocpiFetch(`${pair.cpo.baseUrl}/ocpi/cpo/2.2.1/sessions/${sessionId}/charging_preferences`, pair.tokenToCpo, { method: 'PUT', body });
    const answer = async (sessionId: string, body: unknown) => {
      const response = await put(sessionId, body);
      assert.equal(response.status, 200, response.text);
      assert.equal(response.json.status_code, 1000, response.text);
      return response.json.data as string;
    };

    before(async () => {
      pair = await startPair(backend);
      sessions = pair.cpo.node.context.services.sessions!.cpo!;
      // SMART: capable, 11 kW on connector 1; PLAIN: not capable.
      const smart = evse('SMART', at(0), {
        capabilities: ['CHARGING_PREFERENCES_CAPABLE', 'REMOTE_START_STOP_CAPABLE'],
        connectors: [connector('1', at(0), { power_type: 'AC_3_PHASE', max_voltage: 230, max_amperage: 16, max_electric_power: 11000 })],
      });
      await locationsService(pair.cpo.node.context).own.putLocation(location('PREF', at(0), { evses: [smart, evse('PLAIN', at(0))] }));
      pair.chargers
        .addEvse({ locationId: 'PREF', evseUid: 'SMART', connectorIds: ['1'], profileTypes: ['REGULAR', 'FAST', 'CHEAP'] })
        .addEvse({ locationId: 'PREF', evseUid: 'PLAIN', connectorIds: ['1'] });
      running = (await pair.chargers.startSession({ locationId: 'PREF', evseUid: 'SMART', connectorId: '1', token: TOKEN })).sessionId!;
      await sessions.own.put(session(running, { location_id: 'PREF', evse_uid: 'SMART', connector_id: '1' }));
      await sessions.own.put(session('DONE', { location_id: 'PREF', evse_uid: 'SMART', connector_id: '1', status: 'COMPLETED' }));
      await sessions.own.put(session('PLAIN-1', { location_id: 'PREF', evse_uid: 'PLAIN', connector_id: '1' }));
      await sessions.own.put(session('NOWHERE-1', { location_id: 'NOWHERE', evse_uid: 'SMART', connector_id: '1' }));
    });
    after(async () => {
      await pair?.cpo.close();
      await pair?.emsp.close();
    });

    test('SES-02: an EVSE without CHARGING_PREFERENCES_CAPABLE (or not in the own Locations) is HTTP 404, 2001', async () => {
      for (const id of ['PLAIN-1', 'NOWHERE-1']) {
        const response = await put(id, { profile_type: 'REGULAR' });
        assert.equal(response.status, 404, id);
        assert.equal(response.json.status_code, 2001, id);
      }
      assert.equal(pair.chargers.chargingPreferencesOf(running), undefined);
    });

    test('SES-16 ACCEPTED: FAST needs nothing more; the charger running the session gets the preferences', async () => {
      assert.equal(await answer(running, { profile_type: 'FAST' }), 'ACCEPTED');
      assert.deepEqual(pair.chargers.chargingPreferencesOf(running), { profileType: 'FAST', dischargeAllowed: false });
      const departure = inHours(6);
      assert.equal(await answer(running, { profile_type: 'CHEAP', departure_time: departure, energy_need: 30, discharge_allowed: true }), 'ACCEPTED');
      assert.deepEqual(pair.chargers.chargingPreferencesOf(running), {
        profileType: 'CHEAP',
        departureTime: new Date(departure),
        energyNeedKwh: 30,
        dischargeAllowed: true,
      });
    });

    test('SES-16 PROFILE_TYPE_NOT_SUPPORTED: a ProfileType the charger does not offer at the connector', async () => {
      assert.equal(await answer(running, { profile_type: 'GREEN', departure_time: inHours(6), energy_need: 10 }), 'PROFILE_TYPE_NOT_SUPPORTED');
    });

    test('SES-16 DEPARTURE_REQUIRED / ENERGY_NEED_REQUIRED: CHEAP and discharging plan until the departure, so they need both', async () => {
      assert.equal(await answer(running, { profile_type: 'CHEAP', energy_need: 10 }), 'DEPARTURE_REQUIRED');
      assert.equal(await answer(running, { profile_type: 'CHEAP', departure_time: inHours(6) }), 'ENERGY_NEED_REQUIRED');
      assert.equal(await answer(running, { profile_type: 'REGULAR', discharge_allowed: true, energy_need: 10 }), 'DEPARTURE_REQUIRED');
      assert.equal(await answer(running, { profile_type: 'REGULAR', departure_time: inHours(6), energy_need: 10 }), 'ACCEPTED', 'REGULAR takes them without needing them');
    });

    test('SES-16 NOT_POSSIBLE: more energy than 11 kW delivers by the departure, a past departure, a completed session; nothing reaches the charger', async () => {
      const previous = pair.chargers.chargingPreferencesOf(running);
      assert.equal(await answer(running, { profile_type: 'CHEAP', departure_time: inHours(2), energy_need: 30 }), 'NOT_POSSIBLE', '30 kWh > 2 h × 11 kW');
      assert.equal(await answer(running, { profile_type: 'FAST', departure_time: inHours(-1) }), 'NOT_POSSIBLE');
      assert.equal(await answer('DONE', { profile_type: 'FAST' }), 'NOT_POSSIBLE');
      assert.deepEqual(pair.chargers.chargingPreferencesOf(running), previous);
      assert.equal(await answer(running, { profile_type: 'CHEAP', departure_time: inHours(3), energy_need: 30 }), 'ACCEPTED', '30 kWh ≤ 3 h × 11 kW');
    });

    test('SES-02: an operator\'s own handler replaces the default decision', async () => {
      const applied: string[] = [];
      sessions.setChargingPreferencesHandler(() => ({ profileTypes: ['GREEN'] }), (s) => void applied.push(s.id));
      try {
        assert.equal(await answer('PLAIN-1', { profile_type: 'GREEN', departure_time: inHours(6), energy_need: 10 }), 'ACCEPTED');
        assert.deepEqual(applied, ['PLAIN-1']);
      } finally {
        sessions.setChargingPreferencesHandler(evseSupport(pair.cpo.node.context));
      }
      assert.equal((await put('PLAIN-1', { profile_type: 'GREEN' })).status, 404, 'the default is back');
    });
  });
}
