/**
 * LOC-14 for the operator's reading of received Locations: with `token_uid` (and `token_type`,
 * default RFID) of an own Token, only the Locations its owner may be shown (what the eMSP's app
 * shows that driver): published ones, and unpublished ones whose publish_allowed_to names the Token.
 */
import { Type } from '@sinclair/typebox';
import type { NodeContext } from '../modules/module.js';
import type { ReceivedLocations } from '../modules/locations/receiver.js';
import { mayBeShownTo } from '../modules/locations/publish.js';
import type { Location } from '../modules/locations/schema.js';
import { ownPartiesOf } from '../modules/shared/routing.js';
import { Token, TokenType } from '../modules/tokens/schema.js';
import { DEFAULT_TOKEN_TYPE } from '../modules/tokens/store.js';
import { AdminError } from './http.js';
import type { ReceivedView, Viewer } from './received.js';

export function publishedView(ctx: NodeContext, received: ReceivedLocations): ReceivedView<Location> {
  return {
    query: {
      token_uid: Type.Optional({ ...Token.properties.uid, description: 'uid of an own Token: only the Locations its owner may be shown (LOC-14)' }),
      token_type: Type.Optional({ ...TokenType, description: `Type of that Token (default ${DEFAULT_TOKEN_TYPE})` }),
    },
    async viewer(query): Promise<Viewer<Location> | undefined> {
      const uid = query.token_uid;
      if (uid === undefined) {
        if (query.token_type !== undefined) throw AdminError.invalid('token_type: only with token_uid', 'token_type');
        return undefined;
      }
      const type = (query.token_type ?? DEFAULT_TOKEN_TYPE) as TokenType;
      const token = await ownToken(ctx, uid, type);
      if (!token) throw AdminError.invalid(`token_uid: no own Token ${uid} of type ${type}`, 'token_uid');
      return {
        params: { token_uid: uid, ...(query.token_type !== undefined ? { token_type: type } : {}) },
        narrow: (filter) => received.shownTo(token, filter),
        shows: (location) => mayBeShownTo(location, token),
      };
    },
  };
}

/** The own Token (uid, type) of any own eMSP party: the token a driver of this eMSP holds. */
async function ownToken(ctx: NodeContext, uid: string, type: TokenType): Promise<Token | undefined> {
  const tokens = ctx.services.tokens?.emsp;
  if (!tokens) return undefined;
  for (const party of ownPartiesOf(ctx, 'EMSP')) {
    const token = await tokens.own.get({ countryCode: party.countryCode, partyId: party.partyId, id: uid, variant: type });
    if (token) return token;
  }
  return undefined;
}
