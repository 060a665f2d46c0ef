/**
 * Reading Sessions and CDRs: the CPO's own (`scope=own`) and those CPO partners sent this eMSP
 * (`scope=received`, as `/received/sessions` and `/received/cdrs` do: received.ts). Writing own
 * ones: sessions.ts and cdrs.ts.
 */
import { Type } from '@sinclair/typebox';
import type { TObject, TSchema, TString } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Enum } from '../core/types.js';
import type { NodeContext } from '../modules/module.js';
import type { ListFilter, ObjectStore } from '../modules/shared/object-store.js';
import { isOwnParty, ownPartiesOf } from '../modules/shared/routing.js';
import { AdminError, operatorRoute, sendJsonText } from './http.js';
import { sendObjectPage } from './lists.js';
import { PartnerIdParam, receivedFilter } from './received.js';
import { errors, Page, PageQueryProperties } from './schemas.js';

export interface RecordKind<T extends object> {
  /** `Session`, `CDR`. */
  name: string;
  /** Below the prefix: `/sessions`. */
  path: string;
  schema: TSchema & Pick<TObject<{ country_code: TString; party_id: TString; id: TString }>, 'properties'>;
  store: ObjectStore<T>;
}

type Scope = 'own' | 'received';

export function registerRecordRoutes<T extends object>(app: FastifyInstance, ctx: NodeContext, kind: RecordKind<T>): void {
  // A CPO has own ones, an eMSP received ones; a node playing both lists its own unless asked.
  const scopes: Scope[] = [...(ctx.ownRoles.has('CPO') ? ['own' as const] : []), ...(ctx.ownRoles.has('EMSP') ? ['received' as const] : [])];
  if (scopes.length === 0) return;
  const plural = `${kind.name}s`;
  const ListQuery = Type.Object({
    ...PageQueryProperties,
    scope: Type.Optional(Enum(scopes as [Scope, ...Scope[]], { description: `own: this CPO's ${plural}; received: ${plural} CPO partners sent. Default: ${scopes[0]}` })),
    partner_id: PartnerIdParam(`${plural} (scope=received)`),
  });
  const { country_code, party_id, id } = kind.schema.properties;
  const Params = Type.Object({ country_code, party_id, id });

  operatorRoute(
    app,
    'GET',
    kind.path,
    {
      summary: `List ${plural}`,
      description: `Oldest first; date_from/date_to filter on last_updated.`,
      querystring: ListQuery,
      response: { 200: Page(kind.schema, `A page of ${plural}`), ...errors(400) },
    },
    async (request, reply) => {
      const { scope = scopes[0]!, partner_id: partnerId } = request.query;
      if (partnerId !== undefined && scope !== 'received') throw AdminError.invalid('partner_id: only with scope=received', 'partner_id');
      const extra: Record<string, string> = { scope, ...(partnerId !== undefined ? { partner_id: partnerId } : {}) };
      const filter: ListFilter = scope === 'own' ? { own: true, parties: ownPartiesOf(ctx, 'CPO') } : receivedFilter(partnerId);
      return sendObjectPage(reply, ctx, kind.path, request.query, kind.store, filter, extra);
    },
  );

  operatorRoute(
    app,
    'GET',
    `${kind.path}/:country_code/:party_id/:id`,
    {
      summary: `Get a ${kind.name}`,
      description: `An own ${kind.name} when the party is one of this node's, else one a CPO partner sent.`,
      params: Params,
      response: { 200: kind.schema, ...errors(400, 404) },
    },
    async (request, reply) => {
      const { country_code, party_id, id } = request.params;
      const json = await kind.store.getJson(isOwnParty(ctx, country_code, party_id), { countryCode: country_code, partyId: party_id, id });
      if (json === undefined) throw AdminError.notFound(`Unknown ${kind.name} ${country_code}/${party_id}/${id}`);
      return sendJsonText(reply, json);
    },
  );
}
