/**
 * Commands between a CPO node and an eMSP node over HTTP (CMD-01..CMD-14, PIT-10): the eMSP sends,
 * the CPO answers a CommandResponse, the in-process charger acts, the CPO POSTs the CommandResult
 * to the eMSP's response_url and the eMSP stores the outcome.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { commandsOf } from '../../src/modules/commands/index.js';
import type { EmspCommands } from '../../src/modules/commands/emsp-commands.js';
import { backends } from '../helpers/backends.js';
import { CPO_PARTY, ocpiFetch, startNode } from '../helpers/nodes.js';
import type { TestNode } from '../helpers/nodes.js';
import { emspToken, startPair } from './pair.js';
import type { Pair } from './pair.js';

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

for (const backend of backends) {
  describe(`commands between a CPO and an eMSP (${backend.name})`, { skip: backend.skip }, () => {
    let pair: Pair;
    let commands: EmspCommands;
    let otherCpo: TestNode | undefined;

    before(async () => {
      pair = await startPair(backend);
      commands = commandsOf(pair.emsp.node.context).emsp;
    });
    after(async () => {
      await otherCpo?.close();
      await pair?.cpo.close();
      await pair?.emsp.close();
    });

    test('VER-06: the CPO lists commands RECEIVER, the eMSP commands SENDER', async () => {
      const cpoDetails = await ocpiFetch(`${pair.cpo.baseUrl}/ocpi/2.2.1`, pair.tokenToCpo);
      assert.ok(cpoDetails.json.data.endpoints.some((e: any) => e.identifier === 'commands' && e.role === 'RECEIVER'));
      const emspDetails = await ocpiFetch(`${pair.emsp.baseUrl}/ocpi/2.2.1`, pair.tokenToEmsp);
      assert.ok(emspDetails.json.data.endpoints.some((e: any) => e.identifier === 'commands' && e.role === 'SENDER'));
    });

    test('CMD-01/02/04/06: START_SESSION round trip — ACCEPTED, the charger starts, the CommandResult is stored', async () => {
      const sent = await commands.send(pair.cpoPartnerId, 'START_SESSION', {
        token: emspToken('START-1'),
        location_id: 'LOC1',
        evse_uid: 'EVSE1',
        connector_id: '1',
        authorization_reference: 'AUTH-1',
      });
      assert.deepEqual(sent.response, { result: 'ACCEPTED', timeout: 1 });
      assert.match(sent.responseUrl, new RegExp(`/ocpi/emsp/2\\.2\\.1/commands/START_SESSION/${sent.id}$`));
      const settled = await commands.whenSettled(sent.id);
      assert.equal(settled.state, 'RESULT');
      assert.deepEqual(settled.result, { result: 'ACCEPTED' });
      const session = pair.chargers.runningSessions().find((s) => s.token.uid === 'START-1');
      assert.ok(session, 'the charger runs the session');
      assert.equal(session.evseUid, 'EVSE1');
      assert.equal(session.authorizationReference, 'AUTH-1');
    });

    test('CMD-11: STOP_SESSION round trip stops the running session', async () => {
      const session = pair.chargers.runningSessions().find((s) => s.token.uid === 'START-1')!;
      const sent = await commands.send(pair.cpoPartnerId, 'STOP_SESSION', { session_id: session.sessionId });
      assert.equal(sent.response?.result, 'ACCEPTED');
      const settled = await commands.whenSettled(sent.id);
      assert.deepEqual(settled.result, { result: 'ACCEPTED' });
      assert.equal(pair.chargers.runningSessions().some((s) => s.sessionId === session.sessionId), false);
    });

    test('CMD-03: STOP_SESSION of an unknown session is answered UNKNOWN_SESSION, no result follows', async () => {
      const sent = await commands.send(pair.cpoPartnerId, 'STOP_SESSION', { session_id: 'NO-SUCH-SESSION' });
      assert.equal(sent.state, 'ANSWERED');
      assert.equal(sent.response?.result, 'UNKNOWN_SESSION');
      assert.equal(sent.response?.timeout, 0);
    });

    test('CMD-03: STOP_SESSION looks up the Sessions module — another eMSP\'s session is REJECTED, a COMPLETED one unknown', async () => {
      const sessions = pair.cpo.node.context.services.sessions!.cpo!.own;
      const session = (id: string, party: { country_code: string; party_id: string }, status: 'ACTIVE' | 'COMPLETED') => ({
        country_code: 'NL',
        party_id: 'CPO',
        id,
        start_date_time: '2026-01-01T10:00:00Z',
        kwh: 1.5,
        cdr_token: { ...party, uid: 'RFID-1', type: 'RFID' as const, contract_id: 'C-1' },
        auth_method: 'WHITELIST' as const,
        location_id: 'LOC1',
        evse_uid: 'EVSE1',
        connector_id: '1',
        currency: 'EUR',
        status,
      });
      await sessions.put(session('PUBLISHED-FOREIGN', { country_code: 'FR', party_id: 'XYZ' }, 'ACTIVE'));
      await sessions.put(session('PUBLISHED-DONE', { country_code: 'DE', party_id: 'MSP' }, 'COMPLETED'));
      await sessions.put(session('PUBLISHED-MINE', { country_code: 'DE', party_id: 'MSP' }, 'ACTIVE'));

      const foreign = await commands.send(pair.cpoPartnerId, 'STOP_SESSION', { session_id: 'PUBLISHED-FOREIGN' });
      assert.equal(foreign.response?.result, 'REJECTED');
      const done = await commands.send(pair.cpoPartnerId, 'STOP_SESSION', { session_id: 'PUBLISHED-DONE' });
      assert.equal(done.response?.result, 'UNKNOWN_SESSION');
      const mine = await commands.send(pair.cpoPartnerId, 'STOP_SESSION', { session_id: 'published-mine' });
      assert.equal(mine.response?.result, 'ACCEPTED', 'session ids are CiStrings');
      // The CPO forwards; this charger does not run the session, so it refuses.
      assert.deepEqual((await commands.whenSettled(mine.id)).result, { result: 'REJECTED' });
    });

    test('CMD-09/10: RESERVE_NOW, then CANCEL_RESERVATION; cancelling again is UNKNOWN_RESERVATION', async () => {
      const reserve = await commands.send(pair.cpoPartnerId, 'RESERVE_NOW', {
        token: emspToken('RES-1'),
        expiry_date: inAnHour(),
        reservation_id: 'R-1',
        location_id: 'LOC1',
        evse_uid: 'EVSE2',
      });
      assert.equal(reserve.response?.result, 'ACCEPTED');
      assert.deepEqual((await commands.whenSettled(reserve.id)).result, { result: 'ACCEPTED' });
      const [reservation] = pair.chargers.reservationIds();
      assert.ok(reservation !== undefined && reservation !== 'R-1', 'CMD-09: the charger never sees the eMSP reservation_id as-is');

      // Another token cannot start on the reserved EVSE.
      const blocked = await commands.send(pair.cpoPartnerId, 'START_SESSION', { token: emspToken('OTHER'), location_id: 'LOC1', evse_uid: 'EVSE2' });
      assert.deepEqual((await commands.whenSettled(blocked.id)).result, { result: 'REJECTED' });

      const cancel = await commands.send(pair.cpoPartnerId, 'CANCEL_RESERVATION', { reservation_id: 'r-1' });
      assert.deepEqual((await commands.whenSettled(cancel.id)).result, { result: 'ACCEPTED' }, 'reservation ids are CiStrings');
      assert.deepEqual(pair.chargers.reservationIds(), []);
      const again = await commands.send(pair.cpoPartnerId, 'CANCEL_RESERVATION', { reservation_id: 'R-1' });
      assert.deepEqual((await commands.whenSettled(again.id)).result, { result: 'UNKNOWN_RESERVATION' });
    });

    test('CMD-10: a reservation the CPO cancels on its own reaches the eMSP as CANCELED_RESERVATION', async () => {
      const reserve = await commands.send(pair.cpoPartnerId, 'RESERVE_NOW', {
        token: emspToken('RES-2'),
        expiry_date: inAnHour(),
        reservation_id: 'R-2',
        location_id: 'LOC1',
      });
      assert.deepEqual((await commands.whenSettled(reserve.id)).result, { result: 'ACCEPTED' });
      // The listener may still hear the ACCEPTED result being announced; it waits for the next one.
      const canceled = new Promise<unknown>((resolve) => {
        const stop = commands.onSettled((c) => {
          if (c.id === reserve.id && c.result?.result !== 'ACCEPTED') {
            stop();
            resolve(c.result);
          }
        });
      });
      const [chargerId] = pair.chargers.reservationIds();
      pair.chargers.cancelReservationAsCpo(chargerId!);
      assert.deepEqual(await canceled, { result: 'CANCELED_RESERVATION' });
      assert.deepEqual((await commands.get(reserve.id))?.result, { result: 'CANCELED_RESERVATION' });
    });

    test('CMD-11: UNLOCK_CONNECTOR round trip; an inoperative EVSE answers EVSE_INOPERATIVE', async () => {
      const unlock = await commands.send(pair.cpoPartnerId, 'UNLOCK_CONNECTOR', { location_id: 'LOC1', evse_uid: 'EVSE2', connector_id: '2' });
      assert.deepEqual((await commands.whenSettled(unlock.id)).result, { result: 'ACCEPTED' });
      const broken = await commands.send(pair.cpoPartnerId, 'UNLOCK_CONNECTOR', { location_id: 'LOC2', evse_uid: 'BROKEN', connector_id: '1' });
      assert.deepEqual((await commands.whenSettled(broken.id)).result, { result: 'EVSE_INOPERATIVE' });
    });

    test('CMD-14: the charger refuses — unknown EVSE is REJECTED, an occupied EVSE is EVSE_OCCUPIED', async () => {
      const unknownEvse = await commands.send(pair.cpoPartnerId, 'START_SESSION', { token: emspToken('X-1'), location_id: 'LOC1', evse_uid: 'NOPE' });
      assert.equal(unknownEvse.response?.result, 'ACCEPTED', 'the CPO forwards; the charger decides');
      assert.deepEqual((await commands.whenSettled(unknownEvse.id)).result, { result: 'REJECTED' });

      const first = await commands.send(pair.cpoPartnerId, 'START_SESSION', { token: emspToken('OCC-1'), location_id: 'LOC1', evse_uid: 'EVSE1' });
      assert.deepEqual((await commands.whenSettled(first.id)).result, { result: 'ACCEPTED' });
      const second = await commands.send(pair.cpoPartnerId, 'START_SESSION', { token: emspToken('OCC-2'), location_id: 'LOC1', evse_uid: 'EVSE1' });
      assert.deepEqual((await commands.whenSettled(second.id)).result, { result: 'EVSE_OCCUPIED' });
    });

    test('CMD-03: START_SESSION at an unknown location — HTTP 404, status 2003, data REJECTED; stored as refused', async () => {
      const sent = await commands.send(pair.cpoPartnerId, 'START_SESSION', { token: emspToken('U-1'), location_id: 'NOWHERE' });
      assert.equal(sent.state, 'ANSWERED');
      assert.equal(sent.response?.result, 'REJECTED');
      assert.match(sent.response?.message?.at(-1)?.text ?? '', /^2003/);

      const raw = await ocpiFetch(`${pair.cpo.baseUrl}/ocpi/cpo/2.2.1/commands/UNLOCK_CONNECTOR`, pair.tokenToCpo, {
        method: 'POST',
        body: { response_url: `${pair.emsp.baseUrl}/r/1`, location_id: 'NOWHERE', evse_uid: 'E', connector_id: '1' },
      });
      assert.equal(raw.status, 404);
      assert.equal(raw.json.status_code, 2003);
      assert.deepEqual(raw.json.data, { result: 'REJECTED', timeout: 0 });
    });

    test('CMD-08: a token of another party is REJECTED synchronously', async () => {
      const sent = await commands.send(pair.cpoPartnerId, 'START_SESSION', {
        token: emspToken('FOREIGN', { country_code: 'FR', party_id: 'XYZ' }),
        location_id: 'LOC1',
      });
      assert.equal(sent.state, 'ANSWERED');
      assert.equal(sent.response?.result, 'REJECTED');
    });

    test('CMD-05: a charger that does not answer yields a TIMEOUT CommandResult from the CPO', async () => {
      pair.chargers.respond({ silent: true });
      try {
        const sent = await commands.send(pair.cpoPartnerId, 'UNLOCK_CONNECTOR', { location_id: 'LOC1', evse_uid: 'EVSE1', connector_id: '1' });
        assert.equal(sent.response?.result, 'ACCEPTED');
        const settled = await commands.whenSettled(sent.id);
        assert.equal(settled.state, 'RESULT');
        assert.deepEqual(settled.result, { result: 'TIMEOUT' });
      } finally {
        pair.chargers.respond({});
      }
    });

    test('CMD-05: a charger answering late (after the timeout) changes nothing: TIMEOUT stands', async () => {
      pair.chargers.respond({ delayMs: 800 });
      try {
        const sent = await commands.send(pair.cpoPartnerId, 'UNLOCK_CONNECTOR', { location_id: 'LOC1', evse_uid: 'EVSE1', connector_id: '1' });
        assert.deepEqual((await commands.whenSettled(sent.id)).result, { result: 'TIMEOUT' });
      } finally {
        pair.chargers.respond({});
      }
    });

    test('T-29/CMD-04: a result from a partner the command was not sent to is refused; unknown ids are 404', async () => {
      pair.chargers.respond({ silent: true });
      try {
        otherCpo = await startNode(backend, { parties: [{ ...CPO_PARTY, party_id: 'OTH' }] });
        const { partner: emspAtOther, tokenA } = await otherCpo.node.partners.invite('the eMSP');
        await pair.emsp.node.credentials.registerWith('another CPO', otherCpo.node.versionsUrl, tokenA);
        const otherToken = (await otherCpo.node.partners.get(emspAtOther.id))!.tokenToPartner!;

        const sent = await commands.send(pair.cpoPartnerId, 'UNLOCK_CONNECTOR', { location_id: 'LOC1', evse_uid: 'EVSE1', connector_id: '1' });
        const forged = await ocpiFetch(sent.responseUrl, otherToken, { method: 'POST', body: { result: 'ACCEPTED' } });
        assert.equal(forged.status, 404);
        assert.equal(forged.json.status_code, 2001);
        assert.equal((await commands.get(sent.id))?.state, 'AWAITING_RESULT', 'nothing stored');

        const wrongCommand = await ocpiFetch(sent.responseUrl.replace('UNLOCK_CONNECTOR', 'STOP_SESSION'), pair.tokenToEmsp, { method: 'POST', body: { result: 'ACCEPTED' } });
        assert.equal(wrongCommand.status, 404);
        const unknownId = await ocpiFetch(sent.responseUrl.replace(sent.id, 'f00'), pair.tokenToEmsp, { method: 'POST', body: { result: 'ACCEPTED' } });
        assert.equal(unknownId.status, 404);

        // The CPO's own TIMEOUT still arrives and is stored.
        assert.deepEqual((await commands.whenSettled(sent.id)).result, { result: 'TIMEOUT' });
      } finally {
        pair.chargers.respond({});
      }
    });

    test('T-25/T-26: routing headers — the answer is routed back; a foreign TO or FROM party is refused', async () => {
      const url = `${pair.cpo.baseUrl}/ocpi/cpo/2.2.1/commands/STOP_SESSION`;
      const body = { response_url: `${pair.emsp.baseUrl}/r/2`, session_id: 'NONE' };
      const routed = await ocpiFetch(url, pair.tokenToCpo, {
        method: 'POST',
        body,
        headers: { 'OCPI-from-country-code': 'de', 'OCPI-from-party-id': 'msp', 'OCPI-to-country-code': 'NL', 'OCPI-to-party-id': 'CPO' },
      });
      assert.equal(routed.json.data.result, 'UNKNOWN_SESSION');
      assert.equal(routed.headers.get('ocpi-from-party-id'), 'CPO');
      assert.equal(routed.headers.get('ocpi-to-party-id'), 'MSP');

      const foreignTo = await ocpiFetch(url, pair.tokenToCpo, { method: 'POST', body, headers: { 'OCPI-to-country-code': 'NL', 'OCPI-to-party-id': 'XXX' } });
      assert.equal(foreignTo.status, 404);
      assert.equal(foreignTo.json.status_code, 2001);
      assert.match(foreignTo.json.status_message, /OCPI-to-party-id/);
      const foreignFrom = await ocpiFetch(url, pair.tokenToCpo, { method: 'POST', body, headers: { 'OCPI-from-country-code': 'FR', 'OCPI-from-party-id': 'XYZ' } });
      assert.equal(foreignFrom.status, 404);
      assert.match(foreignFrom.json.status_message, /OCPI-from-party-id/);
    });

    test('retention: ended commands older than the retention are pruned, open ones stay', async () => {
      pair.chargers.respond({ silent: true });
      try {
        const open = await commands.send(pair.cpoPartnerId, 'UNLOCK_CONNECTOR', { location_id: 'LOC1', evse_uid: 'EVSE1', connector_id: '1' });
        const services = commandsOf(pair.emsp.node.context);
        services.retention.retentionMs = 0;
        assert.ok((await services.pruneEnded()) > 0);
        assert.equal((await commands.get(open.id))?.state, 'AWAITING_RESULT', 'still open: kept');
        const ended = await commands.send(pair.cpoPartnerId, 'STOP_SESSION', { session_id: 'GONE' });
        await sleep(5); // "older than now" needs the clock to move on
        await services.pruneEnded();
        assert.equal(await commands.get(ended.id), undefined);
        await commands.whenSettled(open.id);
      } finally {
        commandsOf(pair.emsp.node.context).retention.retentionMs = 30 * 24 * 3600_000;
        pair.chargers.respond({});
      }
    });

    test('CMD-12/ST-03: the invalid-input matrix answers 2001 naming the field, never 5xx', async () => {
      const url = (command: string) => `${pair.cpo.baseUrl}/ocpi/cpo/2.2.1/commands/${command}`;
      const good = { response_url: `${pair.emsp.baseUrl}/r/1`, token: emspToken('M-1'), location_id: 'LOC1' };
      const { token: _token, ...withoutToken } = good;
      const { response_url: _url, ...withoutUrl } = good;
      const cases: Array<{ name: string; command?: string; body?: unknown; rawBody?: string; http: number; code: number; field?: RegExp }> = [
        { name: 'unknown command', command: 'START', body: good, http: 404, code: 2001, field: /command/ },
        { name: 'lower-case command', command: 'start_session', body: good, http: 404, code: 2001, field: /command/ },
        { name: 'malformed JSON', rawBody: '{"response_url":', http: 400, code: 2001 },
        { name: 'array body', body: [good], http: 200, code: 2001 },
        { name: 'missing response_url', body: withoutUrl, http: 200, code: 2001, field: /response_url/ },
        { name: 'response_url not a URL', body: { ...good, response_url: 'not a url' }, http: 200, code: 2001, field: /response_url/ },
        { name: 'missing token', body: withoutToken, http: 200, code: 2001, field: /token/ },
        { name: 'token.uid too long', body: { ...good, token: emspToken('U'.repeat(37)) }, http: 200, code: 2001, field: /token\.uid/ },
        { name: 'token.type unknown', body: { ...good, token: { ...emspToken(), type: 'CARD' } }, http: 200, code: 2001, field: /token\.type/ },
        { name: 'location_id a number', body: { ...good, location_id: 7 }, http: 200, code: 2001, field: /location_id/ },
        { name: 'connector_id without evse_uid', body: { ...good, connector_id: '1' }, http: 200, code: 2001, field: /evse_uid/ },
        { name: 'CMD-07: no connector_id at a START_SESSION_CONNECTOR_REQUIRED EVSE', body: { ...good, evse_uid: 'STRICT' }, http: 200, code: 2001, field: /connector_id/ },
        {
          name: 'RESERVE_NOW expiry_date with offset',
          command: 'RESERVE_NOW',
          body: { ...good, reservation_id: 'R', expiry_date: '2030-01-01T00:00:00+01:00' },
          http: 200,
          code: 2001,
          field: /expiry_date/,
        },
        { name: 'STOP_SESSION session_id too long', command: 'STOP_SESSION', body: { response_url: good.response_url, session_id: 'S'.repeat(37) }, http: 200, code: 2001, field: /session_id/ },
        { name: 'UNLOCK_CONNECTOR without connector_id', command: 'UNLOCK_CONNECTOR', body: { response_url: good.response_url, location_id: 'LOC1', evse_uid: 'EVSE1' }, http: 200, code: 2001, field: /connector_id/ },
        { name: 'CANCEL_RESERVATION empty body', command: 'CANCEL_RESERVATION', body: {}, http: 200, code: 2001, field: /response_url|reservation_id/ },
      ];
      for (const c of cases) {
        const res = await ocpiFetch(url(c.command ?? 'START_SESSION'), pair.tokenToCpo, {
          method: 'POST',
          ...(c.rawBody !== undefined ? { rawBody: c.rawBody } : { body: c.body }),
        });
        assert.equal(res.status, c.http, `${c.name}: HTTP ${res.status} ${res.text}`);
        assert.equal(res.json.status_code, c.code, c.name);
        if (c.field) assert.match(res.json.status_message, c.field, c.name);
      }
      const get = await ocpiFetch(url('START_SESSION'), pair.tokenToCpo);
      assert.equal(get.status, 405, 'CMD-01: GET is n/a');
      const unauthenticated = await ocpiFetch(url('START_SESSION'), 'wrong-token', { method: 'POST', body: good });
      assert.equal(unauthenticated.status, 401);

      const sent = await commands.send(pair.cpoPartnerId, 'STOP_SESSION', { session_id: 'NONE' });
      const badResult = await ocpiFetch(`${pair.emsp.baseUrl}/ocpi/emsp/2.2.1/commands/STOP_SESSION/${sent.id}`, pair.tokenToEmsp, {
        method: 'POST',
        body: { result: 'MAYBE' },
      });
      assert.equal(badResult.status, 200);
      assert.equal(badResult.json.status_code, 2001);
      assert.match(badResult.json.status_message, /result/);
    });
  });
}
