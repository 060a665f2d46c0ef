/**
 * The operator API of an eMSP, end to end over HTTP against a CPO node with in-process chargers:
 * own Tokens reach the CPO through the outbox; commands and charging profiles run their round trip
 * and their outcome is read back; partners and the outbox are inspected, dead rows replayed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inProcessChargePointsOf } from '../../src/chargepoint/attach.js';
import type { InProcessChargePoints } from '../../src/chargepoint/in-process.js';
import { backends } from '../helpers/backends.js';
import { at, evse, location } from '../locations/fixtures.js';
import { admin, settled, startOperatorPair, waitFor } from './helpers.js';
import type { OperatorPair } from './helpers.js';

const tokenBody = (extra: Record<string, unknown> = {}) => ({
  contract_id: 'DE-MSP-C0001',
  issuer: 'Test eMSP',
  valid: true,
  whitelist: 'ALLOWED',
  ...extra,
});

for (const backend of backends) {
  describe(`operator API of an eMSP (${backend.name})`, { skip: backend.skip }, () => {
    let pair: OperatorPair;
    let chargers: InProcessChargePoints;
    let cpoId: string;
    /** Tokens as the CPO node received them. */
    const atCpo = (uid: string, type: 'RFID' | 'APP_USER') => pair.cpo.node.services.tokens!.cpo!.whitelist(uid, type);

    before(async () => {
      pair = await startOperatorPair(backend);
      cpoId = pair.cpoAtEmsp.id;
      // The CPO's operator creates the Location the commands address; chargers stand behind it.
      const { country_code: _cc, party_id: _pid, id: _id, ...body } = location('LOC1', at(0), { evses: [evse('EVSE1', at(0)), evse('EVSE2', at(0))] });
      assert.equal((await admin(pair.cpo, 'PUT', '/locations/NL/CPO/LOC1', { body })).status, 201);
      chargers = inProcessChargePointsOf(pair.cpo.node.context)
        .addEvse({ locationId: 'LOC1', evseUid: 'EVSE1', connectorIds: ['1', '2'] })
        .addEvse({ locationId: 'LOC1', evseUid: 'EVSE2', connectorIds: ['1'] });
    });
    after(async () => {
      await pair?.close();
    });

    test('Tokens: PUT creates (201) and reaches the CPO through the outbox; PATCH reaches it too', async () => {
      const created = await admin(pair.emsp, 'PUT', '/tokens/DE/MSP/TOK1?type=APP_USER', { body: tokenBody() });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.json.uid, 'TOK1');
      assert.equal(created.json.type, 'APP_USER');
      assert.equal((await admin(pair.emsp, 'PUT', '/tokens/DE/MSP/TOK1?type=APP_USER', { body: tokenBody() })).status, 200);
      await waitFor('the CPO has TOK1', async () => (await atCpo('TOK1', 'APP_USER')).length === 1);

      const blocked = await admin(pair.emsp, 'PATCH', '/tokens/DE/MSP/TOK1?type=APP_USER', { body: { valid: false } });
      assert.equal(blocked.status, 200);
      assert.equal(blocked.json.valid, false);
      await waitFor('the CPO sees TOK1 invalid', async () => (await atCpo('TOK1', 'APP_USER'))[0]?.token.valid === false);

      assert.equal((await admin(pair.emsp, 'GET', '/tokens/DE/MSP/TOK1?type=APP_USER')).json.valid, false);
      assert.equal((await admin(pair.emsp, 'GET', '/tokens/DE/MSP/TOK1')).status, 404, 'RFID is another token (TOK-02)');
      const rfid = await admin(pair.emsp, 'PUT', '/tokens/DE/MSP/TOK1', { body: { ...tokenBody(), type: 'RFID' } });
      assert.equal(rfid.status, 201);
      const list = await admin(pair.emsp, 'GET', '/tokens');
      assert.deepEqual(list.json.items.map((t: any) => `${t.uid}/${t.type}`), ['TOK1/APP_USER', 'TOK1/RFID']);
      await waitFor('the CPO has the RFID token too', async () => (await atCpo('TOK1', 'RFID')).length === 1);
    });

    test('Tokens: invalid input is 400 naming the field, unknown tokens 404', async () => {
      const cases: Array<[string, string, unknown, number, string | undefined]> = [
        ['PUT', '/tokens/DE/MSP/T2', tokenBody({ whitelist: 'SOMETIMES' }), 400, 'whitelist'],
        ['PUT', '/tokens/DE/MSP/T2', { ...tokenBody(), contract_id: undefined }, 400, 'contract_id'],
        ['PUT', '/tokens/DE/MSP/T2?type=APP_USER', { ...tokenBody(), type: 'RFID' }, 400, 'type'],
        ['PUT', '/tokens/DE/MSP/T2?type=CARD', tokenBody(), 400, 'type'],
        ['PUT', '/tokens/DE/MSP/T2', { ...tokenBody(), uid: 'T3' }, 400, 'uid'],
        ['PUT', '/tokens/NL/CPO/T2', tokenBody(), 400, 'country_code/party_id'],
        ['PATCH', '/tokens/DE/MSP/TOK1?type=APP_USER', { valid: 'no' }, 400, 'valid'],
        ['PATCH', '/tokens/DE/MSP/TOK1?type=APP_USER', { type: 'RFID' }, 400, 'type'],
        ['PATCH', '/tokens/DE/MSP/NOPE', { valid: false }, 404, undefined],
        ['GET', '/tokens/DE/MSP/NOPE', undefined, 404, undefined],
      ];
      for (const [method, path, body, status, field] of cases) {
        const answer = await admin(pair.emsp, method, path, body === undefined ? {} : { body });
        assert.equal(answer.status, status, `${method} ${path}: ${answer.text}`);
        assert.equal(answer.json.field, field, `${method} ${path}: ${answer.json.message}`);
      }
    });

    test('a START_SESSION sent through the operator API runs the round trip; STOP_SESSION ends it; the outcome is readable', async () => {
      const token = (await admin(pair.emsp, 'GET', '/tokens/DE/MSP/TOK1?type=RFID')).json;
      const start = await admin(pair.emsp, 'POST', `/partners/${cpoId}/commands/START_SESSION`, {
        body: { token, location_id: 'LOC1', evse_uid: 'EVSE1', connector_id: '1', authorization_reference: 'AUTH-1' },
      });
      assert.equal(start.status, 202, start.text);
      assert.deepEqual(start.json.response, { result: 'ACCEPTED', timeout: 1 });
      assert.equal(start.json.command, 'START_SESSION');
      const done = await settled(pair.emsp, `/commands/${start.json.id}`);
      assert.equal(done.state, 'RESULT');
      assert.deepEqual(done.result, { result: 'ACCEPTED' });
      const running = chargers.runningSessions().find((s) => s.token.uid === 'TOK1');
      assert.ok(running, 'the charger runs the session');
      assert.equal(running.authorizationReference, 'AUTH-1');

      const stop = await admin(pair.emsp, 'POST', `/partners/${cpoId}/commands/STOP_SESSION`, { body: { session_id: running.sessionId } });
      assert.equal(stop.status, 202);
      assert.deepEqual((await settled(pair.emsp, `/commands/${stop.json.id}`)).result, { result: 'ACCEPTED' });
      assert.equal(chargers.runningSessions().some((s) => s.sessionId === running.sessionId), false);

      const unknown = await admin(pair.emsp, 'POST', `/partners/${cpoId}/commands/STOP_SESSION`, { body: { session_id: 'NO-SUCH' } });
      assert.equal(unknown.json.state, 'ANSWERED');
      assert.equal(unknown.json.response.result, 'UNKNOWN_SESSION');
    });

    test('RESERVE_NOW, CANCEL_RESERVATION and UNLOCK_CONNECTOR through the operator API', async () => {
      const token = (await admin(pair.emsp, 'GET', '/tokens/DE/MSP/TOK1?type=RFID')).json;
      const expiry = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const reserve = await admin(pair.emsp, 'POST', `/partners/${cpoId}/commands/RESERVE_NOW`, {
        body: { token, expiry_date: expiry, reservation_id: 'R-1', location_id: 'LOC1', evse_uid: 'EVSE2' },
      });
      assert.deepEqual((await settled(pair.emsp, `/commands/${reserve.json.id}`)).result, { result: 'ACCEPTED' });
      const cancel = await admin(pair.emsp, 'POST', `/partners/${cpoId}/commands/CANCEL_RESERVATION`, { body: { reservation_id: 'R-1' } });
      assert.deepEqual((await settled(pair.emsp, `/commands/${cancel.json.id}`)).result, { result: 'ACCEPTED' });
      const unlock = await admin(pair.emsp, 'POST', `/partners/${cpoId}/commands/UNLOCK_CONNECTOR`, { body: { location_id: 'LOC1', evse_uid: 'EVSE1', connector_id: '2' } });
      assert.deepEqual((await settled(pair.emsp, `/commands/${unlock.json.id}`)).result, { result: 'ACCEPTED' });
    });

    test('commands: invalid input is 400 naming the field, an unknown partner or command 404, never 5xx', async () => {
      const token = (await admin(pair.emsp, 'GET', '/tokens/DE/MSP/TOK1?type=RFID')).json;
      const cases: Array<[string, unknown, number, string | undefined]> = [
        [`/partners/${cpoId}/commands/START_SESSION`, { token }, 400, 'location_id'],
        [`/partners/${cpoId}/commands/START_SESSION`, { token: { ...token, uid: 'U'.repeat(37) }, location_id: 'LOC1' }, 400, 'token.uid'],
        [`/partners/${cpoId}/commands/STOP_SESSION`, { session_id: 42 }, 400, 'session_id'],
        [`/partners/${cpoId}/commands/STOP_SESSION`, [], 400, undefined],
        [`/partners/${cpoId}/commands/REBOOT`, { session_id: 'S' }, 400, 'command'],
        // CMD-07 is the CPO's rule: its 2001 comes back as the operator's 400, naming the field.
        [`/partners/${cpoId}/commands/START_SESSION`, { token, location_id: 'LOC1', connector_id: '1' }, 400, 'evse_uid'],
        [`/partners/${cpoId}/commands/STOP_SESSION?from_country_code=NL&from_party_id=CPO`, { session_id: 'S' }, 400, 'from_party_id'],
        [`/partners/${cpoId}/commands/STOP_SESSION?to_country_code=NL`, { session_id: 'S' }, 400, 'to_party_id'],
        ['/partners/no-such-partner/commands/STOP_SESSION', { session_id: 'S' }, 404, undefined],
      ];
      for (const [path, body, status, field] of cases) {
        const answer = await admin(pair.emsp, 'POST', path, { body });
        assert.equal(answer.status, status, `${path}: ${answer.text}`);
        assert.equal(answer.json.field, field, `${path}: ${answer.json.message}`);
      }
      assert.equal((await admin(pair.emsp, 'GET', '/commands/no-such-command')).status, 404);
    });

    test('charging profiles: set, read the active one (asked and pushed), clear — each outcome readable', async () => {
      const token = (await admin(pair.emsp, 'GET', '/tokens/DE/MSP/TOK1?type=RFID')).json;
      const start = await admin(pair.emsp, 'POST', `/partners/${cpoId}/commands/START_SESSION`, { body: { token, location_id: 'LOC1', evse_uid: 'EVSE2' } });
      assert.deepEqual((await settled(pair.emsp, `/commands/${start.json.id}`)).result, { result: 'ACCEPTED' });
      const sessionId = chargers.runningSessions().find((s) => s.evseUid === 'EVSE2')!.sessionId;
      const path = `/partners/${cpoId}/chargingprofiles/${sessionId}`;

      const set = await admin(pair.emsp, 'PUT', path, { body: { charging_rate_unit: 'W', charging_profile_period: [{ start_period: 0, limit: 7000 }] } });
      assert.equal(set.status, 202, set.text);
      assert.equal(set.json.kind, 'PUT');
      assert.equal(set.json.response.result, 'ACCEPTED');
      assert.deepEqual((await settled(pair.emsp, `/chargingprofiles/${set.json.id}`)).result, { result: 'ACCEPTED' });

      const asked = await admin(pair.emsp, 'POST', `${path}/active`, { body: { duration: 900 } });
      assert.equal(asked.status, 202);
      const answer = await settled(pair.emsp, `/chargingprofiles/${asked.json.id}`);
      assert.equal(answer.result.result, 'ACCEPTED');
      assert.equal(answer.result.profile.charging_profile.charging_profile_period[0].limit, 7000);

      assert.equal((await admin(pair.emsp, 'GET', `${path}/active`)).status, 404, 'nothing pushed yet');
      chargers.applyLocalLimit(sessionId, 5000);
      await waitFor('the CPO pushed the changed ActiveChargingProfile (CP-06)', async () => (await admin(pair.emsp, 'GET', `${path}/active`)).status === 200);

      const cleared = await admin(pair.emsp, 'DELETE', path);
      assert.equal(cleared.status, 202);
      assert.deepEqual((await settled(pair.emsp, `/chargingprofiles/${cleared.json.id}`)).result, { result: 'ACCEPTED' });

      const invalid: Array<[string, string, unknown, string]> = [
        ['PUT', path, { charging_rate_unit: 'kW', charging_profile_period: [] }, 'charging_rate_unit'],
        ['PUT', path, { charging_rate_unit: 'W', charging_profile_period: [{ start_period: -1, limit: 1 }] }, 'charging_profile_period[0].start_period'],
        ['POST', `${path}/active`, { duration: -1 }, 'duration'],
        ['POST', `${path}/active`, {}, 'duration'],
        ['PUT', `/partners/${cpoId}/chargingprofiles/${'S'.repeat(37)}`, { charging_rate_unit: 'W' }, 'session_id'],
      ];
      for (const [method, target, body, field] of invalid) {
        const refused = await admin(pair.emsp, method, target, { body });
        assert.equal(refused.status, 400, `${method} ${target}: ${refused.text}`);
        assert.equal(refused.json.field, field, refused.json.message);
      }
      assert.equal((await admin(pair.emsp, 'DELETE', `/partners/nobody/chargingprofiles/${sessionId}`)).status, 404);
      assert.equal((await admin(pair.emsp, 'GET', '/chargingprofiles/no-such-request')).status, 404);
    });

    test('partners: list and details with endpoints and the audit trail, never a token', async () => {
      const list = await admin(pair.emsp, 'GET', '/partners');
      assert.equal(list.json.items.length, 1);
      const [cpo] = list.json.items;
      assert.equal(cpo.id, cpoId);
      assert.equal(cpo.status, 'REGISTERED');
      assert.equal(cpo.hasTokenToPartner, true);
      assert.equal(cpo.endpoints, undefined, 'the list leaves endpoints out');
      assert.deepEqual(cpo.roles.map((r: any) => `${r.role} ${r.country_code}*${r.party_id}`), ['CPO NL*CPO']);

      const details = await admin(pair.emsp, 'GET', `/partners/${cpoId}`);
      assert.ok(details.json.endpoints.some((e: any) => e.identifier === 'commands' && e.role === 'RECEIVER'));
      const audit = await admin(pair.emsp, 'GET', `/partners/${cpoId}/audit`);
      assert.deepEqual(audit.json.items.map((a: any) => a.event), ['registration_started', 'registered']);
      assert.equal(audit.json.items[1].detail.versions_url, pair.cpo.node.versionsUrl);

      const secret = pair.cpoAtEmsp.tokenToPartner!;
      for (const answer of [list, details, audit, await admin(pair.cpo, 'GET', '/partners'), await admin(pair.cpo, 'GET', `/partners/${pair.emspAtCpo.id}/audit`)]) {
        assert.equal(answer.text.includes(secret), false, 'no token in any answer');
        assert.equal(answer.text.includes(pair.emspAtCpo.tokenToPartner!), false);
        assert.equal(answer.text.includes('tokenToPartner'), false);
      }
      assert.equal((await admin(pair.emsp, 'GET', '/partners/nobody')).status, 404);
      assert.equal((await admin(pair.emsp, 'GET', '/partners/nobody/audit')).status, 404);
    });

    test('outbox: rows per partner and state, one row, stats; replay refuses rows that are not dead', async () => {
      await waitFor('every token push delivered', async () => (await admin(pair.emsp, 'GET', '/outbox?status=pending')).json.items.length === 0);
      const rows = (await admin(pair.emsp, 'GET', `/outbox?partner_id=${cpoId}&status=delivered`)).json.items;
      assert.ok(rows.length >= 3, 'PUT, PATCH, PUT of the tokens');
      assert.ok(rows.every((r: any) => r.module === 'tokens' && r.status === 'delivered' && r.partnerId === cpoId));
      const patch = rows.find((r: any) => r.method === 'PATCH');
      assert.equal(patch.body.valid, false, 'the body is shown as JSON');
      assert.equal(patch.to.partyId, 'CPO');
      assert.equal((await admin(pair.emsp, 'GET', `/outbox?limit=1`)).json.items.length, 1);

      assert.equal((await admin(pair.emsp, 'GET', `/outbox/${patch.id}`)).json.path, patch.path);
      const stats = await admin(pair.emsp, 'GET', '/outbox/stats');
      const mine = stats.json.partners.find((s: any) => s.partnerId === cpoId);
      assert.equal(mine.counts.delivered, rows.length);
      assert.equal(mine.failures, 0);

      const notDead = await admin(pair.emsp, 'POST', `/outbox/${patch.id}/replay`);
      assert.equal(notDead.status, 409);
      assert.equal(notDead.json.error, 'conflict');
      assert.equal((await admin(pair.emsp, 'POST', '/outbox/987654/replay')).status, 404);
      assert.equal((await admin(pair.emsp, 'GET', '/outbox/987654')).status, 404);
      assert.equal((await admin(pair.emsp, 'GET', '/outbox/abc')).json.field, 'id');
      assert.equal((await admin(pair.emsp, 'GET', '/outbox?status=lost')).json.field, 'status');
      assert.equal((await admin(pair.emsp, 'GET', '/outbox?limit=5000')).json.field, 'limit');
      assert.equal((await admin(pair.emsp, 'POST', '/outbox/replay', { body: {} })).json.field, 'partner_id');
      assert.equal((await admin(pair.emsp, 'POST', '/outbox/replay', { body: { partner_id: 'nobody' } })).status, 404);
      assert.deepEqual((await admin(pair.emsp, 'POST', '/outbox/replay', { body: { partner_id: cpoId } })).json, { items: [] });
    });
  });

  describe(`operator API: dead outbox rows are replayed (${backend.name})`, { skip: backend.skip }, () => {
    let pair: OperatorPair;

    before(async () => {
      // A horizon of 1 ms: the first failed attempt makes the row dead.
      pair = await startOperatorPair(backend, { push: { horizonMs: 1, baseBackoffMs: 10, maxBackoffMs: 20, pollIntervalMs: 20, concurrencyPerPartner: 4, retainMs: 3600_000 } });
    });
    after(async () => {
      await pair?.close();
    });

    test('a change the CPO could not take goes dead; the operator sees it, replays it (one row, then all of a partner)', async () => {
      const cpoId = pair.cpoAtEmsp.id;
      await pair.cpo.close();
      assert.equal((await admin(pair.emsp, 'PUT', '/tokens/DE/MSP/LATE', { body: tokenBody() })).status, 201);
      await waitFor('the row is dead', async () => (await admin(pair.emsp, 'GET', `/outbox?partner_id=${cpoId}&status=dead`)).json.items.length === 1);
      const [dead] = (await admin(pair.emsp, 'GET', `/outbox?partner_id=${cpoId}&status=dead`)).json.items;
      assert.equal(dead.module, 'tokens');
      assert.ok(dead.lastError, 'the reason is shown');
      const stats = (await admin(pair.emsp, 'GET', '/outbox/stats')).json.partners.find((s: any) => s.partnerId === cpoId);
      assert.equal(stats.counts.dead, 1);

      const replayed = await admin(pair.emsp, 'POST', `/outbox/${dead.id}/replay`);
      assert.equal(replayed.status, 200, replayed.text);
      assert.equal(replayed.json.id, dead.id);
      assert.equal(replayed.json.status, 'pending');

      await waitFor('dead again (the CPO is still down)', async () => (await admin(pair.emsp, 'GET', `/outbox/${dead.id}`)).json.status === 'dead');
      const all = await admin(pair.emsp, 'POST', '/outbox/replay', { body: { partner_id: cpoId } });
      assert.deepEqual(all.json.items.map((r: any) => [r.id, r.status]), [[dead.id, 'pending']]);
    });
  });
}
