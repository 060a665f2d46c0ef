/**
 * Persistence of partners, their tokens and the credentials audit trail. Every state change of a
 * connection happens in one transaction together with its audit record.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../storage/tables.js';
import type { Endpoint } from '../versions/schema.js';
import type { CredentialsRole } from './schema.js';
import type { Partner } from './partner.js';
import type { PartnersTable, TokenKind } from './tables.js';
import { hashToken, newCredentialsToken } from './tokens.js';

export interface AuthenticatedPartner {
  partner: Partner;
  tokenKind: TokenKind;
  tokenHash: string;
}

export interface PartnerConnection {
  versionsUrl: string;
  version: string;
  endpoints: Endpoint[];
  roles: CredentialsRole[];
  tokenToPartner: string;
}

export interface AuditContext {
  correlationId?: string;
}

export type AuditEvent =
  | 'invited'
  | 'registered'
  | 'registration_started'
  | 'registration_failed'
  | 'rotated'
  | 'unregistered'
  | 'settings_changed';

function toPartner(row: PartnersTable): Partner {
  const partner: Partner = {
    id: row.id,
    name: row.name,
    status: row.status,
    endpoints: JSON.parse(row.endpoints) as Endpoint[],
    roles: JSON.parse(row.roles) as CredentialsRole[],
    legacyPlainToken: row.legacy_plain_token === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.versions_url !== null) partner.versionsUrl = row.versions_url;
  if (row.version !== null) partner.version = row.version;
  if (row.token_to_partner !== null) partner.tokenToPartner = row.token_to_partner;
  return partner;
}

export class PartnerStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** A new partner awaiting registration, with the token A to hand over out of band (CRED-04). */
  async invite(name: string, options: { legacyPlainToken?: boolean } = {}, ctx: AuditContext = {}) {
    const id = randomUUID();
    const tokenA = newCredentialsToken();
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await insertPartner(trx, id, name, null, Boolean(options.legacyPlainToken), now);
      await trx.insertInto('partner_tokens').values({ token_hash: hashToken(tokenA), partner_id: id, kind: 'A', created_at: now }).execute();
      await audit(trx, id, 'invited', ctx, { name });
    });
    return { partner: (await this.get(id))!, tokenA };
  }

  /**
   * A partner record for a registration evroam starts itself (it holds the partner's token A).
   * No token is accepted from the partner until the registration completes.
   */
  async createForOutgoingRegistration(name: string, versionsUrl: string, legacyPlainToken: boolean, ctx: AuditContext = {}) {
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await insertPartner(trx, id, name, versionsUrl, legacyPlainToken, now);
      await audit(trx, id, 'registration_started', ctx, { versions_url: versionsUrl });
    });
    return (await this.get(id))!;
  }

  async get(id: string): Promise<Partner | undefined> {
    const row = await this.db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toPartner(row);
  }

  async list(): Promise<Partner[]> {
    const rows = await this.db.selectFrom('partners').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toPartner);
  }

  /** The partner a presented token belongs to; looked up by the token's hash. */
  async authenticate(tokenHash: string): Promise<AuthenticatedPartner | undefined> {
    const row = await this.db
      .selectFrom('partner_tokens')
      .innerJoin('partners', 'partners.id', 'partner_tokens.partner_id')
      .selectAll('partners')
      .select(['partner_tokens.kind', 'partner_tokens.token_hash'])
      .where('partner_tokens.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return undefined;
    const { kind, token_hash, ...partner } = row;
    return { partner: toPartner(partner), tokenKind: kind, tokenHash: token_hash };
  }

  /**
   * Completes a registration: the token the partner authenticated with (A) dies, a new token C is
   * issued, the partner's connection is stored (CRED-06, CRED-07). Returns undefined when the
   * token A was consumed meanwhile (a concurrent POST): exactly one registration wins.
   */
  async completeRegistration(
    partnerId: string,
    consumedTokenHash: string | undefined,
    connection: PartnerConnection,
    ctx: AuditContext = {},
  ): Promise<{ tokenC: string } | undefined> {
    const tokenC = newCredentialsToken();
    return this.db.transaction().execute(async (trx) => {
      if (consumedTokenHash !== undefined) {
        const deleted = await trx
          .deleteFrom('partner_tokens')
          .where('token_hash', '=', consumedTokenHash)
          .where('partner_id', '=', partnerId)
          .executeTakeFirst();
        if (Number(deleted.numDeletedRows) !== 1) return undefined;
      }
      await this.storeConnection(trx, partnerId, connection, tokenC);
      await audit(trx, partnerId, 'registered', ctx, { versions_url: connection.versionsUrl, version: connection.version });
      return { tokenC };
    });
  }

  /**
   * Token rotation / endpoint change (CRED-13): the partner's new token and endpoints are stored
   * and the previous token evroam issued is replaced by a new one.
   */
  async rotate(partnerId: string, connection: PartnerConnection, ctx: AuditContext = {}): Promise<{ tokenC: string }> {
    const tokenC = newCredentialsToken();
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('partner_tokens').where('partner_id', '=', partnerId).execute();
      await this.storeConnection(trx, partnerId, connection, tokenC);
      await audit(trx, partnerId, 'rotated', ctx, { versions_url: connection.versionsUrl, version: connection.version });
    });
    return { tokenC };
  }

  /**
   * Stores a connection evroam started itself (CRED-05): the partner's token C is what evroam
   * sends; `ourToken` (the B evroam generated) is what the partner calls with.
   */
  async storeOutgoingConnection(partnerId: string, connection: PartnerConnection, ourToken: string, event: AuditEvent, ctx: AuditContext = {}) {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('partner_tokens').where('partner_id', '=', partnerId).execute();
      await this.storeConnection(trx, partnerId, connection, ourToken);
      await audit(trx, partnerId, event, ctx, { versions_url: connection.versionsUrl, version: connection.version });
    });
  }

  /** Accepts one more token from the partner (evroam's token B while a handshake it started is open). */
  async acceptToken(partnerId: string, token: string): Promise<void> {
    await this.db
      .insertInto('partner_tokens')
      .values({ token_hash: hashToken(token), partner_id: partnerId, kind: 'C', created_at: new Date().toISOString() })
      .execute();
  }

  async revokeToken(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('partner_tokens').where('token_hash', '=', tokenHash).execute();
  }

  async revokeTokens(partnerId: string): Promise<void> {
    await this.db.deleteFrom('partner_tokens').where('partner_id', '=', partnerId).execute();
  }

  /** Unregisters (CRED-15): tokens revoked, connection kept for the record. */
  async unregister(partnerId: string, ctx: AuditContext = {}, initiatedBy: 'partner' | 'operator' = 'partner') {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('partner_tokens').where('partner_id', '=', partnerId).execute();
      await trx.deleteFrom('partner_parties').where('partner_id', '=', partnerId).execute();
      await trx
        .updateTable('partners')
        .set({ status: 'UNREGISTERED', token_to_partner: null, updated_at: new Date().toISOString() })
        .where('id', '=', partnerId)
        .execute();
      await audit(trx, partnerId, 'unregistered', ctx, { by: initiatedBy });
    });
  }

  async recordFailure(partnerId: string, reason: string, ctx: AuditContext = {}) {
    await audit(this.db, partnerId, 'registration_failed', ctx, { reason });
  }

  async auditTrail(partnerId: string) {
    return this.db
      .selectFrom('credentials_audit')
      .selectAll()
      .where('partner_id', '=', partnerId)
      .orderBy('at')
      .orderBy('id')
      .execute();
  }

  private async storeConnection(trx: Transaction<Database>, partnerId: string, c: PartnerConnection, ourToken: string) {
    const now = new Date().toISOString();
    await trx.insertInto('partner_tokens').values({ token_hash: hashToken(ourToken), partner_id: partnerId, kind: 'C', created_at: now }).execute();
    await trx
      .updateTable('partners')
      .set({
        status: 'REGISTERED',
        versions_url: c.versionsUrl,
        version: c.version,
        endpoints: JSON.stringify(c.endpoints),
        roles: JSON.stringify(c.roles),
        token_to_partner: c.tokenToPartner,
        updated_at: now,
      })
      .where('id', '=', partnerId)
      .execute();
    await trx.deleteFrom('partner_parties').where('partner_id', '=', partnerId).execute();
    const parties = uniqueParties(c.roles).map((r) => ({ partner_id: partnerId, ...r }));
    if (parties.length > 0) await trx.insertInto('partner_parties').values(parties).execute();
  }
}

/** A partner not registered yet: no version, endpoints, roles or token to call it with. */
async function insertPartner(db: Kysely<Database>, id: string, name: string, versionsUrl: string | null, legacyPlainToken: boolean, now: string) {
  await db
    .insertInto('partners')
    .values({
      id,
      name,
      status: 'INVITED',
      versions_url: versionsUrl,
      version: null,
      endpoints: '[]',
      roles: '[]',
      token_to_partner: null,
      legacy_plain_token: legacyPlainToken ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

function uniqueParties(roles: CredentialsRole[]) {
  const seen = new Map<string, { role: string; country_code: string; party_id: string }>();
  for (const r of roles) {
    const row = { role: r.role, country_code: r.country_code.toUpperCase(), party_id: r.party_id.toUpperCase() };
    seen.set(`${row.role}/${row.country_code}/${row.party_id}`, row);
  }
  return [...seen.values()];
}

async function audit(db: Kysely<Database>, partnerId: string, event: AuditEvent, ctx: AuditContext, detail?: object) {
  await db
    .insertInto('credentials_audit')
    .values({
      id: randomUUID(),
      partner_id: partnerId,
      event,
      at: new Date().toISOString(),
      correlation_id: ctx.correlationId ?? null,
      detail: detail ? JSON.stringify(detail) : null,
    })
    .execute();
}
