/**
 * The in-process chargers behind the charge point port: they answer from their state the way a
 * charger would (CMD-14 result values, CP-09) and can be told to answer late or never (CMD-05).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InProcessChargePoints } from '../../src/chargepoint/in-process.js';

const TOKEN = { countryCode: 'DE', partyId: 'MSP', uid: 'T-1', type: 'RFID', contractId: 'C-1' };
const OTHER = { ...TOKEN, uid: 'T-2' };
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000);

function chargers(): InProcessChargePoints {
  return new InProcessChargePoints()
    .addEvse({ locationId: 'L', evseUid: 'E1', connectorIds: ['1'] })
    .addEvse({ locationId: 'L', evseUid: 'E2', connectorIds: ['1'] });
}

describe('in-process chargers', () => {
  test('CMD-14: start on an unknown EVSE or connector is REJECTED; a second start on a busy EVSE is EVSE_OCCUPIED', async () => {
    const cp = chargers();
    assert.equal((await cp.startSession({ locationId: 'L', evseUid: 'NOPE', token: TOKEN })).result, 'REJECTED');
    assert.equal((await cp.startSession({ locationId: 'L', evseUid: 'E1', connectorId: '9', token: TOKEN })).result, 'REJECTED');
    const started = await cp.startSession({ locationId: 'l', evseUid: 'e1', token: TOKEN });
    assert.equal(started.result, 'ACCEPTED', 'ids are CiStrings');
    assert.equal((await cp.startSession({ locationId: 'L', evseUid: 'E1', token: OTHER })).result, 'EVSE_OCCUPIED');
    assert.equal((await cp.findSession(started.sessionId!.toLowerCase()))?.evseUid, 'E1');
  });

  test('CMD-14: without an EVSE the charger picks a free one; all busy is EVSE_OCCUPIED', async () => {
    const cp = chargers();
    const a = await cp.startSession({ locationId: 'L', token: TOKEN });
    const b = await cp.startSession({ locationId: 'L', token: OTHER });
    assert.notEqual((await cp.findSession(a.sessionId!))?.evseUid, (await cp.findSession(b.sessionId!))?.evseUid);
    assert.equal((await cp.startSession({ locationId: 'L', token: TOKEN })).result, 'EVSE_OCCUPIED');
  });

  test('CMD-11: stopping an unknown session is REJECTED; stopping a running one ends it', async () => {
    const cp = chargers();
    assert.equal(await cp.stopSession('missing'), 'REJECTED');
    const { sessionId } = await cp.startSession({ locationId: 'L', evseUid: 'E1', token: TOKEN });
    assert.equal(await cp.stopSession(sessionId!), 'ACCEPTED');
    assert.equal(await cp.findSession(sessionId!), undefined);
  });

  test('CMD-09: a reservation blocks other tokens, is replaced by the same id, ends when its driver starts', async () => {
    const cp = chargers();
    assert.equal(await cp.reserveNow({ reservationId: 'R', locationId: 'L', evseUid: 'E1', token: TOKEN, expiresAt: inMinutes(-1) }), 'REJECTED', 'expired');
    assert.equal(await cp.reserveNow({ reservationId: 'R', locationId: 'L', evseUid: 'E1', token: TOKEN, expiresAt: inMinutes(30) }), 'ACCEPTED');
    assert.equal((await cp.startSession({ locationId: 'L', evseUid: 'E1', token: OTHER })).result, 'REJECTED');
    assert.equal(await cp.reserveNow({ reservationId: 'R', locationId: 'L', evseUid: 'E1', token: TOKEN, expiresAt: inMinutes(60) }), 'ACCEPTED', 'replaced');
    assert.deepEqual(cp.reservationIds(), ['R']);
    assert.equal((await cp.startSession({ locationId: 'L', evseUid: 'E1', token: TOKEN })).result, 'ACCEPTED');
    assert.deepEqual(cp.reservationIds(), []);
    assert.equal(await cp.cancelReservation('R'), 'UNKNOWN_RESERVATION');
  });

  test('CP-09: profiles — set, read back, clear (UNKNOWN when there is none), REJECTED for unknown sessions', async () => {
    const cp = chargers();
    const { sessionId } = await cp.startSession({ locationId: 'L', evseUid: 'E2', token: TOKEN });
    const profile = { charging_rate_unit: 'A' as const, charging_profile_period: [{ start_period: 0, limit: 16 }] };
    assert.deepEqual(await cp.setChargingProfile('missing', profile), { result: 'REJECTED' });
    assert.deepEqual(await cp.setChargingProfile(sessionId!, profile), { result: 'ACCEPTED' });
    assert.deepEqual((await cp.getActiveChargingProfile(sessionId!, 600)).profile?.charging_profile, profile);
    assert.deepEqual(await cp.clearChargingProfile(sessionId!), { result: 'ACCEPTED' });
    assert.deepEqual(await cp.clearChargingProfile(sessionId!), { result: 'UNKNOWN' });
    assert.equal((await cp.getActiveChargingProfile(sessionId!, 600)).profile?.charging_profile.charging_profile_period?.[0]?.limit, 22000);
  });

  test('CMD-05: a silent charger never answers; a slow one answers after its delay; close() stops pending answers', async () => {
    const cp = chargers().respond({ silent: true });
    let answered = false;
    void cp.stopSession('x').then(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(answered, false);

    cp.respond({ delayMs: 10 });
    assert.equal(await cp.stopSession('x'), 'REJECTED');

    cp.respond({ delayMs: 20 });
    void cp.stopSession('x').then(() => (answered = true));
    cp.close();
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(answered, false, 'the delayed answer was dropped with its timer');
  });
});
