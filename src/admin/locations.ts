/**
 * The CPO's own Locations, EVSEs and Connectors through the Locations library API (OwnLocations):
 * every change is validated by the module, stored, and emitted as the change the push outbox sends
 * to receiving partners. Removal is the OCPI way: EVSEs get status REMOVED (LOC-11).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../modules/module.js';
import type { LocationRef, OwnLocations } from '../modules/locations/index.js';
import type { ConnectorInput, EvseInput, LocationInput } from '../modules/locations/own.js';
import { Connector, EVSE, Location } from '../modules/locations/schema.js';
import { findConnector, findEvse } from '../modules/locations/tree.js';
import type { ObjectStore } from '../modules/shared/object-store.js';
import { assertBodyId, assertBodyParty } from '../modules/shared/ownership.js';
import { ownPartiesOf } from '../modules/shared/routing.js';
import { AdminError, objectBody, operatorRoute, sendPut } from './http.js';
import { sendObjectPage } from './lists.js';
import { errors, InputOf, Page, PageQuery } from './schemas.js';
import { ConnectorFieldsSchema, ConnectorInputSchema, EvseFieldsSchema, EvseInputSchema, LocationFieldsSchema, LocationInputSchema } from '../modules/locations/inputs.js';

const LocationParams = Type.Object({
  country_code: Location.properties.country_code,
  party_id: Location.properties.party_id,
  location_id: Location.properties.id,
});
const EvseParams = Type.Object({ ...LocationParams.properties, evse_uid: EVSE.properties.uid });
const ConnectorParams = Type.Object({ ...EvseParams.properties, connector_id: Connector.properties.id });

// The Locations library's own input schemas (last_updated optional at every level: evroam fills it).
const LEFT_OUT = 'last_updated may be left out at every level (evroam sets it where the content changed)';
const LocationBody = InputOf(LocationInputSchema, ['country_code', 'party_id', 'id'], `A Location; country_code, party_id and id default to the URL's. ${LEFT_OUT}`);
const LocationFields = InputOf(LocationFieldsSchema, [], 'Fields of the Location to change; evses merge by uid. Identifiers cannot change');
const EvseBody = InputOf(EvseInputSchema, ['uid'], `An EVSE; uid defaults to the URL's. ${LEFT_OUT}`);
const EvseFields = InputOf(EvseFieldsSchema, [], 'Fields of the EVSE to change (e.g. status); connectors merge by id');
const ConnectorBody = InputOf(ConnectorInputSchema, ['id'], "A Connector; id defaults to the URL's");
const ConnectorFields = InputOf(ConnectorFieldsSchema, [], 'Fields of the Connector to change');

type LocationParams = { country_code: string; party_id: string; location_id: string };

function refOf(params: LocationParams): LocationRef {
  return { countryCode: params.country_code, partyId: params.party_id, locationId: params.location_id };
}

export function registerLocationRoutes(app: FastifyInstance, ctx: NodeContext, own: OwnLocations, store: ObjectStore<Location>): void {
  const find = async (params: LocationParams): Promise<Location> => {
    const location = await own.get(refOf(params));
    if (!location) throw AdminError.notFound(`Unknown Location ${params.country_code}/${params.party_id}/${params.location_id}`);
    return location;
  };
  const findEvseIn = async (params: LocationParams & { evse_uid: string }): Promise<EVSE> => {
    const evse = findEvse(await find(params), params.evse_uid);
    if (!evse) throw AdminError.notFound(`Unknown EVSE ${params.evse_uid} of Location ${params.location_id}`);
    return evse;
  };

  operatorRoute(
    app,
    'GET',
    '/locations',
    {
      summary: 'List own Locations',
      description: 'Every Location of every own CPO party, oldest first, published or not.',
      querystring: PageQuery,
      response: { 200: Page(Location, 'A page of own Locations'), ...errors(400) },
    },
    async (request, reply) => sendObjectPage(reply, ctx, '/locations', request.query, store, { own: true, parties: ownPartiesOf(ctx, 'CPO') }),
  );

  operatorRoute(
    app,
    'GET',
    '/locations/:country_code/:party_id/:location_id',
    { summary: 'Get an own Location', params: LocationParams, response: { 200: Location, ...errors(400, 404) } },
    async (request) => find(request.params),
  );

  operatorRoute(
    app,
    'PUT',
    '/locations/:country_code/:party_id/:location_id',
    {
      summary: 'Create or replace an own Location',
      description: 'Receivers get a PUT of the Location when its content changed. 201 when created.',
      params: LocationParams,
      body: LocationBody,
      response: { 200: Location, 201: Location, ...errors(400) },
    },
    async (request, reply) => {
      const { params } = request;
      const body = objectBody(request.body);
      assertBodyParty(body, { countryCode: params.country_code, partyId: params.party_id });
      assertBodyId(body, 'id', params.location_id);
      const existing = await own.get(refOf(params));
      const input = { body: { ...body, country_code: params.country_code, party_id: params.party_id }, idField: 'id', urlId: params.location_id, existing };
      return sendPut(reply, input, (location) => own.putLocation(location as LocationInput));
    },
  );

  operatorRoute(
    app,
    'PATCH',
    '/locations/:country_code/:party_id/:location_id',
    {
      summary: 'Change fields of an own Location',
      params: LocationParams,
      body: LocationFields,
      response: { 200: Location, ...errors(400, 404) },
    },
    async (request) => own.patchLocation(refOf(request.params), objectBody(request.body)),
  );

  operatorRoute(
    app,
    'DELETE',
    '/locations/:country_code/:party_id/:location_id',
    {
      summary: 'Remove an own Location',
      description: 'Every EVSE gets status REMOVED (LOC-11) and receivers get the Location again; it leaves the Sender list.',
      params: LocationParams,
      response: { 200: Location, ...errors(400, 404) },
    },
    async (request) => own.removeLocation(refOf(request.params)),
  );

  operatorRoute(
    app,
    'GET',
    '/locations/:country_code/:party_id/:location_id/:evse_uid',
    { summary: 'Get an EVSE of an own Location', params: EvseParams, response: { 200: EVSE, ...errors(400, 404) } },
    async (request) => findEvseIn(request.params),
  );

  operatorRoute(
    app,
    'PUT',
    '/locations/:country_code/:party_id/:location_id/:evse_uid',
    {
      summary: 'Create or replace an EVSE of an own Location',
      params: EvseParams,
      body: EvseBody,
      response: { 200: EVSE, 201: EVSE, ...errors(400, 404) },
    },
    async (request, reply) => {
      const { params } = request;
      const body = objectBody(request.body);
      assertBodyId(body, 'uid', params.evse_uid);
      const existing = findEvse(await find(params), params.evse_uid);
      return sendPut(reply, { body, idField: 'uid', urlId: params.evse_uid, existing }, (evse) => own.putEvse(refOf(params), evse as EvseInput));
    },
  );

  operatorRoute(
    app,
    'PATCH',
    '/locations/:country_code/:party_id/:location_id/:evse_uid',
    { summary: 'Change fields of an EVSE (e.g. its status)', params: EvseParams, body: EvseFields, response: { 200: EVSE, ...errors(400, 404) } },
    async (request) => own.patchEvse(refOf(request.params), request.params.evse_uid, objectBody(request.body)),
  );

  operatorRoute(
    app,
    'DELETE',
    '/locations/:country_code/:party_id/:location_id/:evse_uid',
    { summary: 'Remove an EVSE (status REMOVED, LOC-11)', params: EvseParams, response: { 200: EVSE, ...errors(400, 404) } },
    async (request) => own.removeEvse(refOf(request.params), request.params.evse_uid),
  );

  operatorRoute(
    app,
    'GET',
    '/locations/:country_code/:party_id/:location_id/:evse_uid/:connector_id',
    { summary: 'Get a Connector of an own EVSE', params: ConnectorParams, response: { 200: Connector, ...errors(400, 404) } },
    async (request) => {
      const connector = findConnector(await findEvseIn(request.params), request.params.connector_id);
      if (!connector) throw AdminError.notFound(`Unknown Connector ${request.params.connector_id} of EVSE ${request.params.evse_uid}`);
      return connector;
    },
  );

  operatorRoute(
    app,
    'PUT',
    '/locations/:country_code/:party_id/:location_id/:evse_uid/:connector_id',
    {
      summary: 'Create or replace a Connector of an own EVSE',
      params: ConnectorParams,
      body: ConnectorBody,
      response: { 200: Connector, 201: Connector, ...errors(400, 404) },
    },
    async (request, reply) => {
      const { params } = request;
      const body = objectBody(request.body);
      assertBodyId(body, 'id', params.connector_id);
      const existing = findConnector(await findEvseIn(params), params.connector_id);
      return sendPut(reply, { body, idField: 'id', urlId: params.connector_id, existing }, (connector) =>
        own.putConnector(refOf(params), params.evse_uid, connector as ConnectorInput),
      );
    },
  );

  operatorRoute(
    app,
    'PATCH',
    '/locations/:country_code/:party_id/:location_id/:evse_uid/:connector_id',
    { summary: 'Change fields of a Connector', params: ConnectorParams, body: ConnectorFields, response: { 200: Connector, ...errors(400, 404) } },
    async (request) => own.patchConnector(refOf(request.params), request.params.evse_uid, request.params.connector_id, objectBody(request.body)),
  );

  operatorRoute(
    app,
    'DELETE',
    '/locations/:country_code/:party_id/:location_id/:evse_uid/:connector_id',
    {
      summary: 'Remove a Connector from its EVSE',
      description: 'Answers the EVSE as it is now. An EVSE keeps at least one Connector: set the EVSE REMOVED instead.',
      params: ConnectorParams,
      response: { 200: EVSE, ...errors(400, 404) },
    },
    async (request) => own.removeConnector(refOf(request.params), request.params.evse_uid, request.params.connector_id),
  );
}
