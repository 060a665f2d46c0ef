/**
 * Reading what partners sent this node, under `/received`: the Locations, Tariffs, Sessions and
 * CDRs of CPO partners (eMSP nodes), the Tokens of eMSP partners (CPO nodes). One list and one get
 * per kind, all read from the module's object store as stored; a kind may narrow both to what one
 * viewer may see (Locations: LOC-14, published.ts).
 */
import { Type } from '@sinclair/typebox';
import type { TObject, TProperties, TSchema, TString } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../modules/module.js';
import type { ListFilter, ObjectKey, ObjectStore } from '../modules/shared/object-store.js';
import { AdminError, operatorRoute, sendJsonText } from './http.js';
import { sendObjectPage } from './lists.js';
import { errors, Page, PageQueryProperties } from './schemas.js';

/** `partner_id`: the received objects of one partner connection. */
export function PartnerIdParam(plural: string) {
  return Type.Optional(Type.String({ maxLength: 36, description: `Only the ${plural} this partner connection sent` }));
}

/** Every received object, or those of one partner connection. */
export function receivedFilter(partnerId: string | undefined): ListFilter {
  return { own: false, ...(partnerId !== undefined ? { where: (q) => q.where('partner_id', '=', partnerId) } : {}) };
}

/** Who the objects are shown to, when a query names one (see ReceivedView). */
export interface Viewer<T> {
  /** The query parameters naming the viewer, repeated by the next-page link. */
  params: Record<string, string>;
  /** The list filter narrowed to what the viewer may see (in SQL: pages and totals stay exact). */
  narrow(filter: ListFilter): Promise<ListFilter>;
  shows(object: T): boolean;
}

/** A kind's narrowing of what the operator is shown to what one viewer may see. */
export interface ReceivedView<T> {
  /** The query parameters naming a viewer, on the list and the get. */
  query: TProperties;
  /** The viewer `query` names, or undefined when it names none; an AdminError for a wrong one. */
  viewer(query: Record<string, string | undefined>): Promise<Viewer<T> | undefined>;
}

export interface ReceivedKind<T extends object> {
  /** `Location`, `Token` … */
  name: string;
  /** Below `/received`: `/locations`. */
  path: string;
  schema: TSchema & Pick<TObject<{ country_code: TString; party_id: TString }>, 'properties'>;
  /** The object's id field (Tokens: `uid`); served as the URL's `{id}`. Default `id`. */
  idField?: string;
  /** Tokens: the second identity component, from `?type=` (TOK-02). */
  variant?: { param: string; schema: TSchema; default: string };
  store: ObjectStore<T>;
  view?: ReceivedView<T>;
}

export function registerReceivedRoutes<T extends object>(app: FastifyInstance, ctx: NodeContext, kind: ReceivedKind<T>): void {
  const plural = `${kind.name}s`;
  const path = `/received${kind.path}`;
  const viewQuery = kind.view?.query ?? {};
  const viewer = async (query: Record<string, string | undefined>) => kind.view?.viewer(query);
  const ListQuery = Type.Object({ ...PageQueryProperties, partner_id: PartnerIdParam(plural), ...viewQuery });
  const { country_code, party_id } = kind.schema.properties;
  const Params = Type.Object({ country_code, party_id, id: (kind.schema.properties as TProperties)[kind.idField ?? 'id']! });
  const variant = kind.variant;
  const GetQuery = Type.Object({ ...(variant ? { [variant.param]: Type.Optional(variant.schema) } : {}), ...viewQuery });

  operatorRoute(
    app,
    'GET',
    path,
    {
      summary: `List received ${plural}`,
      description: `The ${plural} partners sent this node, oldest first; date_from/date_to filter on last_updated.`,
      querystring: ListQuery,
      response: { 200: Page(kind.schema, `A page of received ${plural}`), ...errors(400) },
    },
    async (request, reply) => {
      const query = request.query as Record<string, string | undefined>;
      const partnerId = query.partner_id;
      const shownTo = await viewer(query);
      const filter = receivedFilter(partnerId);
      const extra = { ...(partnerId !== undefined ? { partner_id: partnerId } : {}), ...shownTo?.params };
      return sendObjectPage(reply, ctx, path, request.query, kind.store, shownTo ? await shownTo.narrow(filter) : filter, extra);
    },
  );

  operatorRoute(
    app,
    'GET',
    `${path}/:country_code/:party_id/:id`,
    {
      summary: `Get a received ${kind.name}`,
      description: `A ${kind.name} a partner sent this node.`,
      params: Params,
      querystring: GetQuery,
      response: { 200: kind.schema, ...errors(400, 404) },
    },
    async (request, reply) => {
      const { country_code, party_id, id } = request.params as Record<'country_code' | 'party_id' | 'id', string>;
      const query = request.query as Record<string, string | undefined>;
      const shownTo = await viewer(query);
      const key: ObjectKey = { countryCode: country_code, partyId: party_id, id, ...(variant ? { variant: query[variant.param] ?? variant.default } : {}) };
      const stored = await kind.store.get(false, key);
      if (stored === undefined || (shownTo && !shownTo.shows(stored.object))) {
        throw AdminError.notFound(`Unknown ${kind.name} ${country_code}/${party_id}/${id}${shownTo ? ' (or not shown to the given token)' : ''}`);
      }
      return sendJsonText(reply, stored.json);
    },
  );
}
