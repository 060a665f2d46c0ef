/**
 * A partner's response_url must lie on an origin it registered (PROJECT, against SSRF): the CPO
 * POSTs commands' and charging profiles' results there on its own (CMD-04, CP-01..CP-03). Over
 * HTTP between a CPO and an eMSP node: the eMSP's own origin works end to end; a foreign host or
 * a non-http scheme is 2001 naming response_url, with nothing sent to the charger and a warning
 * naming the partner; an origin the operator allows (responseUrls.extraOrigins) works end to end.
 * The result collector on that extra origin is a plain HTTP server standing in for a partner's
 * separate result service (outside this node).
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { chargingProfilesOf } from '../../src/modules/chargingprofiles/index.js';
import type { ChargingProfile } from '../../src/modules/chargingprofiles/schema.js';
import { commandsOf } from '../../src/modules/commands/index.js';
import { backends } from '../helpers/backends.js';
import { ocpiFetch } from '../helpers/nodes.js';
import { emspToken, startPair } from './pair.js';
import type { Pair } from './pair.js';

const PROFILE: ChargingProfile = { charging_rate_unit: 'W', charging_profile_period: [{ start_period: 0, limit: 3700 }] };
const TOKEN = { countryCode: 'DE', partyId: 'MSP', uid: 'RU-TOKEN', type: 'APP_USER', contractId: 'DE-MSP-RU' };

interface Posted {
  url: string;
  authorization: string | undefined;
  body: unknown;
}

/** Records the POSTs it gets and answers each with a success envelope. */
class ResultCollector {
  private readonly server: Server;
  private readonly waiting = new Map<string, (posted: Posted) => void>();
  private readonly arrived = new Map<string, Posted>();

  constructor() {
    this.server = createServer((request, response) => {
      void readBody(request).then((text) => {
        if (request.url?.startsWith('/redirect/')) {
          response.statusCode = 307;
          response.setHeader('Location', request.url.replace('/redirect/', '/redirected/'));
          response.end();
          return;
        }
        const posted = { url: request.url ?? '', authorization: request.headers.authorization, body: JSON.parse(text) as unknown };
        this.arrived.set(posted.url, posted);
        this.waiting.get(posted.url)?.(posted);
        response.setHeader('Content-Type', 'application/json');
        response.end(JSON.stringify({ status_code: 1000, timestamp: new Date().toISOString() }));
      });
    });
  }

  async listen(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return `http://127.0.0.1:${address.port}`;
  }

  received(path: string): boolean {
    return this.arrived.has(path);
  }

  /** The POST to `path`, once it arrived. */
  posted(path: string): Promise<Posted> {
    const already = this.arrived.get(path);
    if (already) return Promise.resolve(already);
    return new Promise((resolve) => this.waiting.set(path, resolve));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text;
}

for (const backend of backends) {
  describe(`response_url origins (${backend.name})`, { skip: backend.skip }, () => {
    let pair: Pair;
    let collector: ResultCollector;
    let extraOrigin: string;
    let sessionId: string;
    const warnings: Array<Record<string, unknown>> = [];
    const commandUrl = (command: string) => `${pair.cpo.baseUrl}/ocpi/cpo/2.2.1/commands/${command}`;
    const profileUrl = (query = '') => `${pair.cpo.baseUrl}/ocpi/cpo/2.2.1/chargingprofiles/${sessionId}${query}`;
    const asyncRows = (responseUrl: string) =>
      pair.cpo.node.context.db.selectFrom('async_requests').select('id').where('response_url', '=', responseUrl).execute();
    /** The state the CPO's request for `responseUrl` ends in, once its result went out (or failed to). */
    const deliveryOutcome = async (responseUrl: string) => {
      for (let i = 0; i < 250; i++) {
        const row = await pair.cpo.node.context.db.selectFrom('async_requests').select('state').where('response_url', '=', responseUrl).executeTakeFirst();
        if (row && row.state !== 'WAITING' && row.state !== 'DELIVERING') return row.state;
        await sleep(20);
      }
      throw new Error(`no delivery outcome for ${responseUrl}`);
    };

    before(async () => {
      collector = new ResultCollector();
      extraOrigin = await collector.listen();
      const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line) as Record<string, unknown>) });
      pair = await startPair(backend, { cpo: { config: { responseUrls: { extraOrigins: [extraOrigin] } }, node: { logger } } });
      sessionId = (await pair.chargers.startSession({ locationId: 'LOC1', evseUid: 'EVSE2', connectorId: '2', token: TOKEN })).sessionId!;
    });
    after(async () => {
      await pair?.cpo.close();
      await pair?.emsp.close();
      await collector?.close();
    });

    test('CMD-04/CP-02: a response_url on the eMSP\'s registered origin works end to end', async () => {
      const commands = commandsOf(pair.emsp.node.context).emsp;
      const sent = await commands.send(pair.cpoPartnerId, 'START_SESSION', { token: emspToken('RU-OWN'), location_id: 'LOC1', evse_uid: 'EVSE1', connector_id: '1' });
      assert.ok(sent.responseUrl.startsWith(pair.emsp.baseUrl));
      assert.equal(sent.response?.result, 'ACCEPTED');
      assert.deepEqual((await commands.whenSettled(sent.id)).result, { result: 'ACCEPTED' });
      assert.ok(pair.chargers.runningSessions().some((s) => s.token.uid === 'RU-OWN'));

      const profiles = chargingProfilesOf(pair.emsp.node.context).emsp;
      const set = await profiles.set(pair.cpoPartnerId, sessionId, PROFILE);
      assert.equal(set.response?.result, 'ACCEPTED');
      assert.deepEqual((await profiles.whenSettled(set.id)).result, { result: 'ACCEPTED' });
    });

    test('CMD-04 (PROJECT): a response_url on a host the eMSP never registered is 2001; the charger is not asked', async () => {
      const foreign = [
        // The CPO's own loopback address: the classic SSRF.
        `${pair.cpo.baseUrl}/admin/v1/partners`,
        'https://metadata.example.internal/latest',
        // Same host as the eMSP, another port: another origin.
        `${pair.emsp.baseUrl.replace(/:\d+$/, ':1')}/r/1`,
        // User information that makes the host another one.
        `http://${new URL(pair.emsp.baseUrl).host}@evil.example/r/1`,
      ];
      for (const responseUrl of foreign) {
        const uid = `RU-${foreign.indexOf(responseUrl)}`;
        const answer = await ocpiFetch(commandUrl('START_SESSION'), pair.tokenToCpo, {
          method: 'POST',
          body: { response_url: responseUrl, token: emspToken(uid), location_id: 'LOC1', evse_uid: 'EVSE2', connector_id: '1' },
        });
        assert.equal(answer.status, 200, responseUrl);
        assert.equal(answer.json.status_code, 2001, responseUrl);
        assert.match(answer.json.status_message, /^response_url: /, responseUrl);
        assert.deepEqual(answer.json.data, { result: 'REJECTED', timeout: 0 }, 'CMD-03 shape: a REJECTED CommandResponse');
        assert.ok(!pair.chargers.runningSessions().some((s) => s.token.uid === uid), 'no session started');
        assert.deepEqual(await asyncRows(responseUrl), [], 'nothing stored to deliver later');
      }
      const warned = warnings.filter((w) => w.msg === 'response_url refused');
      assert.equal(warned.length, foreign.length);
      assert.ok(warned.every((w) => w.partner === pair.emspPartnerId && typeof w.responseUrl === 'string'), 'each warning names the partner');
    });

    test('CP-01..CP-03 (PROJECT): GET, PUT and DELETE with a foreign response_url are 2001; the charger keeps its profile', async () => {
      const responseUrl = 'http://169.254.169.254/latest/meta-data';
      const query = `?duration=60&response_url=${encodeURIComponent(responseUrl)}`;
      const answers = [
        await ocpiFetch(profileUrl(query), pair.tokenToCpo),
        await ocpiFetch(profileUrl(), pair.tokenToCpo, { method: 'PUT', body: { charging_profile: { ...PROFILE, charging_profile_period: [{ start_period: 0, limit: 1000 }] }, response_url: responseUrl } }),
        await ocpiFetch(profileUrl(query), pair.tokenToCpo, { method: 'DELETE' }),
      ];
      for (const answer of answers) {
        assert.equal(answer.status, 200);
        assert.equal(answer.json.status_code, 2001);
        assert.match(answer.json.status_message, /^response_url: .*169\.254\.169\.254/);
        assert.deepEqual(answer.json.data, { result: 'REJECTED', timeout: 0 });
      }
      const active = await pair.chargers.getActiveChargingProfile(sessionId, 60);
      assert.deepEqual(active.profile?.charging_profile.charging_profile_period, PROFILE.charging_profile_period, 'neither replaced nor cleared');
      assert.deepEqual(await asyncRows(responseUrl), []);
    });

    test('CMD-04 (PROJECT): a non-http scheme is 2001 even on the eMSP\'s host and port', async () => {
      const emspHost = new URL(pair.emsp.baseUrl).host;
      for (const responseUrl of [`ftp://${emspHost}/r/1`, 'file:///etc/passwd', `ws://${emspHost}/r/1`]) {
        const answer = await ocpiFetch(commandUrl('STOP_SESSION'), pair.tokenToCpo, { method: 'POST', body: { response_url: responseUrl, session_id: sessionId } });
        assert.equal(answer.json.status_code, 2001, responseUrl);
        assert.match(answer.json.status_message, /^response_url: must be an http or https URL/, responseUrl);
      }
      assert.ok(pair.chargers.runningSessions().some((s) => s.sessionId === sessionId), 'the session was not stopped');
    });

    test('CMD-04/CP-02: an origin in responseUrls.extraOrigins gets the results, with the eMSP\'s token', async () => {
      const commandPath = '/results/command-1';
      const command = await ocpiFetch(commandUrl('UNLOCK_CONNECTOR'), pair.tokenToCpo, {
        method: 'POST',
        body: { response_url: `${extraOrigin}${commandPath}`, location_id: 'LOC1', evse_uid: 'EVSE1', connector_id: '1' },
      });
      assert.equal(command.json.status_code, 1000);
      assert.equal(command.json.data.result, 'ACCEPTED');
      const result = await collector.posted(commandPath);
      assert.deepEqual(result.body, { result: 'ACCEPTED' });
      assert.equal(result.authorization, `Token ${Buffer.from(pair.tokenToEmsp).toString('base64')}`);

      const profilePath = '/results/profile-1';
      const profile = await ocpiFetch(profileUrl(), pair.tokenToCpo, { method: 'PUT', body: { charging_profile: PROFILE, response_url: `${extraOrigin}${profilePath}` } });
      assert.equal(profile.json.data.result, 'ACCEPTED');
      assert.deepEqual((await collector.posted(profilePath)).body, { result: 'ACCEPTED' });
    });

    test('CMD-04 (PROJECT): a redirect from the allowed origin is not followed: the result stays undelivered', async () => {
      const responseUrl = `${extraOrigin}/redirect/command-2`;
      const command = await ocpiFetch(commandUrl('UNLOCK_CONNECTOR'), pair.tokenToCpo, {
        method: 'POST',
        body: { response_url: responseUrl, location_id: 'LOC1', evse_uid: 'EVSE1', connector_id: '1' },
      });
      assert.equal(command.json.data.result, 'ACCEPTED');
      assert.equal(await deliveryOutcome(responseUrl), 'UNDELIVERED');
      assert.equal(collector.received('/redirected/command-2'), false, 'the redirect target got nothing');
    });
  });
}
