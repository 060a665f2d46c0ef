/**
 * HTTP side of the Locations module: the CPO's Sender interface (LOC-01, LOC-02) and the eMSP's
 * Receiver interface (LOC-05..LOC-10). Every request resolves its routing parties first (T-26).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OcpiError, OcpiStatus } from '../../core/status.js';
import { sendOcpiJson } from '../../http/reply.js';
import { ocpiPath } from '../../http/routes.js';
import type { NodeContext } from '../module.js';
import type { ObjectStore } from '../shared/object-store.js';
import { sendWriteResult } from '../shared/receiver.js';
import { functionalCall } from '../shared/routing.js';
import { sendObjectList } from '../shared/sender.js';
import { interfacePath } from '../versions/interfaces.js';
import { unknownLocation } from './own.js';
import type { LocationParams, ReceivedLocations } from './receiver.js';
import type { Location } from './schema.js';
import { findConnector, findEvse } from './tree.js';

export const CPO_LOCATIONS_PATH = interfacePath('locations', 'CPO');
export const EMSP_LOCATIONS_PATH = interfacePath('locations', 'EMSP');

/**
 * The CPO Sender: the paginated list and the single Location, EVSE or Connector of the addressed
 * own party. The full list (no date_from) holds only Locations with valid EVSEs (LOC-01, LOC-11);
 * an incremental one (date_from given) also those whose last EVSE was just REMOVED, so that a
 * client syncing by date learns about it (PAG-13, PIT-08).
 */
export function registerLocationsSender(app: FastifyInstance, ctx: NodeContext, store: ObjectStore<Location>): void {
  const call = (request: FastifyRequest, reply: FastifyReply) => functionalCall(request, reply, ctx, 'CPO');
  ocpiPath(app, CPO_LOCATIONS_PATH, 'ocpi', {
    GET: {
      handler: async (request, reply) =>
        sendObjectList(request, reply, ctx, call(request, reply), store, {
          path: CPO_LOCATIONS_PATH,
          where: (query, _call, page) => (page.dateFrom === undefined ? query.where('valid_evses', '=', 1) : query),
          whereKey: (_call, page) => (page.dateFrom === undefined ? 'valid_evses' : ''),
        }),
    },
  });

  const object = async (request: FastifyRequest, reply: FastifyReply) => {
    const { own } = call(request, reply);
    const params = request.params as Omit<LocationParams, 'country_code' | 'party_id'>;
    const json = await store.getJson(true, { countryCode: own.countryCode, partyId: own.partyId, id: params.location_id });
    if (json === undefined) throw unknownLocation(params.location_id);
    if (params.evse_uid === undefined) return sendOcpiJson(reply, json);
    const evse = findEvse(JSON.parse(json) as Location, params.evse_uid);
    if (!evse) throw OcpiError.notFound(`Unknown EVSE ${params.evse_uid}`, OcpiStatus.INVALID_PARAMETERS);
    if (params.connector_id === undefined) return sendOcpiJson(reply, JSON.stringify(evse));
    const connector = findConnector(evse, params.connector_id);
    if (!connector) throw OcpiError.notFound(`Unknown Connector ${params.connector_id}`, OcpiStatus.INVALID_PARAMETERS);
    return sendOcpiJson(reply, JSON.stringify(connector));
  };
  for (const suffix of ['/:location_id', '/:location_id/:evse_uid', '/:location_id/:evse_uid/:connector_id']) {
    ocpiPath(app, `${CPO_LOCATIONS_PATH}${suffix}`, 'ocpi', { GET: { handler: object } });
  }
}

/** The eMSP Receiver: GET, PUT, PATCH at Location, EVSE and Connector depth; POST and DELETE are 405. */
export function registerLocationsReceiver(app: FastifyInstance, ctx: NodeContext, received: ReceivedLocations): void {
  const call = (request: FastifyRequest, reply: FastifyReply) => functionalCall(request, reply, ctx, 'EMSP');
  const params = (request: FastifyRequest) => request.params as LocationParams;
  for (const suffix of ['/:location_id', '/:location_id/:evse_uid', '/:location_id/:evse_uid/:connector_id']) {
    ocpiPath(app, `${EMSP_LOCATIONS_PATH}/:country_code/:party_id${suffix}`, 'ocpi', {
      GET: { handler: async (request, reply) => sendOcpiJson(reply, await received.getJson(call(request, reply), params(request))) },
      PUT: { handler: async (request, reply) => sendWriteResult(reply, await received.put(call(request, reply), params(request), request.body)) },
      PATCH: {
        handler: async (request, reply) => sendWriteResult(reply, await received.patch(call(request, reply), params(request), request.body)),
      },
    });
  }
}
