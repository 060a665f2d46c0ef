/**
 * Tokens in the shared object table. A token's identity is (country_code, party_id, uid, type),
 * uid alone is not unique (TOK-02, PIT-17): the type is the key's variant.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/tables.js';
import type { NodeContext } from '../module.js';
import { ObjectStore } from '../shared/object-store.js';
import type { ObjectKey } from '../shared/object-store.js';
import type { Token, TokenType } from './schema.js';

/** `type` when a request leaves it out (TOK-02, TOK-09). */
export const DEFAULT_TOKEN_TYPE: TokenType = 'RFID';

/** The fields that make up a token's identity (TOK-02). */
export const TOKEN_IDENTITY = ['country_code', 'party_id', 'uid', 'type'] as const;

export function tokenStore(ctx: NodeContext): ObjectStore<Token> {
  return new ObjectStore<Token>(ctx.db, ctx.dialect, 'tokens', { logger: ctx.logger });
}

export function tokenVariant(token: Pick<Token, 'type'>): string {
  return token.type;
}

export function tokenKey(countryCode: string, partyId: string, uid: string, type: TokenType): ObjectKey {
  return { countryCode, partyId, id: uid, variant: type };
}

/** The query of `tokensByUid`: equality on (own, id, variant), the `tokens_uid_type` index. */
export function tokensByUidQuery(db: Kysely<Database>, own: boolean, uid: string, type: TokenType) {
  return db
    .selectFrom('tokens')
    .select(['data', 'partner_id'])
    .where('own', '=', own ? 1 : 0)
    .where('id', '=', uid.toUpperCase())
    .where('variant', '=', type)
    .orderBy('seq');
}

/** Stored tokens by (uid, type) regardless of owner: one index seek, however many tokens are stored. */
export async function tokensByUid(ctx: NodeContext, own: boolean, uid: string, type: TokenType): Promise<Array<{ json: string; partnerId: string | null }>> {
  const rows = await tokensByUidQuery(ctx.db, own, uid, type).execute();
  return rows.map((r) => ({ json: r.data, partnerId: r.partner_id }));
}
