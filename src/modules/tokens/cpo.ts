/**
 * The CPO side of Tokens: the Receiver interface eMSPs push their tokens to (TOK-01..TOK-05), kept as
 * the CPO's whitelist, and the CPO's real-time authorization requests to the owning eMSP (TOK-09,
 * TOK-15, PIT-07).
 */
import type { FastifyInstance } from 'fastify';
import { OcpiClient } from '../../client/ocpi-client.js';
import { OcpiStatusError } from '../../client/errors.js';
import { joinUrl } from '../../client/url.js';
import { OcpiStatus } from '../../core/status.js';
import { partnerEndpoint } from '../credentials/partner.js';
import type { NodeContext } from '../module.js';
import type { ObjectStore } from '../shared/object-store.js';
import { ClientOwnedObjects } from '../shared/receiver.js';
import { ownPartiesOf } from '../shared/routing.js';
import { interfacePath } from '../versions/interfaces.js';
import { AuthorizationInfo, Token, TokenPatch, TokenTypeValues } from './schema.js';
import type { AllowedType, LocationReferences, TokenType } from './schema.js';
import { DEFAULT_TOKEN_TYPE, tokensByUid } from './store.js';
import { localDecision, whitelistRoute } from './whitelist.js';

/** A whitelist entry: the token as its eMSP pushed it, and that eMSP's connection. */
export interface WhitelistEntry {
  token: Token;
  partnerId: string | null;
}

/** How a charge point's token was decided: locally from the whitelist or by the eMSP in real time. */
export type CpoAuthorization =
  | { kind: 'decided'; allowed: AllowedType; source: 'whitelist' | 'realtime'; token: Token; info?: AuthorizationInfo }
  /** No eMSP pushed this (uid, type). */
  | { kind: 'unknown_token' }
  /** The eMSP needs LocationReferences to decide (TOK-12). */
  | { kind: 'location_required'; token: Token }
  /** The whitelist demands a real-time answer and the eMSP gave none. */
  | { kind: 'unavailable'; token: Token; error: unknown };

/** The eMSP's answer to a real-time authorization request. */
export type RealtimeAnswer =
  | { kind: 'answered'; info: AuthorizationInfo }
  | { kind: 'unknown_token' }
  | { kind: 'not_enough_information' };

export class CpoTokens {
  /** Tokens eMSP partners pushed (PUT/PATCH), with their change events. */
  readonly received: ClientOwnedObjects<Token>;

  constructor(
    private readonly ctx: NodeContext,
    store: ObjectStore<Token>,
  ) {
    this.received = new ClientOwnedObjects<Token>(ctx, {
      store,
      name: 'Token',
      schema: Token,
      patchSchema: TokenPatch,
      idField: 'uid',
      ownerRole: 'EMSP',
      variant: { param: 'type', default: DEFAULT_TOKEN_TYPE, values: TokenTypeValues },
      unknownStatus: OcpiStatus.UNKNOWN_TOKEN,
    });
  }

  /** `{tokens_url}/{country_code}/{party_id}/{token_uid}[?type=]`: GET, PUT, PATCH; DELETE n/a (TOK-01). */
  register(app: FastifyInstance): void {
    this.received.register(app, interfacePath('tokens', 'CPO'), 'CPO', ['GET', 'PUT', 'PATCH']);
  }

  /**
   * The pushed tokens a charge point's (uid, type) matches, oldest first: one index seek. Several
   * eMSPs may have issued the same uid; the caller decides by WhitelistType (TOK-15).
   */
  async whitelist(uid: string, type: TokenType = DEFAULT_TOKEN_TYPE): Promise<WhitelistEntry[]> {
    const rows = await tokensByUid(this.ctx, false, uid, type);
    return rows.map((row) => ({ token: JSON.parse(row.json) as Token, partnerId: row.partnerId }));
  }

  /**
   * Authorizes a token a charge point read: each eMSP that pushed this (uid, type) is consulted as
   * its WhitelistType demands (TOK-15), until one allows it; otherwise the first decision stands.
   */
  async authorize(uid: string, type: TokenType = DEFAULT_TOKEN_TYPE, location?: LocationReferences): Promise<CpoAuthorization> {
    let first: CpoAuthorization | undefined;
    for (const entry of await this.whitelist(uid, type)) {
      const outcome = await this.authorizeEntry(entry, location);
      if (outcome.kind === 'decided' && outcome.allowed === 'ALLOWED') return outcome;
      first ??= outcome;
    }
    return first ?? { kind: 'unknown_token' };
  }

  private async authorizeEntry(entry: WhitelistEntry, location: LocationReferences | undefined): Promise<CpoAuthorization> {
    const { token } = entry;
    const route = whitelistRoute(token.whitelist);
    if (route === 'LOCAL') return { kind: 'decided', allowed: localDecision(token), source: 'whitelist', token };
    let answer: RealtimeAnswer;
    try {
      answer = await this.requestAuthorization(entry, location);
    } catch (error) {
      if (route === 'REALTIME_ELSE_LOCAL') return { kind: 'decided', allowed: localDecision(token), source: 'whitelist', token };
      return { kind: 'unavailable', token, error };
    }
    if (answer.kind === 'answered') return { kind: 'decided', allowed: answer.info.allowed, source: 'realtime', token: answer.info.token, info: answer.info };
    if (answer.kind === 'not_enough_information') return { kind: 'location_required', token };
    // The eMSP pushed the token yet does not know it: it is not to be used.
    return { kind: 'decided', allowed: 'NOT_ALLOWED', source: 'realtime', token };
  }

  /**
   * Asks the eMSP that pushed `entry` whether the token may charge (at `location`): POST
   * {tokens_url}/{uid}/authorize?type= (TOK-09). BLOCKED, EXPIRED … arrive as answers (PIT-07);
   * an unknown token (404/2004) and 2002 become their own outcomes; other failures throw.
   */
  async requestAuthorization(entry: WhitelistEntry, location?: LocationReferences, correlationId?: string): Promise<RealtimeAnswer> {
    const partner = entry.partnerId === null ? undefined : await this.ctx.partners.get(entry.partnerId);
    const endpoint = partner && partnerEndpoint(partner, 'tokens', 'SENDER');
    if (partner === undefined || endpoint === undefined || partner.tokenToPartner === undefined) {
      throw new Error(`no tokens Sender endpoint of the eMSP ${entry.token.country_code}/${entry.token.party_id}`);
    }
    const client = new OcpiClient({
      token: partner.tokenToPartner,
      legacyPlainToken: partner.legacyPlainToken,
      routing: { from: this.ownCpoParty(), to: { countryCode: entry.token.country_code, partyId: entry.token.party_id } },
      timeoutMs: this.ctx.config.limits.requestTimeoutMs,
      logger: this.ctx.logger,
    });
    const url = joinUrl(endpoint, entry.token.uid, 'authorize');
    try {
      const result = await client.post('tokens', url, location, {
        query: { type: entry.token.type },
        schema: AuthorizationInfo,
        ...(correlationId ? { correlationId } : {}),
      });
      return { kind: 'answered', info: result.envelope.data! };
    } catch (error) {
      if (error instanceof OcpiStatusError && error.statusCode === OcpiStatus.UNKNOWN_TOKEN) return { kind: 'unknown_token' };
      if (error instanceof OcpiStatusError && error.statusCode === OcpiStatus.NOT_ENOUGH_INFORMATION) return { kind: 'not_enough_information' };
      throw error;
    }
  }

  private ownCpoParty() {
    const [party] = ownPartiesOf(this.ctx, 'CPO');
    if (party === undefined) throw new Error('this node has no CPO party');
    return party;
  }
}
