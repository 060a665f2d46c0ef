/**
 * The CPO's charging profiles Receiver (CP-01..CP-04): answers GET/PUT/DELETE on a session with a
 * ChargingProfileResponse and, when ACCEPTED, has the charger act and POSTs its result to the
 * response_url. It also tells senders of changes the charger makes on its own (CP-06).
 */
import { randomUUID } from 'node:crypto';
import { chargePointsOf } from '../../chargepoint/attach.js';
import type { ChargingSessionInfo } from '../../chargepoint/port.js';
import { joinUrl } from '../../client/index.js';
import { validateOrThrow } from '../../core/validation.js';
import { partnerEndpoint } from '../credentials/partner.js';
import type { AsyncReceiver } from '../commands/async-receiver.js';
import type { CpoDirectory } from '../commands/directory.js';
import { requesterIs } from '../commands/parties.js';
import type { RequestParties } from '../commands/parties.js';
import { partnerClient } from '../commands/partner-client.js';
import type { Timers } from '../commands/timers.js';
import type { NodeContext } from '../module.js';
import { assertResponseUrl } from '../shared/response-url.js';
import { assertOneDecimal } from './params.js';
import { SetChargingProfile } from './schema.js';
import type { ActiveChargingProfile, ChargingProfile, ChargingProfileResponse } from './schema.js';
import type { ProfileSubscriptions } from './subscriptions.js';

export type ProfileRequestKind = 'GET' | 'PUT' | 'DELETE';

export interface CpoProfileSettings {
  /** How long the charger gets; ChargingProfileResponse.timeout announces it in whole seconds. */
  timeoutMs: number;
  /** Requests of one partner on one session closer together than this are TOO_OFTEN (CP-04); 0: no limit. */
  minIntervalMs: number;
}

export class CpoChargingProfiles {
  /** When each (partner, session) last had a request accepted, for TOO_OFTEN. */
  private readonly lastAccepted = new Map<string, number>();

  constructor(
    private readonly ctx: NodeContext,
    private readonly receiver: AsyncReceiver,
    private readonly directory: () => CpoDirectory,
    private readonly subscriptions: ProfileSubscriptions,
    private readonly timers: Timers,
    readonly settings: CpoProfileSettings,
  ) {}

  /** CP-01: the ActiveChargingProfile for the next `duration` seconds, POSTed as ActiveChargingProfileResult. */
  async getActive(sessionId: string, duration: number, responseUrl: string, parties: RequestParties): Promise<ChargingProfileResponse> {
    return this.request('GET', sessionId, responseUrl, { duration, response_url: responseUrl }, parties, async (session) => {
      const outcome = await chargePointsOf(this.ctx).getActiveChargingProfile(session.sessionId, duration);
      return outcome.profile && outcome.result === 'ACCEPTED' ? { result: outcome.result, profile: outcome.profile } : { result: outcome.result };
    });
  }

  /** CP-02: sets (replaces) the session's profile; the ChargingProfileResult follows. */
  async set(sessionId: string, body: unknown, parties: RequestParties): Promise<ChargingProfileResponse> {
    const request = validateOrThrow(SetChargingProfile, body, 'SetChargingProfile');
    checkDecimals(request.charging_profile);
    return this.request('PUT', sessionId, request.response_url, request, parties, async (session) => ({
      result: (await chargePointsOf(this.ctx).setChargingProfile(session.sessionId, request.charging_profile)).result,
    }));
  }

  /** CP-03: clears the profile set on the session; the ClearProfileResult follows. */
  async clear(sessionId: string, responseUrl: string, parties: RequestParties): Promise<ChargingProfileResponse> {
    return this.request('DELETE', sessionId, responseUrl, { response_url: responseUrl }, parties, async (session) => ({
      result: (await chargePointsOf(this.ctx).clearChargingProfile(session.sessionId)).result,
    }));
  }

  /** After a charger's result: a sender whose profile was set is kept informed from now on (CP-06). */
  async afterResult(kind: string, request: { partner_id: string; subject: string | null; own_country_code: string; own_party_id: string; partner_country_code: string; partner_party_id: string }, result: object): Promise<void> {
    if (kind !== 'PUT' || (result as { result?: string }).result !== 'ACCEPTED' || request.subject === null) return;
    await this.subscriptions.add({
      partner_id: request.partner_id,
      session_id: request.subject,
      own_country_code: request.own_country_code,
      own_party_id: request.own_party_id,
      partner_country_code: request.partner_country_code,
      partner_party_id: request.partner_party_id,
    });
  }

  /** CP-06: PUTs the changed ActiveChargingProfile to every sender that set a profile on the session. */
  async profileChanged(sessionId: string, profile: ActiveChargingProfile): Promise<void> {
    for (const subscription of await this.subscriptions.forSession(sessionId)) {
      const partner = await this.ctx.partners.get(subscription.partner_id);
      const url = partner && partnerEndpoint(partner, 'chargingprofiles', 'SENDER');
      if (!partner || url === undefined) continue;
      const client = partnerClient(this.ctx, partner, {
        from: { countryCode: subscription.own_country_code, partyId: subscription.own_party_id },
        to: { countryCode: subscription.partner_country_code, partyId: subscription.partner_party_id },
      });
      const put = client.put('chargingprofiles', joinUrl(url, sessionId), profile).catch((error: unknown) => {
        this.ctx.logger.warn({ err: error, partner: partner.id, sessionId }, 'ActiveChargingProfile update not delivered');
      });
      await this.timers.track(put);
    }
  }

  /** CP-04: the CPO may limit how often its chargers are bothered; counts accepted requests only. */
  private tooOften(partnerId: string, sessionId: string): boolean {
    const interval = this.settings.minIntervalMs;
    if (interval <= 0) return false;
    const now = Date.now();
    const key = `${partnerId}\u0000${sessionId.toUpperCase()}`;
    const last = this.lastAccepted.get(key);
    if (last !== undefined && now - last < interval) return true;
    if (this.lastAccepted.size >= 10_000) {
      for (const [k, at] of this.lastAccepted) if (now - at >= interval) this.lastAccepted.delete(k);
    }
    this.lastAccepted.set(key, now);
    return false;
  }

  private async request(
    kind: ProfileRequestKind,
    sessionId: string,
    responseUrl: string,
    request: object,
    parties: RequestParties,
    ask: (session: ChargingSessionInfo) => Promise<object>,
  ): Promise<ChargingProfileResponse> {
    // Input first: the response_url this node will POST the result to (2001 naming it otherwise).
    const refusal: ChargingProfileResponse = { result: 'REJECTED', timeout: 0 };
    assertResponseUrl(this.ctx, parties.partner, responseUrl, refusal);
    const session = await this.directory().findSession(parties.own, sessionId);
    // CP-04 (PROJECT): an unknown session is a normal answer, not an error.
    if (!session) return { result: 'UNKNOWN_SESSION', timeout: 0 };
    // CP-04: only the owner of the session's token may shape it.
    if (!requesterIs(parties, session.token.countryCode, session.token.partyId)) return { result: 'REJECTED', timeout: 0 };
    if (!(await chargePointsOf(this.ctx).supportsChargingProfiles(session.sessionId))) return { result: 'NOT_SUPPORTED', timeout: 0 };
    if (this.tooOften(parties.partner.id, session.sessionId)) return { result: 'TOO_OFTEN', timeout: 0 };
    await this.receiver.accept(
      {
        id: randomUUID(),
        module: 'chargingprofiles',
        kind,
        partner_id: parties.partner.id,
        own_country_code: parties.own.countryCode,
        own_party_id: parties.own.partyId,
        partner_country_code: parties.from.countryCode,
        partner_party_id: parties.from.partyId,
        subject: session.sessionId,
        request: JSON.stringify(request),
        response_url: responseUrl,
        deadline_at: new Date(Date.now() + this.settings.timeoutMs).toISOString(),
      },
      () => ask(session),
    );
    return { result: 'ACCEPTED', timeout: Math.ceil(this.settings.timeoutMs / 1000) };
  }
}

function checkDecimals(profile: ChargingProfile): void {
  assertOneDecimal(profile.min_charging_rate, 'charging_profile.min_charging_rate');
  (profile.charging_profile_period ?? []).forEach((period, i) => assertOneDecimal(period.limit, `charging_profile.charging_profile_period[${i}].limit`));
}
