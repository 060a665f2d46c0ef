/**
 * Charging profiles endpoints: the CPO's Receiver `{cp_url}/{session_id}` (GET, PUT, DELETE;
 * CP-01..CP-03) and the eMSP's Sender: results POSTed to `{cp_url}/{request}/{uid}` (CP-05) and
 * ActiveChargingProfile updates PUT to `{cp_url}/{session_id}` (CP-06).
 */
import type { FastifyInstance } from 'fastify';
import { OcpiError } from '../../core/status.js';
import { validateOrThrow } from '../../core/validation.js';
import { sendOcpi } from '../../http/reply.js';
import { ocpiPath } from '../../http/routes.js';
import type { AsyncSender } from '../commands/async-sender.js';
import { requestParties } from '../commands/parties.js';
import type { NodeContext } from '../module.js';
import { interfacePath } from '../versions/interfaces.js';
import type { CpoChargingProfiles, ProfileRequestKind } from './cpo-profiles.js';
import { RESULT_SEGMENT } from './emsp-profiles.js';
import type { EmspChargingProfiles } from './emsp-profiles.js';
import { durationParam, responseUrlParam, sessionIdParam } from './params.js';
import { ActiveChargingProfile, ActiveChargingProfileResult, ChargingProfileResult, ClearProfileResult } from './schema.js';

type SessionParams = { session_id: string };
type Query = Record<string, unknown>;

export function registerCpoProfileRoutes(app: FastifyInstance, ctx: NodeContext, profiles: CpoChargingProfiles): void {
  ocpiPath(app, `${interfacePath('chargingprofiles', 'CPO')}/:session_id`, 'ocpi', {
    GET: {
      handler: async (request, reply) => {
        const sessionId = sessionIdParam((request.params as SessionParams).session_id);
        const query = request.query as Query;
        const duration = durationParam(query.duration);
        const responseUrl = responseUrlParam(query.response_url);
        const parties = requestParties(request, reply, ctx, 'CPO');
        return sendOcpi(reply, await profiles.getActive(sessionId, duration, responseUrl, parties));
      },
    },
    PUT: {
      handler: async (request, reply) => {
        const sessionId = sessionIdParam((request.params as SessionParams).session_id);
        const parties = requestParties(request, reply, ctx, 'CPO');
        return sendOcpi(reply, await profiles.set(sessionId, request.body, parties));
      },
    },
    DELETE: {
      handler: async (request, reply) => {
        const sessionId = sessionIdParam((request.params as SessionParams).session_id);
        const responseUrl = responseUrlParam((request.query as Query).response_url);
        const parties = requestParties(request, reply, ctx, 'CPO');
        return sendOcpi(reply, await profiles.clear(sessionId, responseUrl, parties));
      },
    },
  });
}

/** Each response_url kind accepts the result object of its request (CP-05). */
const RESULT_SCHEMAS = {
  GET: { schema: ActiveChargingProfileResult, name: 'ActiveChargingProfileResult' },
  PUT: { schema: ChargingProfileResult, name: 'ChargingProfileResult' },
  DELETE: { schema: ClearProfileResult, name: 'ClearProfileResult' },
} as const;

const KIND_OF_SEGMENT = new Map(Object.entries(RESULT_SEGMENT).map(([kind, segment]) => [segment, kind as ProfileRequestKind]));

export function registerEmspProfileRoutes(app: FastifyInstance, ctx: NodeContext, sender: AsyncSender, profiles: EmspChargingProfiles): void {
  const base = interfacePath('chargingprofiles', 'EMSP');
  ocpiPath(app, `${base}/:request/:uid`, 'ocpi', {
    POST: {
      handler: async (request, reply) => {
        const params = request.params as { request: string; uid: string };
        const kind = KIND_OF_SEGMENT.get(params.request);
        if (kind === undefined) throw OcpiError.notFound(`No charging profile request ${params.request}/${params.uid} awaits a result`);
        const parties = requestParties(request, reply, ctx, 'EMSP');
        const { schema, name } = RESULT_SCHEMAS[kind];
        const result = validateOrThrow(schema, request.body, name);
        await sender.receive(params.uid, parties.partner.id, kind, result);
        return sendOcpi(reply);
      },
    },
  });
  ocpiPath(app, `${base}/:session_id`, 'ocpi', {
    PUT: {
      handler: async (request, reply) => {
        const sessionId = sessionIdParam((request.params as SessionParams).session_id);
        const parties = requestParties(request, reply, ctx, 'EMSP');
        const profile = validateOrThrow(ActiveChargingProfile, request.body, 'ActiveChargingProfile');
        const created = await profiles.receiveActiveProfile(parties, sessionId, profile);
        // ST-05: 201 for a first profile of the session, 200 for an update; no data (CP-06).
        return sendOcpi(reply, undefined, created ? 201 : 200);
      },
    },
  });
}
