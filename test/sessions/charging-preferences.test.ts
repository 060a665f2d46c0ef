/** The ChargingPreferencesResponse rules (SES-02, SES-15, SES-16), without I/O. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerChargingPreferences } from '../../src/modules/sessions/charging-preferences.js';
import { session } from './fixtures.js';

const NOW = new Date('2024-05-01T10:30:00Z');
const support = { profileTypes: ['FAST', 'GREEN'] as const, departureRequired: true, energyNeedRequired: true };

describe('charging preferences answers', () => {
  test('SES-16: an unsupported profile first, then the missing departure_time, then the missing energy_need', () => {
    const active = session('P1');
    assert.equal(answerChargingPreferences(active, { profile_type: 'CHEAP' }, support, NOW), 'PROFILE_TYPE_NOT_SUPPORTED');
    assert.equal(answerChargingPreferences(active, { profile_type: 'FAST', energy_need: 10 }, support, NOW), 'DEPARTURE_REQUIRED');
    assert.equal(answerChargingPreferences(active, { profile_type: 'FAST', departure_time: '2024-05-01T12:00:00Z' }, support, NOW), 'ENERGY_NEED_REQUIRED');
    assert.equal(answerChargingPreferences(active, { profile_type: 'GREEN', departure_time: '2024-05-01T12:00:00', energy_need: 10 }, support, NOW), 'ACCEPTED');
  });

  test('SES-16 NOT_POSSIBLE: a departure already past, or a session no longer ongoing', () => {
    const full = { profile_type: 'FAST' as const, departure_time: '2024-05-01T10:00:00Z', energy_need: 10 };
    assert.equal(answerChargingPreferences(session('P1'), full, support, NOW), 'NOT_POSSIBLE');
    const later = { ...full, departure_time: '2024-05-01T18:00:00Z' };
    assert.equal(answerChargingPreferences(session('P1', { status: 'COMPLETED' }), later, support, NOW), 'NOT_POSSIBLE');
    assert.equal(answerChargingPreferences(session('P1', { status: 'PENDING' }), later, support, NOW), 'ACCEPTED');
    assert.equal(answerChargingPreferences(session('P1', { status: 'INVALID' }), later, support, NOW), 'NOT_POSSIBLE');
  });

  test('SES-15: discharge_allowed is a permission, never a reason to refuse', () => {
    const answer = answerChargingPreferences(session('P1'), { profile_type: 'FAST', departure_time: '2024-05-01T18:00:00Z', energy_need: 5, discharge_allowed: true }, support, NOW);
    assert.equal(answer, 'ACCEPTED');
  });
  test('SES-16: without the CPO saying, CHEAP, GREEN and discharging need departure_time and energy_need; FAST and REGULAR do not', () => {
    const open = { profileTypes: ['CHEAP', 'FAST', 'GREEN', 'REGULAR'] as const };
    const active = session('P1');
    assert.equal(answerChargingPreferences(active, { profile_type: 'GREEN', energy_need: 10 }, open, NOW), 'DEPARTURE_REQUIRED');
    assert.equal(answerChargingPreferences(active, { profile_type: 'CHEAP', departure_time: '2024-05-01T18:00:00Z' }, open, NOW), 'ENERGY_NEED_REQUIRED');
    assert.equal(answerChargingPreferences(active, { profile_type: 'FAST', discharge_allowed: true }, open, NOW), 'DEPARTURE_REQUIRED');
    assert.equal(answerChargingPreferences(active, { profile_type: 'FAST' }, open, NOW), 'ACCEPTED');
    assert.equal(answerChargingPreferences(active, { profile_type: 'REGULAR', discharge_allowed: false }, open, NOW), 'ACCEPTED');
    assert.equal(answerChargingPreferences(active, { profile_type: 'CHEAP' }, { ...open, departureRequired: false, energyNeedRequired: false }, NOW), 'ACCEPTED', 'the CPO may say otherwise');
  });

  test('SES-16 NOT_POSSIBLE: more energy than the connector delivers by the departure; what the session charged counts', () => {
    const support11kW = { profileTypes: ['CHEAP'] as const, maxPowerKw: 11 };
    const twoHours = { profile_type: 'CHEAP' as const, departure_time: '2024-05-01T12:30:00Z' };
    assert.equal(answerChargingPreferences(session('P1'), { ...twoHours, energy_need: 22 }, support11kW, NOW), 'ACCEPTED');
    assert.equal(answerChargingPreferences(session('P1'), { ...twoHours, energy_need: 22.5 }, support11kW, NOW), 'NOT_POSSIBLE');
    assert.equal(answerChargingPreferences(session('P1', { kwh: 5 }), { ...twoHours, energy_need: 25 }, support11kW, NOW), 'ACCEPTED');
    assert.equal(answerChargingPreferences(session('P1'), { ...twoHours, energy_need: 500 }, { profileTypes: ['CHEAP'] }, NOW), 'ACCEPTED', 'unknown power: nothing known to be impossible');
  });
});
