/**
 * Tokens between a CPO and an eMSP node over HTTP (TOK-01..TOK-19, PIT-07, PIT-17): the eMSP's own
 * tokens are pushed to the CPO's Receiver, the CPO asks the eMSP for real-time authorization, the
 * CPO pulls the eMSP's list; foreign parties and invalid input are refused and store nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OcpiStatusError } from '../../src/client/errors.js';
import { joinUrl } from '../../src/client/url.js';
import type { OwnChange } from '../../src/modules/shared/own-objects.js';
import { NOT_ENOUGH_INFORMATION } from '../../src/modules/tokens/authorization.js';
import type { NodeContext } from '../../src/modules/module.js';
import '../../src/modules/tokens/index.js';
import { Token } from '../../src/modules/tokens/schema.js';
import { backends } from '../helpers/backends.js';
import { ocpiFetch } from '../helpers/nodes.js';
import { token } from './fixtures.js';
import { startRoamingPair } from './roaming-pair.js';
import type { RoamingPair } from './roaming-pair.js';

const tokensOf = (ctx: NodeContext) => ctx.services.tokens!;


for (const backend of backends) {
  describe(`Tokens between a CPO and an eMSP (${backend.name})`, { skip: backend.skip }, () => {
    let pair: RoamingPair;
    let cpoTokensUrl: string;
    let emspTokensUrl: string;
    const changes: OwnChange<Token>[] = [];

    before(async () => {
      pair = await startRoamingPair(backend);
      cpoTokensUrl = pair.endpoint(pair.cpoAtEmsp, 'tokens', 'RECEIVER');
      emspTokensUrl = pair.endpoint(pair.emspAtCpo, 'tokens', 'SENDER');
      // The push outbox's role, played by the test: every own change goes to the CPO as PUT or PATCH.
      tokensOf(pair.emsp.node.context).emsp!.onChange(async (change) => {
        changes.push(change);
        const url = joinUrl(cpoTokensUrl, change.object.country_code, change.object.party_id, change.object.uid);
        const query = { type: change.object.type };
        if (change.method === 'PATCH') await pair.emspClient.patch('tokens', url, change.patch!, { query });
        else await pair.emspClient.put('tokens', url, change.object, { query });
      });
    });
    after(async () => pair?.close());

    const emspApi = () => tokensOf(pair.emsp.node.context).emsp!;
    const cpoApi = () => tokensOf(pair.cpo.node.context).cpo!;
    const cpoToken = (cc: string, pid: string, uid: string, query = '') => `${cpoTokensUrl}/${cc}/${pid}/${uid}${query}`;

    test('TOK-04/TOK-06: own tokens from the library are pushed (PUT, then PATCH) into the CPO whitelist', async () => {
      await emspApi().own.put(token('AA11'));
      assert.equal(changes.at(-1)?.method, 'PUT');
      const got = await ocpiFetch(cpoToken('DE', 'MSP', 'AA11'), pair.cpoAtEmsp.tokenToPartner);
      assert.equal(got.status, 200);
      assert.equal(got.json.data.contract_id, 'DE-MSP-CAA11');
      assert.equal(got.headers.get('ocpi-from-party-id'), 'CPO', 'T-25: answer routing headers');

      await emspApi().own.patch({ countryCode: 'DE', partyId: 'MSP', id: 'AA11', variant: 'RFID' }, { valid: false, last_updated: '2024-03-01T11:00:00Z' });
      assert.equal(changes.at(-1)?.method, 'PATCH');
      assert.deepEqual(changes.at(-1)?.patch, { valid: false, last_updated: '2024-03-01T11:00:00Z' });
      const [entry] = await cpoApi().whitelist('aa11');
      assert.equal(entry?.token.valid, false, 'TYP-01: uid compared case-insensitively');
      assert.equal(entry?.token.last_updated, '2024-03-01T11:00:00Z');
    });

    test('TOK-02/PIT-17: (uid, type) is the identity; type defaults to RFID; a type differing from the body is 2001', async () => {
      await emspApi().own.put(token('AA11', { type: 'APP_USER', whitelist: 'NEVER' }));
      const rfid = await ocpiFetch(cpoToken('DE', 'MSP', 'AA11'), pair.cpoAtEmsp.tokenToPartner);
      const app = await ocpiFetch(cpoToken('DE', 'MSP', 'AA11', '?type=APP_USER'), pair.cpoAtEmsp.tokenToPartner);
      assert.equal(rfid.json.data.type, 'RFID');
      assert.equal(app.json.data.type, 'APP_USER');
      const mismatch = await ocpiFetch(cpoToken('DE', 'MSP', 'AA11', '?type=OTHER'), pair.cpoAtEmsp.tokenToPartner, { method: 'PUT', body: token('AA11') });
      assert.equal(mismatch.json.status_code, 2001);
      assert.match(mismatch.json.status_message, /type/);
      const unknownType = await ocpiFetch(cpoToken('DE', 'MSP', 'AA11', '?type=CARD'), pair.cpoAtEmsp.tokenToPartner);
      assert.equal(unknownType.json.status_code, 2001);
      assert.match(unknownType.json.status_message, /type/);
    });

    test('TOK-03/ST-04: GET of an unknown token is 404 with 2004; DELETE and POST are 405 (TOK-01)', async () => {
      const unknown = await ocpiFetch(cpoToken('DE', 'MSP', 'NOPE'), pair.cpoAtEmsp.tokenToPartner);
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json.status_code, 2004);
      assert.equal((await ocpiFetch(cpoToken('DE', 'MSP', 'AA11'), pair.cpoAtEmsp.tokenToPartner, { method: 'DELETE' })).status, 405);
      assert.equal((await ocpiFetch(cpoToken('DE', 'MSP', 'AA11'), pair.cpoAtEmsp.tokenToPartner, { method: 'POST', body: {} })).status, 405);
    });

    test('TOK-10/PIT-07: real-time authorization — valid token ALLOWED with a reference, blocked token 200/1000 BLOCKED', async () => {
      await emspApi().own.put(token('BB22', { whitelist: 'NEVER' }));
      const [entry] = await cpoApi().whitelist('BB22');
      assert.ok(entry);
      const allowed = await cpoApi().requestAuthorization(entry, { location_id: 'LOC1', evse_uids: ['E1', 'E2'] });
      assert.equal(allowed.kind, 'answered');
      assert.ok(allowed.kind === 'answered');
      assert.equal(allowed.info.allowed, 'ALLOWED');
      assert.equal(allowed.info.token.uid, 'BB22', 'TOK-18: the complete token');
      assert.deepEqual(allowed.info.location, { location_id: 'LOC1', evse_uids: ['E1', 'E2'] });
      assert.equal(typeof allowed.info.authorization_reference, 'string');

      await emspApi().own.patch({ countryCode: 'DE', partyId: 'MSP', id: 'BB22', variant: 'RFID' }, { valid: false });
      const raw = await ocpiFetch(joinUrl(emspTokensUrl, 'BB22', 'authorize'), pair.emspAtCpo.tokenToPartner, { method: 'POST' });
      assert.equal(raw.status, 200);
      assert.equal(raw.json.status_code, 1000);
      assert.equal(raw.json.data.allowed, 'BLOCKED');
      assert.equal(raw.json.data.location, undefined);
      assert.equal(raw.json.data.authorization_reference, undefined);
    });

    test('TOK-11/PIT-07: unknown token is HTTP 404 and 2004 without data; TOK-09: ?type selects the token', async () => {
      const raw = await ocpiFetch(joinUrl(emspTokensUrl, 'ZZ99', 'authorize'), pair.emspAtCpo.tokenToPartner, { method: 'POST', body: { location_id: 'LOC1' } });
      assert.equal(raw.status, 404);
      assert.equal(raw.json.status_code, 2004);
      assert.equal(raw.json.data, undefined);
      const wrongType = await ocpiFetch(`${joinUrl(emspTokensUrl, 'BB22', 'authorize')}?type=APP_USER`, pair.emspAtCpo.tokenToPartner, { method: 'POST' });
      assert.equal(wrongType.status, 404);
      assert.equal(wrongType.json.status_code, 2004);
      await assert.rejects(
        pair.cpoClient.post('tokens', joinUrl(emspTokensUrl, 'ZZ99', 'authorize')),
        (error: unknown) => error instanceof OcpiStatusError && error.statusCode === 2004 && error.httpStatus === 404,
      );
    });

    test('TOK-12: a policy that needs LocationReferences answers 2002 without them; TOK-10: only granted EVSEs return', async () => {
      emspApi().setAuthorizationPolicy((t, location) => {
        if (location === undefined) return NOT_ENOUGH_INFORMATION;
        return { allowed: t.valid ? 'ALLOWED' : 'BLOCKED', evseUids: (location.evse_uids ?? []).filter((uid) => uid !== 'E2') };
      });
      try {
        await emspApi().own.put(token('CC33'));
        const without = await ocpiFetch(joinUrl(emspTokensUrl, 'CC33', 'authorize'), pair.emspAtCpo.tokenToPartner, { method: 'POST' });
        assert.equal(without.json.status_code, 2002);
        const [entry] = await cpoApi().whitelist('CC33');
        assert.equal((await cpoApi().requestAuthorization(entry!)).kind, 'not_enough_information');
        const withLocation = await cpoApi().requestAuthorization(entry!, { location_id: 'LOC1', evse_uids: ['E1', 'E2'] });
        assert.ok(withLocation.kind === 'answered');
        assert.deepEqual(withLocation.info.location, { location_id: 'LOC1', evse_uids: ['E1'] });
      } finally {
        emspApi().setAuthorizationPolicy((t) => ({ allowed: t.valid ? 'ALLOWED' : 'BLOCKED' }));
      }
    });

    test('TOK-15: the CPO decides by WhitelistType — ALWAYS/ALLOWED locally, NEVER asks, ALLOWED_OFFLINE falls back when the eMSP fails', async () => {
      const asked: string[] = [];
      let failing = false;
      emspApi().setAuthorizationPolicy((t) => {
        asked.push(t.uid);
        if (failing) throw new Error('authorization backend down');
        return { allowed: t.valid ? 'ALLOWED' : 'NO_CREDIT' };
      });
      try {
        await emspApi().own.put(token('W-ALWAYS', { whitelist: 'ALWAYS', valid: false }));
        await emspApi().own.put(token('W-ALLOWED', { whitelist: 'ALLOWED' }));
        await emspApi().own.put(token('W-NEVER', { whitelist: 'NEVER', valid: false }));
        await emspApi().own.put(token('W-OFFLINE', { whitelist: 'ALLOWED_OFFLINE' }));

        const always = await cpoApi().authorize('w-always');
        assert.ok(always.kind === 'decided');
        assert.deepEqual([always.allowed, always.source], ['BLOCKED', 'whitelist']);
        const allowed = await cpoApi().authorize('W-ALLOWED');
        assert.ok(allowed.kind === 'decided');
        assert.deepEqual([allowed.allowed, allowed.source], ['ALLOWED', 'whitelist']);
        assert.deepEqual(asked, [], 'no real-time request for ALWAYS and ALLOWED');

        const never = await cpoApi().authorize('W-NEVER');
        assert.ok(never.kind === 'decided');
        assert.deepEqual([never.allowed, never.source], ['NO_CREDIT', 'realtime'], 'valid=false does not skip the question');
        const offline = await cpoApi().authorize('W-OFFLINE', 'RFID', { location_id: 'LOC1' });
        assert.ok(offline.kind === 'decided');
        assert.deepEqual([offline.allowed, offline.source], ['ALLOWED', 'realtime']);
        assert.deepEqual(offline.info?.location, { location_id: 'LOC1' });
        assert.deepEqual(asked, ['W-NEVER', 'W-OFFLINE']);

        failing = true;
        const fallback = await cpoApi().authorize('W-OFFLINE');
        assert.ok(fallback.kind === 'decided');
        assert.deepEqual([fallback.allowed, fallback.source], ['ALLOWED', 'whitelist']);
        assert.equal((await cpoApi().authorize('W-NEVER')).kind, 'unavailable');
        assert.equal((await cpoApi().authorize('NEVER-PUSHED')).kind, 'unknown_token');
      } finally {
        emspApi().setAuthorizationPolicy((t) => ({ allowed: t.valid ? 'ALLOWED' : 'BLOCKED' }));
      }
    });

    test('TOK-09: an empty body sent as application/json means no LocationReferences; malformed JSON stays 400; T-04 still applies', async () => {
      const url = joinUrl(emspTokensUrl, 'AA11', 'authorize');
      const empty = await ocpiFetch(url, pair.emspAtCpo.tokenToPartner, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
      assert.equal(empty.status, 200);
      assert.equal(empty.json.status_code, 1000);
      assert.equal(empty.json.data.token.uid, 'AA11');
      const malformed = await ocpiFetch(url, pair.emspAtCpo.tokenToPartner, { method: 'POST', rawBody: '{"location_id":' });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.json.status_code, 2001);
      const anonymous = await ocpiFetch(url, undefined, { method: 'POST' });
      assert.equal(anonymous.status, 401);
      assert.ok(anonymous.headers.get('x-request-id'), 'T-21 in this scope too');
    });

    test('TOK-09: an invalid LocationReferences body or token_uid is 2001 naming the field', async () => {
      const body = await ocpiFetch(joinUrl(emspTokensUrl, 'CC33', 'authorize'), pair.emspAtCpo.tokenToPartner, { method: 'POST', body: { evse_uids: ['E1'] } });
      assert.equal(body.json.status_code, 2001);
      assert.match(body.json.status_message, /location_id/);
      const uid = await ocpiFetch(joinUrl(emspTokensUrl, 'X'.repeat(37), 'authorize'), pair.emspAtCpo.tokenToPartner, { method: 'POST' });
      assert.equal(uid.json.status_code, 2001);
      assert.match(uid.json.status_message, /token_uid/);
    });

    test('TOK-08/PAG-06/PAG-07: the CPO pulls the eMSP list page by page with date filters', async () => {
      for (let i = 0; i < 5; i++) await emspApi().own.put(token(`LIST${i}`, { last_updated: `2024-04-01T10:0${i}:00Z` }));
      const first = await ocpiFetch(`${emspTokensUrl}?date_from=2024-04-01T10:01:00Z&date_to=2024-04-01T10:04:00Z&limit=2`, pair.emspAtCpo.tokenToPartner);
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('x-total-count'), '3');
      assert.equal(first.headers.get('x-limit'), '2');
      assert.deepEqual(first.json.data.map((t: Token) => t.uid), ['LIST1', 'LIST2']);
      assert.match(first.headers.get('link') ?? '', /offset=2/);
      const crawled: string[] = [];
      for await (const t of pair.cpoClient.list('tokens', emspTokensUrl, { dateFrom: '2024-04-01T10:00:00Z', dateTo: '2024-05-01T00:00:00Z', limit: 2, schema: Token })) {
        crawled.push(t.uid);
      }
      assert.deepEqual(crawled, ['LIST0', 'LIST1', 'LIST2', 'LIST3', 'LIST4']);
    });

    test('T-29/PIT-09: another eMSP cannot read or write tokens of DE/MSP; nothing is stored', async () => {
      const rogueToken = pair.rogueAtRogue.tokenToPartner;
      const write = await ocpiFetch(cpoToken('DE', 'MSP', 'AA11'), rogueToken, { method: 'PUT', body: token('AA11', { valid: true, whitelist: 'ALWAYS' }) });
      assert.equal(write.status, 404);
      assert.equal(write.json.status_code, 2001);
      const patch = await ocpiFetch(cpoToken('DE', 'MSP', 'AA11'), rogueToken, { method: 'PATCH', body: { valid: true, last_updated: '2030-01-01T00:00:00Z' } });
      assert.equal(patch.status, 404);
      const read = await ocpiFetch(cpoToken('DE', 'MSP', 'AA11'), rogueToken);
      assert.equal(read.status, 404);
      assert.equal(read.json.data, undefined);
      // The body may not smuggle in another owner under the rogue's own URL either (T-30).
      const smuggled = await ocpiFetch(cpoToken('BE', 'ROG', 'AA11'), rogueToken, { method: 'PUT', body: token('AA11') });
      assert.equal(smuggled.json.status_code, 2001);
      assert.match(smuggled.json.status_message, /country_code|party_id/);
      const entries = await cpoApi().whitelist('AA11');
      assert.deepEqual(entries.map((e) => `${e.token.country_code}/${e.token.party_id}/${e.token.valid}`), ['DE/MSP/false']);
    });

    test('TYP-03/TYP-12/PIT-13: the invalid-input matrix is 2001 naming the field, never 5xx, nothing stored', async () => {
      const cases: Array<[string, string, unknown, RegExp]> = [
        ['over-long uid', 'PUT', token('M1', { uid: 'M1', contract_id: 'C'.repeat(37) }), /contract_id/],
        ['unknown enum', 'PUT', token('M1', { whitelist: 'SOMETIMES' as never }), /whitelist/],
        ['missing field', 'PUT', (({ issuer: _issuer, ...rest }) => rest)(token('M1')), /issuer/],
        ['bad DateTime', 'PUT', token('M1', { last_updated: '2024-03-01T10:00:00+01:00' }), /last_updated/],
        ['wrong type', 'PUT', token('M1', { valid: 'yes' as never }), /valid/],
        ['PATCH without last_updated', 'PATCH', { valid: false }, /last_updated/],
      ];
      for (const [name, method, body, field] of cases) {
        const answer = await ocpiFetch(cpoToken('DE', 'MSP', 'M1'), pair.cpoAtEmsp.tokenToPartner, { method, body });
        assert.ok(answer.status < 500, name);
        assert.equal(answer.json.status_code, 2001, name);
        assert.match(answer.json.status_message, field, name);
      }
      const overLongUid = await ocpiFetch(cpoToken('DE', 'MSP', 'U'.repeat(37)), pair.cpoAtEmsp.tokenToPartner, { method: 'PUT', body: token('U'.repeat(37)) });
      assert.equal(overLongUid.json.status_code, 2001);
      assert.match(overLongUid.json.status_message, /uid/);
      assert.deepEqual(await cpoApi().whitelist('M1'), []);
      assert.deepEqual(await cpoApi().whitelist('U'.repeat(37)), []);
    });
  });
}
