/**
 * A CPO whose chargers run on its own CSMS feeds evroam through the operator API, end to end over
 * HTTP between a CPO node and an eMSP node: own Sessions (PUT, PATCH) and CDRs (POST) reach the
 * token's eMSP through the push outbox (SES-07, CDR-06); invalid input is 400 naming the field and
 * nothing is pushed; real-time authorization answers as the token's whitelist and its eMSP decide
 * (TOK-09, TOK-12, TOK-15).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { defaultAuthorizationPolicy, NOT_ENOUGH_INFORMATION } from '../../src/modules/tokens/authorization.js';
import { backends } from '../helpers/backends.js';
import { cdr } from '../cdrs/fixtures.js';
import { period, session } from '../sessions/fixtures.js';
import { admin, startOperatorPair, waitFor } from './helpers.js';
import type { OperatorPair } from './helpers.js';

/** A Session body as an operator's CSMS sends it: identifiers from the URL, last_updated left to evroam. */
function sessionBody(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { country_code: _cc, party_id: _pid, id: _id, last_updated: _lu, ...rest } = session(id);
  return { ...rest, ...extra };
}

function cdrBody(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { last_updated: _lu, ...rest } = cdr(id);
  return { ...rest, ...extra };
}

const tokenBody = (whitelist: string, valid = true) => ({ contract_id: 'DE-MSP-C0001', issuer: 'Test eMSP', valid, whitelist });

for (const backend of backends) {
  describe(`operator API: a CPO feeds its own Sessions and CDRs and asks authorization (${backend.name})`, { skip: backend.skip }, () => {
    let pair: OperatorPair;
    /** What the eMSP node holds, read through its own operator API. */
    const atEmsp = async (path: string): Promise<any> => {
      const answer = await admin(pair.emsp, 'GET', path);
      return answer.status === 200 ? answer.json : undefined;
    };
    /** The CPO's outbox rows to the eMSP for one object (`sessions/NL/CPO/S1`). */
    const pushesOf = async (objectKey: string): Promise<any[]> =>
      (await admin(pair.cpo, 'GET', `/outbox?partner_id=${pair.emspAtCpo.id}&limit=1000`)).json.items.filter((r: any) => r.objectKey === objectKey);

    before(async () => {
      pair = await startOperatorPair(backend);
    });
    after(async () => {
      await pair?.close();
    });

    test('SES-07: a Session PUT through the operator API is created (201) and the eMSP receives it by push; the same again is no change', async () => {
      const created = await admin(pair.cpo, 'PUT', '/sessions/NL/CPO/S1', { body: sessionBody('S1') });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.json.id, 'S1');
      assert.equal(created.json.country_code, 'NL');
      assert.match(created.json.last_updated, /^\d{4}-\d\d-\d\dT/);
      await waitFor('the eMSP received S1', async () => (await atEmsp('/sessions/NL/CPO/S1'))?.status === 'ACTIVE');
      assert.equal((await atEmsp('/sessions/NL/CPO/S1')).kwh, 0);

      const again = await admin(pair.cpo, 'PUT', '/sessions/nl/cpo/s1', { body: sessionBody('S1') });
      assert.equal(again.status, 200, 'replaced (CiStrings)');
      assert.equal(again.json.id, 'S1', 'the stored id is kept');
      assert.equal(again.json.last_updated, created.json.last_updated, 'the same content is no change (PIT-08)');
      assert.deepEqual((await pushesOf('sessions/NL/CPO/S1')).map((r) => r.method), ['PUT'], 'pushed once');
    });

    test('SES-06, SES-07: a Session PATCH (kwh, appended charging_periods, then status and end_date_time) reaches the eMSP', async () => {
      const charging = await admin(pair.cpo, 'PATCH', '/sessions/NL/CPO/S1', { body: { kwh: 4.5, charging_periods: [period(5, 3)] } });
      assert.equal(charging.status, 200, charging.text);
      assert.equal(charging.json.kwh, 4.5);
      assert.equal(charging.json.charging_periods.length, 2, 'periods given in a PATCH are appended');
      await waitFor('the eMSP sees 4.5 kWh', async () => (await atEmsp('/sessions/NL/CPO/S1'))?.kwh === 4.5);
      assert.deepEqual((await atEmsp('/sessions/NL/CPO/S1')).charging_periods, charging.json.charging_periods);

      const done = await admin(pair.cpo, 'PATCH', '/sessions/NL/CPO/S1', { body: { status: 'COMPLETED', end_date_time: '2024-05-01T11:00:00Z' } });
      assert.equal(done.status, 200, done.text);
      await waitFor('the eMSP sees COMPLETED', async () => (await atEmsp('/sessions/NL/CPO/S1'))?.status === 'COMPLETED');
      const received = await atEmsp('/sessions/NL/CPO/S1');
      assert.equal(received.end_date_time, '2024-05-01T11:00:00Z');
      assert.equal(received.kwh, 4.5);
      const pushes = await pushesOf('sessions/NL/CPO/S1');
      assert.deepEqual(pushes.map((r) => r.method), ['PUT', 'PATCH', 'PATCH']);
      assert.deepEqual(Object.keys(pushes[2].body).sort(), ['end_date_time', 'last_updated', 'status'], 'a PATCH pushes the changed fields');
    });

    test('invalid Sessions are 400 naming the field, another party is refused, nothing is stored or pushed', async () => {
      const before = await atEmsp('/sessions/NL/CPO/S1');
      const rowsBefore = (await pushesOf('sessions/NL/CPO/S1')).length;
      const { cdr_token: _token, ...noToken } = sessionBody('S9');
      const cases: Array<[string, string, { body?: unknown; rawBody?: string }, number, string | undefined]> = [
        ['PUT', '/sessions/NL/CPO/S9', { body: sessionBody('S9', { kwh: 'lots' }) }, 400, 'kwh'],
        ['PUT', '/sessions/NL/CPO/S9', { body: noToken }, 400, 'cdr_token'],
        ['PUT', '/sessions/NL/CPO/S9', { body: sessionBody('S9', { status: 'DONE' }) }, 400, 'status'],
        ['PUT', '/sessions/NL/CPO/S9', { body: sessionBody('S9', { charging_periods: [{ start_date_time: 'soon', dimensions: [] }] }) }, 400, 'charging_periods[0].start_date_time'],
        ['PUT', '/sessions/NL/CPO/S9', { body: sessionBody('S9', { id: 'OTHER' }) }, 400, 'id'],
        ['PUT', '/sessions/NL/CPO/S9', { body: sessionBody('S9', { party_id: 'XYZ' }) }, 400, 'party_id'],
        ['PUT', '/sessions/DE/MSP/S9', { body: sessionBody('S9') }, 400, 'country_code/party_id'],
        ['PUT', '/sessions/NL/XYZ/S9', { body: sessionBody('S9') }, 400, 'country_code/party_id'],
        ['PUT', `/sessions/NL/CPO/${'X'.repeat(37)}`, { body: sessionBody('S9') }, 400, 'session_id'],
        ['PUT', '/sessions/NL/CPO/S9', { body: [sessionBody('S9')] }, 400, undefined],
        ['PUT', '/sessions/NL/CPO/S9', { rawBody: '{"kwh": ' }, 400, undefined],
        ['PATCH', '/sessions/NL/CPO/S1', { body: { kwh: 'x' } }, 400, 'kwh'],
        ['PATCH', '/sessions/NL/CPO/S1', { body: { charging_periods: 'x' } }, 400, 'charging_periods'],
        ['PATCH', '/sessions/NL/CPO/S1', { body: { status: 'DONE' } }, 400, 'status'],
        ['PATCH', '/sessions/NL/CPO/S1', { body: { id: 'S2' } }, 400, 'id'],
        ['PATCH', '/sessions/NL/CPO/S1', { body: { cdr_token: { uid: 'AA11' } } }, 400, 'cdr_token.country_code'],
        ['PATCH', '/sessions/DE/MSP/S1', { body: { kwh: 1 } }, 400, 'country_code/party_id'],
        ['PATCH', '/sessions/NL/CPO/NOPE', { body: { kwh: 1 } }, 404, undefined],
      ];
      for (const [method, path, request, status, field] of cases) {
        const answer = await admin(pair.cpo, method, path, request);
        assert.equal(answer.status, status, `${method} ${path}: ${answer.text}`);
        assert.equal(typeof answer.json.message, 'string', `${method} ${path}`);
        assert.equal(answer.json.field, field, `${method} ${path}: ${answer.json.message}`);
        if (field !== undefined) assert.ok(answer.json.message.includes(field.split('/')[0]!.split('[')[0]!.split('.')[0]!), answer.json.message);
      }
      assert.equal((await admin(pair.cpo, 'GET', '/sessions/NL/CPO/S9')).status, 404, 'nothing invalid was stored');
      assert.deepEqual(await pushesOf('sessions/NL/CPO/S9'), []);
      assert.equal((await pushesOf('sessions/NL/CPO/S1')).length, rowsBefore, 'no push for a refused PATCH');
      assert.deepEqual(await atEmsp('/sessions/NL/CPO/S1'), before);
    });

    test('CDR-06: a CDR POSTed through the operator API is created (201) and the eMSP receives it; the same CDR again is 200 and not sent again', async () => {
      const created = await admin(pair.cpo, 'POST', '/cdrs', { body: cdrBody('C1') });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.json.id, 'C1');
      assert.match(created.json.last_updated, /^\d{4}-\d\d-\d\dT/);
      await waitFor('the eMSP received C1', async () => (await atEmsp('/cdrs/NL/CPO/C1')) !== undefined);
      assert.equal((await atEmsp('/cdrs/NL/CPO/C1')).total_energy, 10);

      const retry = await admin(pair.cpo, 'POST', '/cdrs', { body: { ...cdrBody('C1'), last_updated: created.json.last_updated } });
      assert.equal(retry.status, 200, retry.text);
      assert.deepEqual(retry.json, created.json);
      assert.deepEqual((await pushesOf('cdrs/NL/CPO/C1')).map((r) => r.method), ['POST'], 'sent once');
    });

    test('CDR-01: CDRs are immutable and complete — other content under a stored id, missing totals, another party or a Session-only dimension are 400 naming the field; nothing is sent', async () => {
      const { total_cost: _cost, ...noTotalCost } = cdrBody('C2');
      const { total_energy: _energy, ...noTotalEnergy } = cdrBody('C2');
      const cases: Array<[unknown, string | undefined]> = [
        [cdrBody('C1', { total_energy: 11 }), 'id'],
        [noTotalCost, 'total_cost'],
        [noTotalEnergy, 'total_energy'],
        [cdrBody('C2', { country_code: 'DE', party_id: 'MSP' }), 'country_code/party_id'],
        [cdrBody('C2', { charging_periods: [{ start_date_time: '2024-05-01T10:00:00Z', dimensions: [{ type: 'STATE_OF_CHARGE', volume: 80 }] }] }), 'charging_periods[0].dimensions[0].type'],
        [cdrBody('C2', { currency: 'EURO' }), 'currency'],
        [[cdrBody('C2')], undefined],
      ];
      for (const [body, field] of cases) {
        const answer = await admin(pair.cpo, 'POST', '/cdrs', { body });
        assert.equal(answer.status, 400, `${JSON.stringify(body).slice(0, 80)}: ${answer.text}`);
        assert.equal(answer.json.field, field, answer.json.message);
      }
      assert.equal((await admin(pair.cpo, 'GET', '/cdrs/NL/CPO/C1')).json.total_energy, 10, 'the stored CDR is untouched');
      assert.equal((await admin(pair.cpo, 'GET', '/cdrs/NL/CPO/C2')).status, 404);
      assert.deepEqual(await pushesOf('cdrs/NL/CPO/C2'), []);
      assert.equal((await pushesOf('cdrs/NL/CPO/C1')).length, 1);
      assert.equal((await atEmsp('/cdrs/NL/CPO/C1')).total_energy, 10);
    });

    test('TOK-09, TOK-15: authorization asks the eMSP when the whitelist demands it (ALLOWED, BLOCKED as it answers), decides locally otherwise, 404 for an unknown token', async () => {
      // The eMSP's application policy (our own code, configured as an operator would): one token needs a location, one breaks.
      pair.emsp.node.services.tokens!.emsp!.setAuthorizationPolicy((token, location) => {
        if (token.uid === 'WHERE' && location === undefined) return NOT_ENOUGH_INFORMATION;
        if (token.uid.startsWith('BROKEN')) throw new Error('the policy failed');
        return defaultAuthorizationPolicy(token, location);
      });
      const tokens: Array<[string, string, boolean]> = [
        ['ASK', 'NEVER', true],
        ['BLK', 'NEVER', false],
        ['LOCAL', 'ALWAYS', true],
        ['LOCALBLK', 'ALLOWED', false],
        ['WHERE', 'NEVER', true],
        ['BROKEN', 'NEVER', true],
        ['BROKEN2', 'ALLOWED_OFFLINE', true],
      ];
      for (const [uid, whitelist, valid] of tokens) {
        assert.equal((await admin(pair.emsp, 'PUT', `/tokens/DE/MSP/${uid}`, { body: tokenBody(whitelist, valid) })).status, 201);
      }
      await waitFor('the CPO has every token', async () => {
        const known = await Promise.all(tokens.map(async ([uid]) => (await pair.cpo.node.services.tokens!.cpo!.whitelist(uid)).length));
        return known.every((n) => n === 1);
      });

      const ask = await admin(pair.cpo, 'POST', '/tokens/authorize', { body: { uid: 'ASK' } });
      assert.equal(ask.status, 200, ask.text);
      assert.equal(ask.json.allowed, 'ALLOWED');
      assert.equal(ask.json.source, 'realtime');
      assert.equal(ask.json.token.uid, 'ASK');
      assert.match(ask.json.authorization_reference, /^[0-9a-f-]{36}$/, "the eMSP's own answer, with its authorization_reference");

      const blocked = await admin(pair.cpo, 'POST', '/tokens/authorize', { body: { uid: 'BLK', type: 'RFID' } });
      assert.equal(blocked.status, 200, blocked.text);
      assert.deepEqual([blocked.json.allowed, blocked.json.source], ['BLOCKED', 'realtime']);

      const local = await admin(pair.cpo, 'POST', '/tokens/authorize', { body: { uid: 'LOCAL' } });
      assert.deepEqual([local.json.allowed, local.json.source, local.json.authorization_reference], ['ALLOWED', 'whitelist', undefined]);
      const localBlocked = await admin(pair.cpo, 'POST', '/tokens/authorize', { body: { uid: 'LOCALBLK' } });
      assert.deepEqual([localBlocked.json.allowed, localBlocked.json.source], ['BLOCKED', 'whitelist']);

      const unknown = await admin(pair.cpo, 'POST', '/tokens/authorize', { body: { uid: 'NOBODY' } });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json.error, 'not_found');
      assert.equal((await admin(pair.cpo, 'POST', '/tokens/authorize', { body: { uid: 'ASK', type: 'APP_USER' } })).status, 404, 'another type is another token (TOK-02)');
    });

    test('TOK-12: an eMSP that needs a location gets it; an eMSP that fails is 502 unless the whitelist allows deciding offline', async () => {
      const without = await admin(pair.cpo, 'POST', '/tokens/authorize', { body: { uid: 'WHERE' } });
      assert.equal(without.status, 400, without.text);
      assert.equal(without.json.field, 'location');
      const location = { location_id: 'LOC1', evse_uids: ['EVSE1'] };
      const withLocation = await admin(pair.cpo, 'POST', '/tokens/authorize', { body: { uid: 'WHERE', location } });
      assert.equal(withLocation.status, 200, withLocation.text);
      assert.equal(withLocation.json.allowed, 'ALLOWED');
      assert.deepEqual(withLocation.json.location, location);

      const broken = await admin(pair.cpo, 'POST', '/tokens/authorize', { body: { uid: 'BROKEN' } });
      assert.equal(broken.status, 502, broken.text);
      assert.equal(broken.json.error, 'partner_error');
      const offline = await admin(pair.cpo, 'POST', '/tokens/authorize', { body: { uid: 'BROKEN2' } });
      assert.equal(offline.status, 200, offline.text);
      assert.deepEqual([offline.json.allowed, offline.json.source], ['ALLOWED', 'whitelist']);
    });

    test('authorization input is 400 naming the field', async () => {
      const cases: Array<[unknown, string | undefined]> = [
        [{}, 'uid'],
        [{ uid: 'X'.repeat(37) }, 'uid'],
        [{ uid: 'ASK', type: 'CARD' }, 'type'],
        [{ uid: 'ASK', location: {} }, 'location.location_id'],
        [{ uid: 'ASK', location: { location_id: 'L', evse_uids: 'E1' } }, 'location.evse_uids'],
        ['ASK', undefined],
      ];
      for (const [body, field] of cases) {
        const answer = await admin(pair.cpo, 'POST', '/tokens/authorize', { body });
        assert.equal(answer.status, 400, `${JSON.stringify(body)}: ${answer.text}`);
        assert.equal(answer.json.field, field, answer.json.message);
      }
    });

    test('the new routes are in the OpenAPI document with their schemas, and only a CPO serves them', async () => {
      const doc = (await admin(pair.cpo, 'GET', '/openapi.json', { authorization: null })).json;
      const session = doc.paths['/admin/v1/sessions/{country_code}/{party_id}/{session_id}'];
      assert.deepEqual(session.put.tags, ['operator']);
      assert.equal(session.put.requestBody.content['application/json'].schema.properties.cdr_token.properties.uid.maxLength, 36);
      assert.equal(session.put.responses['201'].content['application/json'].schema.properties.kwh.type, 'number');
      assert.equal(session.patch.requestBody.content['application/json'].schema.required, undefined, 'every field of a PATCH is optional');
      const cdrs = doc.paths['/admin/v1/cdrs'].post;
      assert.ok(cdrs.requestBody.content['application/json'].schema.required.includes('total_cost'), 'a CDR comes complete');
      assert.ok(cdrs.responses['201'] && cdrs.responses['400'] && cdrs.responses['401']);
      const authorize = doc.paths['/admin/v1/tokens/authorize'].post;
      assert.deepEqual(authorize.requestBody.content['application/json'].schema.required, ['uid']);
      assert.ok(authorize.responses['200'].content['application/json'].schema.properties.source);
      assert.ok(authorize.responses['502']);

      for (const [method, path] of [['PUT', '/sessions/NL/CPO/S1'], ['PATCH', '/sessions/NL/CPO/S1'], ['POST', '/cdrs'], ['POST', '/tokens/authorize']] as const) {
        assert.equal((await admin(pair.emsp, method, path, { body: {} })).status, 404, `an eMSP node has no ${method} ${path}`);
      }
    });
  });
}
