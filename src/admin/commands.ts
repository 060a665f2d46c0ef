/**
 * The eMSP's commands and charging profile requests to a CPO partner, through the Commands and
 * ChargingProfiles library APIs: each request gets its own response_url, the CPO's synchronous
 * answer comes back at once (HTTP 202), and the outcome — the CommandResult / profile result the
 * CPO posts, or a local TIMEOUT — is read by the request's id.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { OcpiClientError, OcpiMissingEndpointError, OcpiStatusError } from '../client/index.js';
import { Enum } from '../core/types.js';
import type { EmspChargingProfiles } from '../modules/chargingprofiles/emsp-profiles.js';
import {
  ActiveChargingProfile,
  ActiveChargingProfileResult,
  ChargingProfile,
  ChargingProfileResponse,
  ChargingProfileResult,
} from '../modules/chargingprofiles/schema.js';
import type { EmspCommands } from '../modules/commands/emsp-commands.js';
import { CommandRequest, CommandResponse, CommandResult, CommandType, CommandTypeValues } from '../modules/commands/schema.js';
import type { CommandInput } from '../modules/commands/emsp-commands.js';
import { partnerHasParty } from '../modules/credentials/partner.js';
import type { Partner, PartyKey } from '../modules/credentials/partner.js';
import type { NodeContext } from '../modules/module.js';
import { ownPartiesOf } from '../modules/shared/routing.js';
import { Session } from '../modules/sessions/schema.js';
import { AdminError, fieldOf, objectBody, operatorRoute, validatedByModule } from './http.js';
import { errors } from './schemas.js';

const PartnerId = Type.String({ minLength: 1, maxLength: 36, description: 'The partner (GET /partners)' });
const RequestId = Type.String({ minLength: 1, maxLength: 36, description: 'The id evroam gave the request' });
const RequestState = Enum(['SENDING', 'AWAITING_RESULT', 'RESULT', 'TIMEOUT', 'ANSWERED', 'SEND_FAILED'], {
  description:
    'SENDING; AWAITING_RESULT (accepted, the result is due); RESULT (the CPO posted it); TIMEOUT (no result in time); ' +
    'ANSWERED (not accepted: see response); SEND_FAILED (the partner could not be reached: see error)',
});

/** Which own party sends and which party of the partner is addressed, when there is a choice. */
const RoutingQuery = Type.Object({
  from_country_code: Type.Optional(Type.String({ maxLength: 2, description: 'Own eMSP party sending (default: the only one)' })),
  from_party_id: Type.Optional(Type.String({ maxLength: 3 })),
  to_country_code: Type.Optional(Type.String({ maxLength: 2, description: "The partner's CPO party addressed (default: its first)" })),
  to_party_id: Type.Optional(Type.String({ maxLength: 3 })),
});
type RoutingQuery = { from_country_code?: string; from_party_id?: string; to_country_code?: string; to_party_id?: string };

const SentCommand = Type.Object(
  {
    id: RequestId,
    command: CommandType,
    partnerId: Type.String(),
    state: RequestState,
    responseUrl: Type.String(),
    response: Type.Optional(CommandResponse),
    result: Type.Optional(CommandResult),
    error: Type.Optional(Type.String()),
  },
  { description: 'A command this node sent, as far as it knows' },
);

const SentProfileRequest = Type.Object(
  {
    id: RequestId,
    kind: Enum(['GET', 'PUT', 'DELETE'], { description: 'GET: active profile asked; PUT: profile set; DELETE: profile cleared' }),
    partnerId: Type.String(),
    sessionId: Type.String(),
    state: RequestState,
    responseUrl: Type.String(),
    response: Type.Optional(ChargingProfileResponse),
    result: Type.Optional(Type.Union([ActiveChargingProfileResult, ChargingProfileResult])),
    error: Type.Optional(Type.String()),
  },
  { description: 'A charging profile request this node sent, as far as it knows' },
);

const CommandBody = validatedByModule(
  Type.Union(
    CommandTypeValues.map((command) => {
      const { response_url: _omit, ...properties } = CommandRequest[command].properties;
      return Type.Object(properties, { title: command, description: `${command} (response_url is evroam's own)` });
    }),
    { description: 'The OCPI command object of {command}, without response_url: evroam gives every command its own' },
  ),
);

const ProfileParams = Type.Object({ partner_id: PartnerId, session_id: Session.properties.id });

export function registerCommandRoutes(app: FastifyInstance, ctx: NodeContext, commands: EmspCommands): void {
  operatorRoute(
    app,
    'POST',
    '/partners/:partner_id/commands/:command',
    {
      summary: 'Send a command to a CPO partner',
      description:
        "Answers 202 with the CPO's CommandResponse once it came back; the CommandResult follows asynchronously (GET /commands/{id}).",
      params: Type.Object({ partner_id: PartnerId, command: CommandType }),
      querystring: RoutingQuery,
      body: CommandBody,
      response: { 202: SentCommand, ...errors(400, 404, 409, 502) },
    },
    async (request, reply) => {
      const { partner_id: partnerId, command } = request.params;
      const body = objectBody(request.body);
      const sent = await toPartner(ctx, partnerId, 'commands', request.query, (options) =>
        commands.send(partnerId, command, body as unknown as CommandInput<typeof command>, { ...options, correlationId: request.correlationId }),
      );
      return reply.code(202).send(sent);
    },
  );

  operatorRoute(
    app,
    'GET',
    '/commands/:id',
    { summary: 'A sent command and its outcome', params: Type.Object({ id: RequestId }), response: { 200: SentCommand, ...errors(404) } },
    async (request) => {
      const sent = await commands.get(request.params.id);
      if (!sent) throw AdminError.notFound(`Unknown command ${request.params.id}`);
      return sent;
    },
  );
}

export function registerChargingProfileRoutes(app: FastifyInstance, ctx: NodeContext, profiles: EmspChargingProfiles): void {
  const accepted = { 202: SentProfileRequest, ...errors(400, 404, 409, 502) };

  operatorRoute(
    app,
    'PUT',
    '/partners/:partner_id/chargingprofiles/:session_id',
    {
      summary: "Set a session's charging profile at a CPO partner",
      description: 'Answers 202 with the ChargingProfileResponse; the ChargingProfileResult follows (GET /chargingprofiles/{id}).',
      params: ProfileParams,
      querystring: RoutingQuery,
      body: validatedByModule(ChargingProfile),
      response: accepted,
    },
    async (request, reply) => {
      const { partner_id: partnerId, session_id: sessionId } = request.params;
      const profile = objectBody(request.body) as unknown as ChargingProfile;
      const sent = await toPartner(ctx, partnerId, 'chargingprofiles', request.query, (options) =>
        profiles.set(partnerId, sessionId, profile, { ...options, correlationId: request.correlationId }),
      );
      return reply.code(202).send(sent);
    },
  );

  operatorRoute(
    app,
    'DELETE',
    '/partners/:partner_id/chargingprofiles/:session_id',
    {
      summary: "Clear the charging profile this node set on a session",
      description: 'Answers 202 with the ChargingProfileResponse; the ClearProfileResult follows (GET /chargingprofiles/{id}).',
      params: ProfileParams,
      querystring: RoutingQuery,
      response: accepted,
    },
    async (request, reply) => {
      const { partner_id: partnerId, session_id: sessionId } = request.params;
      const sent = await toPartner(ctx, partnerId, 'chargingprofiles', request.query, (options) =>
        profiles.clear(partnerId, sessionId, { ...options, correlationId: request.correlationId }),
      );
      return reply.code(202).send(sent);
    },
  );

  operatorRoute(
    app,
    'POST',
    '/partners/:partner_id/chargingprofiles/:session_id/active',
    {
      summary: "Ask a CPO partner for a session's ActiveChargingProfile",
      description: 'Answers 202 with the ChargingProfileResponse; the ActiveChargingProfileResult follows (GET /chargingprofiles/{id}).',
      params: ProfileParams,
      querystring: RoutingQuery,
      body: Type.Object({ duration: Type.Integer({ minimum: 0, maximum: 86_400 * 7, description: 'Seconds from now the profile should cover' }) }),
      response: accepted,
    },
    async (request, reply) => {
      const { partner_id: partnerId, session_id: sessionId } = request.params;
      const { duration } = request.body as { duration: number };
      const sent = await toPartner(ctx, partnerId, 'chargingprofiles', request.query, (options) =>
        profiles.getActive(partnerId, sessionId, duration, { ...options, correlationId: request.correlationId }),
      );
      return reply.code(202).send(sent);
    },
  );

  operatorRoute(
    app,
    'GET',
    '/partners/:partner_id/chargingprofiles/:session_id/active',
    {
      summary: 'The ActiveChargingProfile the CPO partner last pushed for a session',
      description: 'Only for sessions this node set a profile on (CP-06).',
      params: ProfileParams,
      response: { 200: ActiveChargingProfile, ...errors(400, 404) },
    },
    async (request) => {
      const { partner_id: partnerId, session_id: sessionId } = request.params;
      const profile = await profiles.activeProfile(partnerId, sessionId);
      if (!profile) throw AdminError.notFound(`No ActiveChargingProfile of session ${sessionId} from partner ${partnerId}`);
      return profile;
    },
  );

  operatorRoute(
    app,
    'GET',
    '/chargingprofiles/:id',
    { summary: 'A sent charging profile request and its outcome', params: Type.Object({ id: RequestId }), response: { 200: SentProfileRequest, ...errors(404) } },
    async (request) => {
      const sent = await profiles.get(request.params.id);
      if (!sent) throw AdminError.notFound(`Unknown charging profile request ${request.params.id}`);
      return sent;
    },
  );
}

/**
 * Runs `send` for a registered partner with the routing asked for, mapping what can go wrong:
 * unknown partner 404; not registered or no such endpoint 409; invalid input (the module's
 * validation, or the partner's 2xxx refusal of it) 400 naming the field; an unreachable or failing
 * partner 502 (the request is kept as SEND_FAILED).
 */
async function toPartner<T>(
  ctx: NodeContext,
  partnerId: string,
  module: string,
  query: RoutingQuery,
  send: (options: { from?: PartyKey; to?: PartyKey }) => Promise<T>,
): Promise<T> {
  const partner = await ctx.partners.get(partnerId);
  if (!partner) throw AdminError.notFound(`Unknown partner ${partnerId}`);
  if (partner.status !== 'REGISTERED') throw AdminError.conflict(`Partner ${partnerId} is ${partner.status}, not REGISTERED`);
  const options = routing(ctx, partner, query);
  try {
    return await send(options);
  } catch (error) {
    // The modules' input checks throw TypeError `Invalid <what>: <field>: <problem>` before sending.
    if (error instanceof TypeError && /^Invalid /.test(error.message)) throw AdminError.invalid(error.message, fieldOf(error.message));
    if (error instanceof OcpiMissingEndpointError) throw AdminError.conflict(`Partner ${partnerId} offers no ${module} RECEIVER endpoint`);
    if (error instanceof OcpiStatusError && error.statusCode >= 2000 && error.statusCode < 3000) {
      const text = error.statusMessage ?? `OCPI status ${error.statusCode}`;
      throw new AdminError(400, 'partner_refused', `The partner refused the request: ${text}`, fieldOf(text));
    }
    if (error instanceof OcpiClientError) throw new AdminError(502, 'partner_error', `The partner could not be reached or failed: ${error.message}`);
    throw error;
  }
}

function routing(ctx: NodeContext, partner: Partner, query: RoutingQuery): { from?: PartyKey; to?: PartyKey } {
  const options: { from?: PartyKey; to?: PartyKey } = {};
  const from = pair(query.from_country_code, query.from_party_id, 'from');
  const own = ownPartiesOf(ctx, 'EMSP');
  if (from) {
    if (!own.some((p) => p.countryCode === from.countryCode && p.partyId === from.partyId)) {
      throw AdminError.invalid(`from_party_id: ${from.countryCode}/${from.partyId} is not an own eMSP party of this node`, 'from_party_id');
    }
    options.from = from;
  } else if (own.length > 1) {
    throw AdminError.invalid('from_party_id: this node hosts several eMSP parties; say which one sends (from_country_code, from_party_id)', 'from_party_id');
  }
  const to = pair(query.to_country_code, query.to_party_id, 'to');
  if (to) {
    if (!partnerHasParty(partner, to.countryCode, to.partyId, 'CPO')) {
      throw AdminError.invalid(`to_party_id: ${to.countryCode}/${to.partyId} is not a CPO party of partner ${partner.id}`, 'to_party_id');
    }
    options.to = to;
  }
  return options;
}

function pair(countryCode: string | undefined, partyId: string | undefined, prefix: 'from' | 'to'): PartyKey | undefined {
  if (countryCode === undefined && partyId === undefined) return undefined;
  if (countryCode === undefined) throw AdminError.invalid(`${prefix}_country_code: is required together with ${prefix}_party_id`, `${prefix}_country_code`);
  if (partyId === undefined) throw AdminError.invalid(`${prefix}_party_id: is required together with ${prefix}_country_code`, `${prefix}_party_id`);
  return { countryCode: countryCode.toUpperCase(), partyId: partyId.toUpperCase() };
}

