/**
 * Real-time authorization as a CPO (TOK-09, TOK-15) for an operator whose chargers run on its own
 * CSMS: the CPO Tokens library decides, locally from the whitelist or by asking the token's eMSP,
 * as the token's WhitelistType demands. The operator API only translates the outcome.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Enum } from '../core/types.js';
import type { CpoAuthorization, CpoTokens } from '../modules/tokens/cpo.js';
import { AuthorizationInfo, LocationReferences, Token, TokenType } from '../modules/tokens/schema.js';
import { DEFAULT_TOKEN_TYPE } from '../modules/tokens/store.js';
import { AdminError, operatorRoute } from './http.js';
import { errors } from './schemas.js';

const AuthorizeBody = Type.Object(
  {
    uid: Token.properties.uid,
    type: Type.Optional(TokenType),
    location: Type.Optional(LocationReferences),
  },
  { description: 'The token a charger read (type default RFID) and, optionally, where the driver wants to charge: some eMSPs need it to decide (TOK-12)' },
);
type AuthorizeBody = Static<typeof AuthorizeBody>;

const Authorization = Type.Object(
  {
    ...AuthorizationInfo.properties,
    source: Enum(['whitelist', 'realtime'], { description: "whitelist: decided from the token the eMSP pushed; realtime: the eMSP's answer, as it gave it" }),
  },
  { description: 'The AuthorizationInfo: from the eMSP in real time, or the whitelist decision (then only allowed and token)' },
);

export function registerAuthorizeRoute(app: FastifyInstance, tokens: CpoTokens): void {
  operatorRoute(
    app,
    'POST',
    '/tokens/authorize',
    {
      summary: 'Authorize a token a charger read',
      description:
        'Decided as the token\'s whitelist demands (TOK-15): ALWAYS and ALLOWED from the pushed token; ALLOWED_OFFLINE and NEVER by asking the eMSP ' +
        '(ALLOWED_OFFLINE falls back on the pushed token when the eMSP cannot be reached). 404: no eMSP pushed this token; ' +
        '400 naming location: the eMSP needs LocationReferences (TOK-12); 502: the eMSP had to answer and could not.',
      body: AuthorizeBody,
      response: { 200: Authorization, ...errors(400, 404, 502) },
    },
    async (request) => {
      const { uid, type = DEFAULT_TOKEN_TYPE, location } = request.body as AuthorizeBody;
      return answerOf(await tokens.authorize(uid, type, location), uid, type);
    },
  );
}

function answerOf(outcome: CpoAuthorization, uid: string, type: string): Static<typeof Authorization> {
  switch (outcome.kind) {
    case 'decided':
      return outcome.info ? { ...outcome.info, source: outcome.source } : { allowed: outcome.allowed, token: outcome.token, source: outcome.source };
    case 'unknown_token':
      throw AdminError.notFound(`Unknown Token ${uid} of type ${type}: no eMSP partner pushed it`);
    case 'location_required':
      throw AdminError.invalid(`location: the eMSP ${partyOf(outcome.token)} needs LocationReferences to decide (TOK-12)`, 'location');
    case 'unavailable': {
      const reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      throw new AdminError(502, 'partner_error', `The eMSP ${partyOf(outcome.token)} must decide (whitelist ${outcome.token.whitelist}) and could not be asked: ${reason}`);
    }
  }
}

function partyOf(token: Token): string {
  return `${token.country_code}/${token.party_id}`;
}
