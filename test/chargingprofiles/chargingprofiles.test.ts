/**
 * Charging profiles between a CPO node and an eMSP node over HTTP (CP-01..CP-09): set, get and
 * clear round trips through the in-process charger, the CPO's ActiveChargingProfile updates, the
 * refusals and the invalid-input matrix.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { chargingProfilesOf } from '../../src/modules/chargingprofiles/index.js';
import type { EmspChargingProfiles } from '../../src/modules/chargingprofiles/emsp-profiles.js';
import type { ChargingProfile } from '../../src/modules/chargingprofiles/schema.js';
import { backends } from '../helpers/backends.js';
import { ocpiFetch } from '../helpers/nodes.js';
import { startPair } from '../commands/pair.js';
import type { Pair } from '../commands/pair.js';

const PROFILE: ChargingProfile = {
  charging_rate_unit: 'W',
  duration: 3600,
  min_charging_rate: 1400.5,
  charging_profile_period: [
    { start_period: 0, limit: 7400 },
    { start_period: 1800, limit: 3700.5 },
  ],
};

const TOKEN = { countryCode: 'DE', partyId: 'MSP', uid: 'CP-TOKEN', type: 'APP_USER', contractId: 'DE-MSP-C1' };

/** Polls until `read` yields a value (results travel over HTTP after the answer). */
async function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await sleep(20);
  }
  throw new Error('value never arrived');
}

for (const backend of backends) {
  describe(`charging profiles between a CPO and an eMSP (${backend.name})`, { skip: backend.skip }, () => {
    let pair: Pair;
    let profiles: EmspChargingProfiles;
    let sessionId: string;
    let url: (session: string, query?: string) => string;

    before(async () => {
      pair = await startPair(backend);
      profiles = chargingProfilesOf(pair.emsp.node.context).emsp;
      const started = await pair.chargers.startSession({ locationId: 'LOC1', evseUid: 'EVSE2', connectorId: '2', token: TOKEN });
      sessionId = started.sessionId!;
      url = (session, query = '') => `${pair.cpo.baseUrl}/ocpi/cpo/2.2.1/chargingprofiles/${session}${query}`;
    });
    after(async () => {
      await pair?.cpo.close();
      await pair?.emsp.close();
    });

    test('VER-06: the CPO lists chargingprofiles RECEIVER, the eMSP chargingprofiles SENDER', async () => {
      const cpo = await ocpiFetch(`${pair.cpo.baseUrl}/ocpi/2.2.1`, pair.tokenToCpo);
      assert.ok(cpo.json.data.endpoints.some((e: any) => e.identifier === 'chargingprofiles' && e.role === 'RECEIVER'));
      const emsp = await ocpiFetch(`${pair.emsp.baseUrl}/ocpi/2.2.1`, pair.tokenToEmsp);
      assert.ok(emsp.json.data.endpoints.some((e: any) => e.identifier === 'chargingprofiles' && e.role === 'SENDER'));
    });

    test('CP-01/CP-05: without a profile the active profile is the EVSE capacity', async () => {
      const sent = await profiles.getActive(pair.cpoPartnerId, sessionId, 900);
      assert.deepEqual(sent.response, { result: 'ACCEPTED', timeout: 1 });
      assert.match(sent.responseUrl, new RegExp(`/ocpi/emsp/2\\.2\\.1/chargingprofiles/activechargingprofile/${sent.id}$`));
      const settled = await profiles.whenSettled(sent.id);
      assert.equal(settled.state, 'RESULT');
      const result = settled.result as { result: string; profile?: { charging_profile: ChargingProfile } };
      assert.equal(result.result, 'ACCEPTED');
      assert.deepEqual(result.profile?.charging_profile.charging_profile_period, [{ start_period: 0, limit: 11000 }]);
      assert.equal(result.profile?.charging_profile.duration, 900);
    });

    test('CP-02/CP-05: PUT SetChargingProfile round trip; CP-01: GET returns the profile set', async () => {
      const set = await profiles.set(pair.cpoPartnerId, sessionId, PROFILE);
      assert.deepEqual(set.response, { result: 'ACCEPTED', timeout: 1 });
      assert.deepEqual((await profiles.whenSettled(set.id)).result, { result: 'ACCEPTED' });

      const get = await profiles.getActive(pair.cpoPartnerId, sessionId, 3600);
      const result = (await profiles.whenSettled(get.id)).result as { result: string; profile?: { charging_profile: ChargingProfile } };
      assert.equal(result.result, 'ACCEPTED');
      assert.deepEqual(result.profile?.charging_profile, PROFILE);
    });

    test('CP-06: a limit the charger applies on its own is PUT to the sender that set a profile', async () => {
      pair.chargers.applyLocalLimit(sessionId, 5000);
      const pushed = await eventually(async () => {
        const profile = await profiles.activeProfile(pair.cpoPartnerId, sessionId);
        return profile?.charging_profile.charging_profile_period?.[0]?.limit === 5000 ? profile : undefined;
      });
      assert.equal(pushed.charging_profile.charging_rate_unit, 'W');
    });

    test('CP-06: a pushed ActiveChargingProfile for a session this eMSP never shaped is refused (404, 2001)', async () => {
      const res = await ocpiFetch(`${pair.emsp.baseUrl}/ocpi/emsp/2.2.1/chargingprofiles/OTHER-SESSION`, pair.tokenToEmsp, {
        method: 'PUT',
        body: { start_date_time: '2026-01-01T00:00:00Z', charging_profile: PROFILE },
      });
      assert.equal(res.status, 404);
      assert.equal(res.json.status_code, 2001);
      assert.match(res.json.status_message, /session_id/);
    });

    test('CP-03/CP-05: DELETE clears the profile; clearing again is UNKNOWN', async () => {
      const clear = await profiles.clear(pair.cpoPartnerId, sessionId);
      assert.equal(clear.response?.result, 'ACCEPTED');
      assert.match(clear.responseUrl, /\/clearprofile\//);
      assert.deepEqual((await profiles.whenSettled(clear.id)).result, { result: 'ACCEPTED' });
      const again = await profiles.clear(pair.cpoPartnerId, sessionId);
      assert.deepEqual((await profiles.whenSettled(again.id)).result, { result: 'UNKNOWN' });
    });

    test('CP-04: unknown session → 1000 + UNKNOWN_SESSION; another party\'s session → REJECTED; EVSE without profiles → NOT_SUPPORTED', async () => {
      const unknown = await profiles.set(pair.cpoPartnerId, 'NO-SUCH-SESSION', PROFILE);
      assert.equal(unknown.state, 'ANSWERED');
      assert.deepEqual(unknown.response, { result: 'UNKNOWN_SESSION', timeout: 0 });
      const raw = await ocpiFetch(url('NO-SUCH-SESSION', `?duration=60&response_url=${pair.emsp.baseUrl}/r`), pair.tokenToCpo);
      assert.equal(raw.status, 200);
      assert.equal(raw.json.status_code, 1000);
      assert.equal(raw.json.data.result, 'UNKNOWN_SESSION');

      const foreign = await pair.chargers.startSession({ locationId: 'LOC1', evseUid: 'EVSE1', token: { ...TOKEN, countryCode: 'FR', partyId: 'XYZ' } });
      const rejected = await profiles.getActive(pair.cpoPartnerId, foreign.sessionId!, 60);
      assert.deepEqual(rejected.response, { result: 'REJECTED', timeout: 0 });
      await pair.chargers.stopSession(foreign.sessionId!);

      const dumb = await pair.chargers.startSession({ locationId: 'LOC3', evseUid: 'DUMB', token: TOKEN });
      const notSupported = await profiles.set(pair.cpoPartnerId, dumb.sessionId!, PROFILE);
      assert.deepEqual(notSupported.response, { result: 'NOT_SUPPORTED', timeout: 0 });
    });

    test('CP-04: with a request limit, a second request on the session within it is TOO_OFTEN', async () => {
      const settings = chargingProfilesOf(pair.cpo.node.context).cpo.settings;
      settings.minIntervalMs = 60_000;
      try {
        const first = await profiles.getActive(pair.cpoPartnerId, sessionId, 60);
        assert.equal(first.response?.result, 'ACCEPTED');
        await profiles.whenSettled(first.id);
        const second = await profiles.getActive(pair.cpoPartnerId, sessionId, 60);
        assert.deepEqual(second.response, { result: 'TOO_OFTEN', timeout: 0 });
        assert.equal(second.state, 'ANSWERED');
      } finally {
        settings.minIntervalMs = 0;
      }
    });

    test('CMD-05 analogue: a silent charger posts nothing; the eMSP times out locally', async () => {
      pair.chargers.respond({ silent: true });
      try {
        const sent = await profiles.set(pair.cpoPartnerId, sessionId, PROFILE);
        assert.equal(sent.response?.result, 'ACCEPTED');
        const settled = await profiles.whenSettled(sent.id);
        assert.equal(settled.state, 'TIMEOUT');
        assert.equal(settled.result, undefined);
      } finally {
        pair.chargers.respond({});
      }
    });

    test('CP-05: a result of the wrong kind, of an unknown request or invalid is refused', async () => {
      pair.chargers.respond({ silent: true });
      try {
        const sent = await profiles.set(pair.cpoPartnerId, sessionId, PROFILE);
        const wrongKind = await ocpiFetch(sent.responseUrl.replace('/chargingprofile/', '/clearprofile/'), pair.tokenToEmsp, { method: 'POST', body: { result: 'ACCEPTED' } });
        assert.equal(wrongKind.status, 404);
        const unknownKind = await ocpiFetch(sent.responseUrl.replace('/chargingprofile/', '/whatever/'), pair.tokenToEmsp, { method: 'POST', body: { result: 'ACCEPTED' } });
        assert.equal(unknownKind.status, 404);
        const invalid = await ocpiFetch(sent.responseUrl, pair.tokenToEmsp, { method: 'POST', body: { result: 'DONE' } });
        assert.equal(invalid.status, 200);
        assert.equal(invalid.json.status_code, 2001);
        assert.match(invalid.json.status_message, /result/);
        const accepted = await ocpiFetch(sent.responseUrl, pair.tokenToEmsp, { method: 'POST', body: { result: 'REJECTED' } });
        assert.equal(accepted.json.status_code, 1000);
        assert.equal(accepted.json.data, undefined, 'CP-05: the answer has no data');
        assert.deepEqual((await profiles.get(sent.id))?.result, { result: 'REJECTED' });
      } finally {
        pair.chargers.respond({});
      }
    });

    test('CP-01..CP-03/ST-03: the invalid-input matrix answers 2001 naming the parameter, never 5xx', async () => {
      const responseUrl = `response_url=${pair.emsp.baseUrl}/r/1`;
      const good = { charging_profile: PROFILE, response_url: `${pair.emsp.baseUrl}/r/1` };
      const cases: Array<{ name: string; method: string; path: string; body?: unknown; http: number; field?: RegExp }> = [
        { name: 'GET without duration', method: 'GET', path: url(sessionId, `?${responseUrl}`), http: 200, field: /duration/ },
        { name: 'GET with negative duration', method: 'GET', path: url(sessionId, `?duration=-1&${responseUrl}`), http: 200, field: /duration/ },
        { name: 'GET with text duration', method: 'GET', path: url(sessionId, `?duration=soon&${responseUrl}`), http: 200, field: /duration/ },
        { name: 'GET without response_url', method: 'GET', path: url(sessionId, '?duration=60'), http: 200, field: /response_url/ },
        { name: 'GET with a bad response_url', method: 'GET', path: url(sessionId, '?duration=60&response_url=not%20a%20url'), http: 200, field: /response_url/ },
        { name: 'session_id too long', method: 'GET', path: url('S'.repeat(37), `?duration=60&${responseUrl}`), http: 200, field: /session_id/ },
        { name: 'DELETE without response_url', method: 'DELETE', path: url(sessionId), http: 200, field: /response_url/ },
        { name: 'PUT without charging_profile', method: 'PUT', path: url(sessionId), body: { response_url: good.response_url }, http: 200, field: /charging_profile/ },
        { name: 'PUT without response_url', method: 'PUT', path: url(sessionId), body: { charging_profile: PROFILE }, http: 200, field: /response_url/ },
        { name: 'PUT with unknown rate unit', method: 'PUT', path: url(sessionId), body: { ...good, charging_profile: { ...PROFILE, charging_rate_unit: 'kW' } }, http: 200, field: /charging_rate_unit/ },
        {
          name: 'PUT with two decimals in limit',
          method: 'PUT',
          path: url(sessionId),
          body: { ...good, charging_profile: { ...PROFILE, charging_profile_period: [{ start_period: 0, limit: 1.25 }] } },
          http: 200,
          field: /charging_profile_period\[0\]\.limit/,
        },
        {
          name: 'PUT with negative start_period',
          method: 'PUT',
          path: url(sessionId),
          body: { ...good, charging_profile: { ...PROFILE, charging_profile_period: [{ start_period: -5, limit: 10 }] } },
          http: 200,
          field: /start_period/,
        },
        { name: 'PUT with a string body', method: 'PUT', path: url(sessionId), body: 'profile', http: 200 },
      ];
      for (const c of cases) {
        const res = await ocpiFetch(c.path, pair.tokenToCpo, { method: c.method, ...(c.body !== undefined ? { body: c.body } : {}) });
        assert.equal(res.status, c.http, `${c.name}: HTTP ${res.status} ${res.text}`);
        assert.equal(res.json.status_code, 2001, c.name);
        if (c.field) assert.match(res.json.status_message, c.field, c.name);
      }
      for (const method of ['POST', 'PATCH']) {
        const res = await ocpiFetch(url(sessionId), pair.tokenToCpo, { method, body: good });
        assert.equal(res.status, 405, `CP-03: ${method} is n/a`);
      }
    });
  });
}
