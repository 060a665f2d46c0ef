/**
 * The credentials lifecycle, both directions (CRED-04..CRED-15, PIT-03, PIT-11).
 *
 * Tokens, by direction: the partner calls evroam with a token evroam issued (stored hashed:
 * A before registration, then C — or the B evroam generated when evroam started the handshake);
 * evroam calls the partner with the token the partner issued (`tokenToPartner`).
 */
import type { Logger } from 'pino';
import { OcpiError, OcpiStatus } from '../../core/status.js';
import type { Endpoint } from '../versions/schema.js';
import type { Authenticator } from '../../http/authenticator.js';
import type { Partner } from './partner.js';
import { partnerEndpoint } from './partner.js';
import type { AuditContext, AuthenticatedPartner, PartnerStore } from './partner-store.js';
import type { Credentials, CredentialsRole } from './schema.js';
import { PartnerApiError } from './registration-port.js';
import type { RegistrationPort } from './registration-port.js';
import { hashToken, newCredentialsToken } from './tokens.js';

export interface CredentialsServiceOptions {
  partners: PartnerStore;
  authenticator: Authenticator;
  port: RegistrationPort;
  /** This node's versions URL and roles, as put into every Credentials object it sends. */
  versionsUrl: string;
  roles: CredentialsRole[];
  logger: Logger;
}

export class CredentialsService {
  constructor(private readonly o: CredentialsServiceOptions) {}

  /** The Credentials object evroam hands out, carrying the token the partner is to use. */
  ownCredentials(token: string): Credentials {
    return { token, url: this.o.versionsUrl, roles: this.o.roles };
  }

  // ---- server side: the partner calls evroam's credentials endpoint ------------------------

  /** GET (CRED-12): the credentials the caller uses to reach evroam, i.e. the token it presented. */
  get(_caller: AuthenticatedPartner, presentedToken: string): Credentials {
    return this.ownCredentials(presentedToken);
  }

  /** POST with token A (CRED-06, CRED-07, CRED-09..CRED-11). */
  async register(caller: AuthenticatedPartner, body: Credentials, ctx: AuditContext): Promise<Credentials> {
    assertMayRegister(caller);
    const connection = await this.fetchPartner(caller.partner, body, ctx);
    const done = await this.o.partners.completeRegistration(caller.partner.id, caller.tokenHash, connection, ctx);
    this.o.authenticator.invalidate();
    // A concurrent POST with the same token A won: this one's token is dead.
    if (!done) throw OcpiError.unauthorized('Registration token A has already been used');
    this.o.logger.info({ partner: caller.partner.id, correlationId: ctx.correlationId }, 'partner registered');
    return this.ownCredentials(done.tokenC);
  }

  /** PUT (CRED-13, CRED-14, PIT-11): new partner token, endpoints fetched again, new token for it. */
  async update(caller: AuthenticatedPartner, body: Credentials, ctx: AuditContext): Promise<Credentials> {
    assertRegistered(caller);
    const connection = await this.fetchPartner(caller.partner, body, ctx);
    const { tokenC } = await this.o.partners.rotate(caller.partner.id, connection, ctx);
    this.o.authenticator.invalidate();
    this.o.logger.info({ partner: caller.partner.id, correlationId: ctx.correlationId }, 'partner credentials updated');
    return this.ownCredentials(tokenC);
  }

  /** DELETE (CRED-15): tokens revoked; automated communication with the partner stops. */
  async unregister(caller: AuthenticatedPartner, ctx: AuditContext): Promise<void> {
    assertRegistered(caller);
    await this.o.partners.unregister(caller.partner.id, ctx, 'partner');
    this.o.authenticator.invalidate();
    this.o.logger.info({ partner: caller.partner.id, correlationId: ctx.correlationId }, 'partner unregistered itself');
  }

  /** Steps 2-3 of CRED-06: the partner's versions and details with its token B. */
  private async fetchPartner(partner: Partner, body: Credentials, ctx: AuditContext) {
    try {
      const negotiated = await this.o.port.negotiate(body.url, {
        token: body.token,
        legacyPlainToken: partner.legacyPlainToken,
        ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}),
      });
      requireCredentialsEndpoint(negotiated.endpoints);
      return { versionsUrl: body.url, version: negotiated.version, endpoints: negotiated.endpoints, roles: body.roles, tokenToPartner: body.token };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.o.partners.recordFailure(partner.id, reason, ctx);
      if (error instanceof PartnerApiError) throw new OcpiError(error.statusCode, error.message);
      throw new OcpiError(OcpiStatus.CLIENT_API_UNUSABLE, `Unable to use the client's API: ${reason}`);
    }
  }

  // ---- client side: evroam calls the partner's credentials endpoint -------------------------

  /**
   * Starts a registration with a partner that handed us its versions URL and token A (CRED-05).
   * The token B evroam sends is accepted before the POST, because the partner calls evroam's
   * versions with it while the POST is open (CRED-06 step 2).
   */
  async registerWith(name: string, versionsUrl: string, tokenA: string, options: { legacyPlainToken?: boolean } & AuditContext = {}): Promise<Partner> {
    const legacy = options.legacyPlainToken ?? false;
    const ctx: AuditContext = options.correlationId ? { correlationId: options.correlationId } : {};
    const partner = await this.o.partners.createForOutgoingRegistration(name, versionsUrl, legacy, ctx);
    const call = { legacyPlainToken: legacy, ...ctx };
    try {
      const negotiated = await this.o.port.negotiate(versionsUrl, { token: tokenA, ...call });
      const credentialsUrl = requireCredentialsEndpoint(negotiated.endpoints);
      const tokenB = newCredentialsToken();
      await this.o.partners.acceptToken(partner.id, tokenB);
      this.o.authenticator.invalidate();
      const theirs = await this.o.port.sendCredentials('POST', credentialsUrl, this.ownCredentials(tokenB), { token: tokenA, ...call });
      await this.o.partners.storeOutgoingConnection(
        partner.id,
        { versionsUrl, version: negotiated.version, endpoints: negotiated.endpoints, roles: theirs.roles, tokenToPartner: theirs.token },
        tokenB,
        'registered',
        ctx,
      );
      this.o.authenticator.invalidate();
      return (await this.o.partners.get(partner.id))!;
    } catch (error) {
      await this.o.partners.revokeTokens(partner.id);
      this.o.authenticator.invalidate();
      await this.o.partners.recordFailure(partner.id, error instanceof Error ? error.message : String(error), ctx);
      throw error;
    }
  }

  /**
   * Rotates tokens with a registered partner (credentials PUT, CRED-13, CRED-17): a new token for
   * the partner, and the partner's endpoints fetched again afterwards.
   */
  async rotateWith(partnerId: string, ctx: AuditContext = {}): Promise<Partner> {
    const partner = await this.registered(partnerId);
    const url = partnerEndpoint(partner, 'credentials', 'SENDER') ?? partnerEndpoint(partner, 'credentials', 'RECEIVER');
    if (!url) throw new PartnerApiError(3003, 'The partner lists no credentials endpoint');
    const newToken = newCredentialsToken();
    await this.o.partners.acceptToken(partner.id, newToken);
    this.o.authenticator.invalidate();
    const call = { token: partner.tokenToPartner!, legacyPlainToken: partner.legacyPlainToken, ...ctx };
    try {
      const theirs = await this.o.port.sendCredentials('PUT', url, this.ownCredentials(newToken), call);
      const negotiated = await this.o.port.negotiate(theirs.url, { ...call, token: theirs.token });
      await this.o.partners.storeOutgoingConnection(
        partner.id,
        { versionsUrl: theirs.url, version: negotiated.version, endpoints: negotiated.endpoints, roles: theirs.roles, tokenToPartner: theirs.token },
        newToken,
        'rotated',
        ctx,
      );
    } catch (error) {
      // The partner may still hold the old token: keep it, drop the new one.
      await this.o.partners.revokeToken(hashToken(newToken));
      this.o.authenticator.invalidate();
      throw error;
    }
    this.o.authenticator.invalidate();
    return (await this.o.partners.get(partner.id))!;
  }

  /** Unregisters from a partner (credentials DELETE) and revokes its tokens here. */
  async unregisterWith(partnerId: string, ctx: AuditContext = {}): Promise<{ remoteError?: string }> {
    const partner = await this.registered(partnerId);
    const url = partnerEndpoint(partner, 'credentials', 'SENDER') ?? partnerEndpoint(partner, 'credentials', 'RECEIVER');
    let remoteError: string | undefined;
    try {
      if (!url) throw new Error('the partner lists no credentials endpoint');
      await this.o.port.deleteCredentials(url, { token: partner.tokenToPartner!, legacyPlainToken: partner.legacyPlainToken, ...ctx });
    } catch (error) {
      remoteError = error instanceof Error ? error.message : String(error);
    }
    await this.o.partners.unregister(partner.id, ctx, 'operator');
    this.o.authenticator.invalidate();
    return remoteError === undefined ? {} : { remoteError };
  }

  private async registered(partnerId: string): Promise<Partner> {
    const partner = await this.o.partners.get(partnerId);
    if (!partner) throw new Error(`no partner ${partnerId}`);
    if (partner.status !== 'REGISTERED' || !partner.tokenToPartner) throw new Error(`partner ${partnerId} is not registered (status ${partner.status})`);
    return partner;
  }
}

/**
 * POST is for a caller that is not registered yet, i.e. holds token A (CRED-11). The HTTP route
 * checks this before the body is validated: the method is refused whatever the body says.
 */
export function assertMayRegister(caller: AuthenticatedPartner): void {
  if (caller.tokenKind !== 'A') throw OcpiError.methodNotAllowed('Already registered: use PUT to update or DELETE to unregister');
}

/** PUT and DELETE are for a registered caller only (CRED-14, CRED-15); checked before the body, like POST. */
export function assertRegistered(caller: AuthenticatedPartner): void {
  if (caller.tokenKind === 'A' || caller.partner.status !== 'REGISTERED') throw OcpiError.methodNotAllowed('Not registered: use POST to register');
}

/** evroam needs the partner's credentials endpoint to rotate and unregister (CRED-10 → 3003). */
function requireCredentialsEndpoint(endpoints: Endpoint[]): string {
  // Its role is meaningless (PIT-24, VER-07): either is accepted.
  const url = endpoints.find((e) => e.identifier === 'credentials')?.url;
  if (!url) throw new PartnerApiError(3003, 'The partner lists no credentials endpoint in its version details');
  return url;
}
