/**
 * Sessions between a CPO and an eMSP node over HTTP (SES-01..SES-17, PAG-12, PIT-14, PIT-15): the
 * CPO's own sessions are pushed to the eMSP's Receiver (PUT, then PATCH appending periods), the
 * eMSP pulls the CPO's list and sends charging preferences; foreign parties and invalid input are
 * refused and store nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { joinUrl } from '../../src/client/url.js';
import type { NodeContext } from '../../src/modules/module.js';
import { Session } from '../../src/modules/sessions/schema.js';
import '../../src/modules/sessions/index.js';
import type { OwnChange } from '../../src/modules/shared/own-objects.js';
import { backends } from '../helpers/backends.js';
import { ocpiFetch } from '../helpers/nodes.js';
import { startRoamingPair } from '../tokens/roaming-pair.js';
import type { RoamingPair } from '../tokens/roaming-pair.js';
import { period, session } from './fixtures.js';

const sessionsOf = (ctx: NodeContext) => ctx.services.sessions!;
const ROGUE_TOKEN = { country_code: 'BE', party_id: 'ROG', uid: 'R1', type: 'RFID', contract_id: 'BE-ROG-1' } as const;

for (const backend of backends) {
  describe(`Sessions between a CPO and an eMSP (${backend.name})`, { skip: backend.skip }, () => {
    let pair: RoamingPair;
    let emspSessionsUrl: string;
    let cpoSessionsUrl: string;
    const changes: OwnChange<Session>[] = [];

    before(async () => {
      pair = await startRoamingPair(backend);
      emspSessionsUrl = pair.endpoint(pair.emspAtCpo, 'sessions', 'RECEIVER');
      cpoSessionsUrl = pair.endpoint(pair.cpoAtEmsp, 'sessions', 'SENDER');
      // The push outbox's role, played by the test: sessions of DE/MSP tokens go to the eMSP (SES-07).
      sessionsOf(pair.cpo.node.context).cpo!.onChange(async (change) => {
        changes.push(change);
        if (change.object.cdr_token.party_id !== 'MSP') return;
        const url = joinUrl(emspSessionsUrl, change.object.country_code, change.object.party_id, change.object.id);
        if (change.method === 'PATCH') await pair.cpoClient.patch('sessions', url, change.patch!);
        else await pair.cpoClient.put('sessions', url, change.object);
      });
    });
    after(async () => pair?.close());

    const cpoApi = () => sessionsOf(pair.cpo.node.context).cpo!;
    const atEmsp = (id: string) => ocpiFetch(`${emspSessionsUrl}/NL/CPO/${id}`, pair.emspAtCpo.tokenToPartner);
    const key = (id: string) => ({ countryCode: 'NL', partyId: 'CPO', id });

    test('SES-07/SES-05/ST-05: own sessions are pushed with PUT (201 new, 200 replaced); the eMSP serves them back', async () => {
      await cpoApi().own.put(session('S1'));
      assert.equal(changes.at(-1)?.method, 'PUT');
      const got = await atEmsp('S1');
      assert.equal(got.status, 200);
      assert.equal(got.json.data.id, 'S1');
      assert.equal(got.headers.get('ocpi-from-party-id'), 'MSP', 'T-25');
      const replaced = await ocpiFetch(`${emspSessionsUrl}/NL/CPO/S1`, pair.emspAtCpo.tokenToPartner, { method: 'PUT', body: session('S1', { kwh: 2 }) });
      assert.equal(replaced.status, 200);
      assert.equal(replaced.json.data, undefined, 'SES-17: no data');
      const created = await ocpiFetch(`${emspSessionsUrl}/NL/CPO/S0`, pair.emspAtCpo.tokenToPartner, { method: 'PUT', body: session('S0') });
      assert.equal(created.status, 201);
    });

    test('SES-06: PATCH appends charging_periods, an empty list changes nothing; SES-05: PUT replaces them', async () => {
      await cpoApi().own.patch(key('S1'), { kwh: 3, charging_periods: [period(15, 1.5)] });
      assert.equal(changes.at(-1)?.method, 'PATCH');
      assert.deepEqual(Object.keys(changes.at(-1)!.patch!).sort(), ['charging_periods', 'kwh', 'last_updated']);
      const afterPatch = await atEmsp('S1');
      assert.equal(afterPatch.json.data.kwh, 3);
      assert.deepEqual(afterPatch.json.data.charging_periods, [period(0, 1.5), period(15, 1.5)]);
      assert.deepEqual((await cpoApi().own.get(key('S1')))?.charging_periods, [period(0, 1.5), period(15, 1.5)], 'sender and receiver agree');

      const empty = await ocpiFetch(`${emspSessionsUrl}/NL/CPO/S1`, pair.emspAtCpo.tokenToPartner, {
        method: 'PATCH',
        body: { charging_periods: [], last_updated: '2024-05-01T10:20:00Z' },
      });
      assert.equal(empty.json.status_code, 1000);
      assert.equal((await atEmsp('S1')).json.data.charging_periods.length, 2);

      await cpoApi().own.put(session('S1', { charging_periods: [], status: 'COMPLETED', end_date_time: '2024-05-01T11:00:00Z' }));
      const afterPut = await atEmsp('S1');
      assert.deepEqual(afterPut.json.data.charging_periods, []);
      assert.equal(afterPut.json.data.status, 'COMPLETED');
    });

    test('SES-04: GET of an unknown session is 404; POST and DELETE are 405; PATCH of an unknown session is 404', async () => {
      const unknown = await atEmsp('NOPE');
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json.status_code, 2001);
      assert.equal((await ocpiFetch(`${emspSessionsUrl}/NL/CPO/S1`, pair.emspAtCpo.tokenToPartner, { method: 'DELETE' })).status, 405);
      assert.equal((await ocpiFetch(`${emspSessionsUrl}/NL/CPO/S1`, pair.emspAtCpo.tokenToPartner, { method: 'POST', body: session('S1') })).status, 405);
      const patch = await ocpiFetch(`${emspSessionsUrl}/NL/CPO/NOPE`, pair.emspAtCpo.tokenToPartner, { method: 'PATCH', body: { kwh: 1, last_updated: '2024-05-01T10:00:00Z' } });
      assert.equal(patch.status, 404);
    });

    test('PIT-15: RESERVATION is a status, RESERVED is not', async () => {
      const reservation = await ocpiFetch(`${emspSessionsUrl}/NL/CPO/RES1`, pair.emspAtCpo.tokenToPartner, {
        method: 'PUT',
        body: session('RES1', { status: 'RESERVATION', evse_uid: '#NA', connector_id: '#NA', charging_periods: [] }),
      });
      assert.equal(reservation.status, 201);
      const reserved = await ocpiFetch(`${emspSessionsUrl}/NL/CPO/RES2`, pair.emspAtCpo.tokenToPartner, { method: 'PUT', body: session('RES2', { status: 'RESERVED' as never }) });
      assert.equal(reserved.json.status_code, 2001);
      assert.match(reserved.json.status_message, /status/);
    });

    test('SES-01/PAG-12/PIT-14: the eMSP pulls its sessions with and without date_from, paginated; other eMSPs\' sessions stay hidden', async () => {
      for (let i = 0; i < 4; i++) await cpoApi().own.put(session(`L${i}`, { last_updated: `2024-06-01T10:0${i}:00Z` }));
      await cpoApi().own.put(session('ROGUE1', { cdr_token: ROGUE_TOKEN, last_updated: '2024-06-01T10:01:30Z' }));

      const page = await ocpiFetch(`${cpoSessionsUrl}?date_from=2024-06-01T10:01:00Z&date_to=2024-06-01T10:03:00Z&limit=1`, pair.cpoAtEmsp.tokenToPartner);
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('x-total-count'), '2');
      assert.deepEqual(page.json.data.map((s: Session) => s.id), ['L1']);
      assert.match(page.headers.get('link') ?? '', /date_from=2024-06-01T10%3A01%3A00Z.*offset=1/);

      const all = await ocpiFetch(cpoSessionsUrl, pair.cpoAtEmsp.tokenToPartner);
      assert.equal(all.json.status_code, 1000, 'PAG-12: date_from may be left out');
      const ids: string[] = all.json.data.map((s: Session) => s.id);
      assert.ok(ids.includes('S1') && ids.includes('L3'));
      assert.ok(!ids.includes('ROGUE1'), 'CDR-02/SES-07: a session of another eMSP\'s token is not listed');

      const crawled: string[] = [];
      for await (const s of pair.emspClient.list('sessions', cpoSessionsUrl, { dateFrom: '2024-06-01T00:00:00Z', limit: 2, schema: Session })) crawled.push(s.id);
      assert.deepEqual(crawled, ['L0', 'L1', 'L2', 'L3']);

      const rogue = await ocpiFetch(cpoSessionsUrl, pair.rogueAtRogue.tokenToPartner);
      assert.deepEqual(rogue.json.data.map((s: Session) => s.id), ['ROGUE1']);
    });

    test('SES-02: charging preferences — not capable is 404/2001; the rules answer; foreign sessions are unknown', async () => {
      const url = joinUrl(cpoSessionsUrl, 'L1', 'charging_preferences');
      const notCapable = await ocpiFetch(url, pair.cpoAtEmsp.tokenToPartner, { method: 'PUT', body: { profile_type: 'FAST' } });
      assert.equal(notCapable.status, 404);
      assert.equal(notCapable.json.status_code, 2001);

      const accepted: string[] = [];
      cpoApi().setChargingPreferencesHandler(
        () => ({ profileTypes: ['FAST', 'REGULAR'], energyNeedRequired: true }),
        (s) => void accepted.push(s.id),
      );
      const answer = async (body: unknown, id = 'L1') =>
        (await ocpiFetch(joinUrl(cpoSessionsUrl, id, 'charging_preferences'), pair.cpoAtEmsp.tokenToPartner, { method: 'PUT', body })).json;
      assert.equal((await answer({ profile_type: 'FAST', energy_need: 20 })).data, 'ACCEPTED');
      assert.deepEqual(accepted, ['L1']);
      assert.equal((await answer({ profile_type: 'GREEN', energy_need: 20 })).data, 'PROFILE_TYPE_NOT_SUPPORTED');
      assert.equal((await answer({ profile_type: 'FAST' })).data, 'ENERGY_NEED_REQUIRED');
      assert.equal((await answer({ profile_type: 'FAST', energy_need: 5 }, 'S1')).data, 'NOT_POSSIBLE', 'S1 is COMPLETED');
      const invalid = await answer({ profile_type: 'FASTEST' });
      assert.equal(invalid.status_code, 2001);
      assert.match(invalid.status_message, /profile_type/);

      const foreign = await ocpiFetch(joinUrl(cpoSessionsUrl, 'ROGUE1', 'charging_preferences'), pair.cpoAtEmsp.tokenToPartner, { method: 'PUT', body: { profile_type: 'FAST', energy_need: 1 } });
      assert.equal(foreign.status, 404);
      const unknown = await ocpiFetch(joinUrl(cpoSessionsUrl, 'NOPE', 'charging_preferences'), pair.cpoAtEmsp.tokenToPartner, { method: 'PUT', body: { profile_type: 'FAST' } });
      assert.equal(unknown.status, 404);
      assert.equal((await ocpiFetch(`${cpoSessionsUrl}/L1`, pair.cpoAtEmsp.tokenToPartner, { method: 'PUT', body: {} })).status, 404, 'the suffix is required');
    });

    test('T-29/PIT-09: a partner without the CPO party cannot write or read its sessions at the eMSP; nothing stored', async () => {
      const rogueToken = pair.emspAtRogue.tokenToPartner;
      const write = await ocpiFetch(`${emspSessionsUrl}/NL/CPO/S1`, rogueToken, { method: 'PUT', body: session('S1', { kwh: 999 }) });
      assert.equal(write.status, 404);
      assert.equal(write.json.status_code, 2001);
      const patch = await ocpiFetch(`${emspSessionsUrl}/NL/CPO/S1`, rogueToken, { method: 'PATCH', body: { kwh: 999, last_updated: '2030-01-01T00:00:00Z' } });
      assert.equal(patch.status, 404);
      assert.equal((await ocpiFetch(`${emspSessionsUrl}/NL/CPO/S1`, rogueToken)).status, 404);
      const smuggled = await ocpiFetch(`${emspSessionsUrl}/BE/RCP/S1`, rogueToken, { method: 'PUT', body: session('S1') });
      assert.equal(smuggled.json.status_code, 2001);
      assert.match(smuggled.json.status_message, /country_code|party_id/);
      assert.equal((await atEmsp('S1')).json.data.kwh, 0, 'untouched');
      assert.equal((await ocpiFetch(`${emspSessionsUrl}/BE/RCP/S1`, rogueToken)).status, 404, 'nothing stored under the rogue either');
    });

    test('T-26/PIT-09: routing headers cannot borrow another party — a spoofed FROM or a foreign TO is refused', async () => {
      const spoofed = await ocpiFetch(cpoSessionsUrl, pair.rogueAtRogue.tokenToPartner, {
        headers: { 'OCPI-from-country-code': 'DE', 'OCPI-from-party-id': 'MSP', 'OCPI-to-country-code': 'NL', 'OCPI-to-party-id': 'CPO' },
      });
      assert.equal(spoofed.status, 404);
      assert.equal(spoofed.json.status_code, 2001);
      assert.match(spoofed.json.status_message, /OCPI-from-party-id/);
      assert.equal(spoofed.json.data, undefined);
      const foreignTo = await ocpiFetch(cpoSessionsUrl, pair.cpoAtEmsp.tokenToPartner, { headers: { 'OCPI-to-country-code': 'BE', 'OCPI-to-party-id': 'RCP' } });
      assert.equal(foreignTo.status, 404);
      assert.match(foreignTo.json.status_message, /OCPI-to-party-id/);
      const asItself = await ocpiFetch(cpoSessionsUrl, pair.rogueAtRogue.tokenToPartner, { headers: { 'OCPI-from-country-code': 'BE', 'OCPI-from-party-id': 'ROG' } });
      assert.deepEqual(asItself.json.data.map((x: Session) => x.id), ['ROGUE1']);
    });

    test('SES-07/T-31: a session about another eMSP\'s token is misrouted: 2001 naming cdr_token, nothing stored', async () => {
      const put = await ocpiFetch(`${emspSessionsUrl}/NL/CPO/MISROUTED`, pair.emspAtCpo.tokenToPartner, { method: 'PUT', body: session('MISROUTED', { cdr_token: ROGUE_TOKEN }) });
      assert.equal(put.json.status_code, 2001);
      assert.match(put.json.status_message, /cdr_token/);
      assert.equal((await atEmsp('MISROUTED')).status, 404);
      const patch = await ocpiFetch(`${emspSessionsUrl}/NL/CPO/S1`, pair.emspAtCpo.tokenToPartner, { method: 'PATCH', body: { cdr_token: ROGUE_TOKEN, last_updated: '2030-01-01T00:00:00Z' } });
      assert.equal(patch.json.status_code, 2001);
      assert.equal((await atEmsp('S1')).json.data.cdr_token.party_id, 'MSP');
    });

    test('TYP-03/PIT-13: the invalid-input matrix is 2001 naming the field, never 5xx, nothing stored', async () => {
      const cases: Array<[string, string, unknown, RegExp]> = [
        ['over-long string', 'PUT', session('BAD', { meter_id: 'm'.repeat(256) }), /meter_id/],
        ['unknown enum', 'PUT', session('BAD', { auth_method: 'BY_MAGIC' as never }), /auth_method/],
        ['missing field', 'PUT', (({ cdr_token: _t, ...rest }) => rest)(session('BAD')), /cdr_token/],
        ['nested missing field', 'PUT', session('BAD', { charging_periods: [{ start_date_time: '2024-05-01T10:00:00Z', dimensions: [] }] }), /charging_periods\[0\]\.dimensions/],
        ['bad DateTime', 'PUT', session('BAD', { start_date_time: '01-05-2024 10:00' }), /start_date_time/],
        ['id mismatch', 'PUT', session('OTHER'), /id/],
        ['PATCH without last_updated', 'PATCH', { kwh: 4 }, /last_updated/],
      ];
      for (const [name, method, body, field] of cases) {
        const answer = await ocpiFetch(`${emspSessionsUrl}/NL/CPO/${method === 'PATCH' ? 'S1' : 'BAD'}`, pair.emspAtCpo.tokenToPartner, { method, body });
        assert.ok(answer.status < 500, name);
        assert.equal(answer.json.status_code, 2001, name);
        assert.match(answer.json.status_message, field, name);
      }
      assert.equal((await atEmsp('BAD')).status, 404);
      assert.equal((await atEmsp('OTHER')).status, 404);
      const overLongId = await ocpiFetch(`${emspSessionsUrl}/NL/CPO/${'X'.repeat(37)}`, pair.emspAtCpo.tokenToPartner, { method: 'PUT', body: session('X'.repeat(37)) });
      assert.equal(overLongId.json.status_code, 2001);
      assert.match(overLongId.json.status_message, /id/);
      const badDate = await ocpiFetch(`${cpoSessionsUrl}?date_from=yesterday`, pair.cpoAtEmsp.tokenToPartner);
      assert.equal(badDate.json.status_code, 2001);
      assert.match(badDate.json.status_message, /date_from/);
    });
  });
}
