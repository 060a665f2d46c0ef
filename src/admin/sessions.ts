/**
 * The CPO's own Sessions, fed by an operator whose chargers run on its own CSMS, through the
 * Sessions library API (CpoSessions.own): every change is queued by the push outbox for the eMSP
 * that owns the session's token (SES-07), exactly as a change the chargers made.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../modules/module.js';
import type { OwnInput, OwnObjects } from '../modules/shared/own-objects.js';
import { assertBodyId, assertBodyParty, sameCi } from '../modules/shared/ownership.js';
import { ownPartiesOf } from '../modules/shared/routing.js';
import { Session, SessionPatch } from '../modules/sessions/schema.js';
import { AdminError, objectBody, operatorRoute, sendPut } from './http.js';
import { errors, InputOf, ModuleInputOf } from './schemas.js';

const SessionParams = Type.Object({
  country_code: Session.properties.country_code,
  party_id: Session.properties.party_id,
  session_id: Session.properties.id,
});
const SessionBody = ModuleInputOf(Session, ['country_code', 'party_id', 'id', 'last_updated'], "A Session; country_code, party_id and id default to the URL's, last_updated to now");
// Validated here: the module's PATCH merge skips a charging_periods that is no list instead of refusing it.
const SessionFields = InputOf(
  SessionPatch,
  ['last_updated'],
  'Fields of the Session to change (kwh, status, end_date_time, total_cost …); charging_periods given are appended (SES-06). Identifiers cannot change',
);

type Params = { country_code: string; party_id: string; session_id: string };

/**
 * The URL's party must be an own CPO party. Checked before anything is read, so a PATCH for another
 * party is refused as such rather than answered "unknown Session".
 */
function assertOwnCpoParty(ctx: NodeContext, params: Params): void {
  if (!ownPartiesOf(ctx, 'CPO').some((p) => sameCi(p.countryCode, params.country_code) && sameCi(p.partyId, params.party_id))) {
    throw AdminError.invalid(`country_code/party_id: ${params.country_code}/${params.party_id} is not an own CPO party of this node`, 'country_code/party_id');
  }
}

export function registerOwnSessionRoutes(app: FastifyInstance, ctx: NodeContext, own: OwnObjects<Session>): void {
  const keyOf = (params: Params) => ({ countryCode: params.country_code.toUpperCase(), partyId: params.party_id.toUpperCase(), id: params.session_id });
  const checkIdentity = (body: Record<string, unknown>, params: Params) => {
    assertOwnCpoParty(ctx, params);
    assertBodyParty(body, { countryCode: params.country_code, partyId: params.party_id });
    assertBodyId(body, 'id', params.session_id);
  };

  operatorRoute(
    app,
    'PUT',
    '/sessions/:country_code/:party_id/:session_id',
    {
      summary: 'Create or replace an own Session',
      description: "The eMSP owning the session's token gets a PUT when the content changed (SES-07). 201 when created.",
      params: SessionParams,
      body: SessionBody,
      response: { 200: Session, 201: Session, ...errors(400) },
    },
    async (request, reply) => {
      const { params } = request;
      const body = objectBody(request.body);
      checkIdentity(body, params);
      const existing = await own.get(keyOf(params));
      const input = { body: { ...body, country_code: params.country_code, party_id: params.party_id }, idField: 'id', urlId: params.session_id, existing };
      return sendPut(reply, input, (session) => own.put(session as OwnInput<Session>));
    },
  );

  operatorRoute(
    app,
    'PATCH',
    '/sessions/:country_code/:party_id/:session_id',
    {
      summary: 'Change fields of an own Session',
      description: "The eMSP owning the session's token gets a PATCH with the changed fields (SES-06, SES-07).",
      params: SessionParams,
      body: SessionFields,
      response: { 200: Session, ...errors(400, 404) },
    },
    async (request) => {
      const body = objectBody(request.body);
      checkIdentity(body, request.params);
      const patched = await own.patch(keyOf(request.params), body);
      if (!patched) throw AdminError.notFound(`Unknown Session ${request.params.session_id}`);
      return patched;
    },
  );
}
