/**
 * The eMSP's own Tokens through the Tokens library API (EmspTokens.own): PUT and PATCH reach the
 * CPO partners' receivers. A token is identified by country_code, party_id, uid and type (TOK-02):
 * `?type=` as in OCPI, default RFID. Tokens are never deleted; set `valid` false instead.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../modules/module.js';
import { assertBodyId, assertBodyParty } from '../modules/shared/ownership.js';
import { ownPartiesOf } from '../modules/shared/routing.js';
import type { EmspTokens } from '../modules/tokens/emsp.js';
import { Token, TokenPatch, TokenType } from '../modules/tokens/schema.js';
import { DEFAULT_TOKEN_TYPE, tokenKey } from '../modules/tokens/store.js';
import type { OwnInput } from '../modules/shared/own-objects.js';
import { AdminError, objectBody, operatorRoute, sendPut } from './http.js';
import { sendObjectPage } from './lists.js';
import { errors, ModuleInputOf, Page, PageQuery } from './schemas.js';

const TokenParams = Type.Object({
  country_code: Token.properties.country_code,
  party_id: Token.properties.party_id,
  token_uid: Token.properties.uid,
});
const TypeQuery = Type.Object({ type: Type.Optional(TokenType) });
const TokenBody = ModuleInputOf(Token, ['country_code', 'party_id', 'uid', 'type', 'last_updated'], "A Token; country_code, party_id, uid and type default to the URL's");
const TokenFields = ModuleInputOf(TokenPatch, ['last_updated'], 'Fields of the Token to change (e.g. valid); its identity cannot change');

type Params = { country_code: string; party_id: string; token_uid: string };

export function registerTokenRoutes(app: FastifyInstance, ctx: NodeContext, tokens: EmspTokens): void {
  const own = tokens.own;
  const keyOf = (params: Params, type: string) => tokenKey(params.country_code, params.party_id, params.token_uid, type as TokenType);
  const checkIdentity = (body: Record<string, unknown>, params: Params, type: string) => {
    assertBodyParty(body, { countryCode: params.country_code, partyId: params.party_id });
    assertBodyId(body, 'uid', params.token_uid);
    assertBodyId(body, 'type', type);
  };

  operatorRoute(
    app,
    'GET',
    '/tokens',
    { summary: 'List own Tokens', querystring: PageQuery, response: { 200: Page(Token, 'A page of own Tokens'), ...errors(400) } },
    async (request, reply) => sendObjectPage(reply, ctx, '/tokens', request.query, own.options.store, { own: true, parties: ownPartiesOf(ctx, 'EMSP') }),
  );

  operatorRoute(
    app,
    'GET',
    '/tokens/:country_code/:party_id/:token_uid',
    { summary: 'Get an own Token', params: TokenParams, querystring: TypeQuery, response: { 200: Token, ...errors(400, 404) } },
    async (request) => {
      const type = request.query.type ?? DEFAULT_TOKEN_TYPE;
      const token = await own.get(keyOf(request.params, type));
      if (!token) throw AdminError.notFound(`Unknown Token ${request.params.token_uid} of type ${type}`);
      return token;
    },
  );

  operatorRoute(
    app,
    'PUT',
    '/tokens/:country_code/:party_id/:token_uid',
    {
      summary: 'Create or replace an own Token',
      description: 'CPO partners get a PUT when the content changed. The type is `?type=`, else the body\'s, else RFID. 201 when created.',
      params: TokenParams,
      querystring: TypeQuery,
      body: TokenBody,
      response: { 200: Token, 201: Token, ...errors(400) },
    },
    async (request, reply) => {
      const { params } = request;
      const body = objectBody(request.body);
      const type = request.query.type ?? (typeof body.type === 'string' ? body.type : DEFAULT_TOKEN_TYPE);
      checkIdentity(body, params, type);
      const existing = await own.get(keyOf(params, type));
      const input = { body: { ...body, country_code: params.country_code, party_id: params.party_id, type }, idField: 'uid', urlId: params.token_uid, existing };
      return sendPut(reply, input, (token) => own.put(token as OwnInput<Token>));
    },
  );

  operatorRoute(
    app,
    'PATCH',
    '/tokens/:country_code/:party_id/:token_uid',
    {
      summary: 'Change fields of an own Token',
      description: 'CPO partners get a PATCH with the changed fields.',
      params: TokenParams,
      querystring: TypeQuery,
      body: TokenFields,
      response: { 200: Token, ...errors(400, 404) },
    },
    async (request) => {
      const type = request.query.type ?? DEFAULT_TOKEN_TYPE;
      const body = objectBody(request.body);
      checkIdentity(body, request.params, type);
      const patched = await own.patch(keyOf(request.params, type), body);
      if (!patched) throw AdminError.notFound(`Unknown Token ${request.params.token_uid} of type ${type}`);
      return patched;
    },
  );
}
