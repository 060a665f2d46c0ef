/**
 * The Sender side of charging profiles (typically the eMSP, CP-05, CP-06): a library API that asks
 * a CPO for a session's ActiveChargingProfile, sets or clears a profile — each request with its own
 * response_url — and the stored outcome; plus the ActiveChargingProfiles the CPO pushes.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { OcpiMissingEndpointError, joinUrl } from '../../client/index.js';
import { OcpiError } from '../../core/status.js';
import { compileValidator, firstErrorMessage } from '../../core/validation.js';
import type { Database } from '../../storage/tables.js';
import type { AsyncSender } from '../commands/async-sender.js';
import type { AsyncRequest } from '../commands/async-store.js';
import type { RequestParties } from '../commands/parties.js';
import { ownPartyInRole, partnerPartyInRole } from '../commands/parties.js';
import { partnerClient } from '../commands/partner-client.js';
import { partnerEndpoint } from '../credentials/partner.js';
import type { PartyKey } from '../credentials/partner.js';
import type { NodeContext } from '../module.js';
import { interfacePath } from '../versions/interfaces.js';
import type { ProfileRequestKind } from './cpo-profiles.js';
import { ChargingProfile, ChargingProfileResponse } from './schema.js';
import type { ActiveChargingProfile, ActiveChargingProfileResult, ChargingProfileResult } from './schema.js';

/** The response_url segment of each request kind (names after the spec's examples). */
export const RESULT_SEGMENT: Record<ProfileRequestKind, string> = {
  GET: 'activechargingprofile',
  PUT: 'chargingprofile',
  DELETE: 'clearprofile',
};

export interface ProfileRequestOptions {
  from?: PartyKey;
  to?: PartyKey;
  correlationId?: string;
}

/** A charging profile request this node sent, as far as it knows. */
export interface SentProfileRequest {
  id: string;
  kind: ProfileRequestKind;
  partnerId: string;
  sessionId: string;
  state: AsyncRequest['state'];
  responseUrl: string;
  response?: ChargingProfileResponse;
  /** ActiveChargingProfileResult (GET), ChargingProfileResult (PUT) or ClearProfileResult (DELETE). */
  result?: ActiveChargingProfileResult | ChargingProfileResult;
  error?: string;
}

export class EmspChargingProfiles {
  constructor(
    private readonly ctx: NodeContext,
    private readonly sender: AsyncSender,
    private readonly db: Kysely<Database>,
  ) {}

  /** CP-01: asks for the session's ActiveChargingProfile over the next `durationSeconds`. */
  async getActive(partnerId: string, sessionId: string, durationSeconds: number, options: ProfileRequestOptions = {}): Promise<SentProfileRequest> {
    if (!Number.isInteger(durationSeconds) || durationSeconds < 0) throw new TypeError('duration: must be a non-negative integer');
    return this.send('GET', partnerId, sessionId, options, (client, url, responseUrl, correlation) =>
      client.get('chargingprofiles', url, { query: { duration: durationSeconds, response_url: responseUrl }, schema: ChargingProfileResponse, ...correlation }),
    );
  }

  /** CP-02: sets (replaces) the profile of the session. */
  async set(partnerId: string, sessionId: string, profile: ChargingProfile, options: ProfileRequestOptions = {}): Promise<SentProfileRequest> {
    const validation = compileValidator(ChargingProfile)(profile);
    if (!validation.ok) throw new TypeError(`Invalid ChargingProfile: ${firstErrorMessage(validation.errors)}`);
    return this.send('PUT', partnerId, sessionId, options, (client, url, responseUrl, correlation) =>
      client.put('chargingprofiles', url, { charging_profile: profile, response_url: responseUrl }, { schema: ChargingProfileResponse, ...correlation }),
    );
  }

  /** CP-03: clears the profile this node set on the session. */
  async clear(partnerId: string, sessionId: string, options: ProfileRequestOptions = {}): Promise<SentProfileRequest> {
    return this.send('DELETE', partnerId, sessionId, options, (client, url, responseUrl, correlation) =>
      client.delete('chargingprofiles', url, { query: { response_url: responseUrl }, schema: ChargingProfileResponse, ...correlation }),
    );
  }

  async get(id: string): Promise<SentProfileRequest | undefined> {
    const row = await this.sender.get(id);
    return row && sentRequest(row);
  }

  async whenSettled(id: string): Promise<SentProfileRequest> {
    return sentRequest(await this.sender.whenSettled(id));
  }

  onSettled(listener: (request: SentProfileRequest) => void): () => void {
    return this.sender.onSettled((row) => listener(sentRequest(row)));
  }

  /** The latest ActiveChargingProfile the partner pushed for the session (CP-06), if any. */
  async activeProfile(partnerId: string, sessionId: string): Promise<ActiveChargingProfile | undefined> {
    const row = await this.db
      .selectFrom('received_active_profiles')
      .select('profile')
      .where('partner_id', '=', partnerId)
      .where('session_id', '=', sessionId.toUpperCase())
      .executeTakeFirst();
    return row && (JSON.parse(row.profile) as ActiveChargingProfile);
  }

  /**
   * CP-06: stores a pushed ActiveChargingProfile — only for a session this node set a profile on
   * at that partner (the CPO must not send others), otherwise 404 + 2001. Returns whether it is new.
   */
  async receiveActiveProfile(parties: RequestParties, sessionId: string, profile: ActiveChargingProfile): Promise<boolean> {
    if (!(await this.sender.hasRequest(parties.partner.id, 'PUT', sessionId.toUpperCase()))) {
      throw OcpiError.notFound(`session_id: no charging profile was set on session ${sessionId} at this partner`);
    }
    const values = { partner_id: parties.partner.id, session_id: sessionId.toUpperCase(), profile: JSON.stringify(profile), received_at: new Date().toISOString() };
    const existing = await this.activeProfile(parties.partner.id, sessionId);
    await this.db
      .insertInto('received_active_profiles')
      .values(values)
      .onConflict((oc) => oc.columns(['partner_id', 'session_id']).doUpdateSet({ profile: values.profile, received_at: values.received_at }))
      .execute();
    return existing === undefined;
  }

  private async send(
    kind: ProfileRequestKind,
    partnerId: string,
    sessionId: string,
    options: ProfileRequestOptions,
    call: (
      client: ReturnType<typeof partnerClient>,
      url: string,
      responseUrl: string,
      correlation: { correlationId?: string },
    ) => Promise<{ envelope: { data?: ChargingProfileResponse } }>,
  ): Promise<SentProfileRequest> {
    const partner = await this.ctx.partners.get(partnerId);
    if (!partner) throw new Error(`no partner ${partnerId}`);
    const endpoint = partnerEndpoint(partner, 'chargingprofiles', 'RECEIVER');
    if (endpoint === undefined) throw new OcpiMissingEndpointError('chargingprofiles', 'RECEIVER');
    const own = ownPartyInRole(this.ctx, 'EMSP', options.from);
    const to = options.to ?? partnerPartyInRole(partner, 'CPO');
    if (!to) throw new Error(`partner ${partnerId} registered no party`);
    const id = randomUUID();
    const responseUrl = `${this.ctx.publicUrl}${interfacePath('chargingprofiles', 'EMSP')}/${RESULT_SEGMENT[kind]}/${id}`;
    const client = partnerClient(this.ctx, partner, { from: own, to });
    const correlation = options.correlationId ? { correlationId: options.correlationId } : {};
    const row = await this.sender.send(
      {
        id,
        module: 'chargingprofiles',
        kind,
        partner_id: partner.id,
        own_country_code: own.countryCode,
        own_party_id: own.partyId,
        partner_country_code: to.countryCode.toUpperCase(),
        partner_party_id: to.partyId.toUpperCase(),
        subject: sessionId.toUpperCase(),
        request: JSON.stringify({ session_id: sessionId }),
        response_url: responseUrl,
      },
      // The schema check passed, so data is a ChargingProfileResponse.
      async () => (await call(client, joinUrl(endpoint, sessionId), responseUrl, correlation)).envelope.data!,
    );
    return sentRequest(row);
  }
}

function sentRequest(row: AsyncRequest): SentProfileRequest {
  const sent: SentProfileRequest = {
    id: row.id,
    kind: row.kind as ProfileRequestKind,
    partnerId: row.partner_id,
    sessionId: (JSON.parse(row.request) as { session_id: string }).session_id,
    state: row.state,
    responseUrl: row.response_url,
  };
  if (row.response !== null) sent.response = JSON.parse(row.response) as ChargingProfileResponse;
  if (row.result !== null) sent.result = JSON.parse(row.result) as ActiveChargingProfileResult;
  if (row.error !== null) sent.error = row.error;
  return sent;
}
