/** The CPO's own Tariffs through the Tariffs library API (OwnTariffs): PUT and DELETE reach receivers. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../modules/module.js';
import type { ObjectStore } from '../modules/shared/object-store.js';
import { assertBodyId, assertBodyParty } from '../modules/shared/ownership.js';
import { ownPartiesOf } from '../modules/shared/routing.js';
import type { OwnTariffs, TariffInput } from '../modules/tariffs/index.js';
import { Tariff } from '../modules/tariffs/schema.js';
import { AdminError, objectBody, operatorRoute, sendPut } from './http.js';
import { sendObjectPage } from './lists.js';
import { errors, ModuleInputOf, Page, PageQuery } from './schemas.js';

const TariffParams = Type.Object({
  country_code: Tariff.properties.country_code,
  party_id: Tariff.properties.party_id,
  tariff_id: Tariff.properties.id,
});
const TariffBody = ModuleInputOf(Tariff, ['country_code', 'party_id', 'id', 'last_updated'], "A Tariff; country_code, party_id and id default to the URL's, last_updated to now");

export function registerTariffRoutes(app: FastifyInstance, ctx: NodeContext, own: OwnTariffs, store: ObjectStore<Tariff>): void {
  operatorRoute(
    app,
    'GET',
    '/tariffs',
    { summary: 'List own Tariffs', querystring: PageQuery, response: { 200: Page(Tariff, 'A page of own Tariffs'), ...errors(400) } },
    async (request, reply) => sendObjectPage(reply, ctx, '/tariffs', request.query, store, { own: true, parties: ownPartiesOf(ctx, 'CPO') }),
  );

  operatorRoute(
    app,
    'GET',
    '/tariffs/:country_code/:party_id/:tariff_id',
    { summary: 'Get an own Tariff', params: TariffParams, response: { 200: Tariff, ...errors(400, 404) } },
    async (request) => {
      const { country_code, party_id, tariff_id } = request.params;
      const tariff = await own.get(country_code, party_id, tariff_id);
      if (!tariff) throw AdminError.notFound(`Unknown Tariff ${country_code}/${party_id}/${tariff_id}`);
      return tariff;
    },
  );

  operatorRoute(
    app,
    'PUT',
    '/tariffs/:country_code/:party_id/:tariff_id',
    {
      summary: 'Create or replace an own Tariff',
      description: 'Receivers get a PUT when the content changed. 201 when created.',
      params: TariffParams,
      body: TariffBody,
      response: { 200: Tariff, 201: Tariff, ...errors(400) },
    },
    async (request, reply) => {
      const { country_code, party_id, tariff_id } = request.params;
      const body = objectBody(request.body);
      assertBodyParty(body, { countryCode: country_code, partyId: party_id });
      assertBodyId(body, 'id', tariff_id);
      const existing = await own.get(country_code, party_id, tariff_id);
      return sendPut(reply, { body: { ...body, country_code, party_id }, idField: 'id', urlId: tariff_id, existing }, (tariff) => own.put(tariff as TariffInput));
    },
  );

  operatorRoute(
    app,
    'DELETE',
    '/tariffs/:country_code/:party_id/:tariff_id',
    {
      summary: 'Delete an own Tariff',
      description: 'Receivers get a DELETE (TAR-04). Connectors should no longer reference it (TAR-05).',
      params: TariffParams,
      response: { 204: Type.Null({ description: 'Deleted' }), ...errors(400, 404) },
    },
    async (request, reply) => {
      const { country_code, party_id, tariff_id } = request.params;
      if (!(await own.delete(country_code, party_id, tariff_id))) throw AdminError.notFound(`Unknown Tariff ${country_code}/${party_id}/${tariff_id}`);
      return reply.code(204).send();
    },
  );
}
