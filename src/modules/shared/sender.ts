/**
 * The Sender side of an object module: the paginated list GET (PAG-01..PAG-09) served from stored
 * JSON text, limited to the objects of the addressed own party.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pageHeaders, parsePageRequest } from '../../core/pagination.js';
import type { PageQuery, PageRequest } from '../../core/pagination.js';
import { sendOcpiJson } from '../../http/reply.js';
import type { NodeContext } from '../module.js';
import type { ObjectQuery, ObjectStore } from './object-store.js';
import type { FunctionalCall } from './routing.js';

export interface SenderListOptions {
  /** The interface path below publicUrl (e.g. `/ocpi/cpo/2.2.1/locations`), for the Link header. */
  path: string;
  /** The module's page size maximum; default config `limits.pageLimit` (PAG-08). */
  maxLimit?: number;
  /** Visibility rules of the module (publish rules, the caller's own sessions …); `page` holds the filters asked for. */
  where?: (query: ObjectQuery, call: FunctionalCall, page: PageRequest) => ObjectQuery;
  /** Names what `where` selects for this call and page (equal keys = equal rows), so pages can be cached. */
  whereKey?: (call: FunctionalCall, page: PageRequest) => string;
}

/**
 * Answers a list GET: the addressed own party's objects, filtered by date_from (inclusive) and
 * date_to (exclusive) on last_updated, oldest first, with X-Total-Count, X-Limit and Link (absolute
 * URL repeating the filters). Bad parameters are 2001 naming the parameter (PAG-11).
 */
export async function sendObjectList<T extends object>(
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: NodeContext,
  call: FunctionalCall,
  store: ObjectStore<T>,
  options: SenderListOptions,
): Promise<FastifyReply> {
  const page = parsePageRequest((request.query ?? {}) as PageQuery, options.maxLimit ?? ctx.config.limits.pageLimit);
  const where = options.where;
  const result = await store.page(
    {
      own: true,
      parties: [call.own],
      ...(page.dateFrom !== undefined ? { dateFrom: page.dateFrom } : {}),
      ...(page.dateTo !== undefined ? { dateTo: page.dateTo } : {}),
      ...(where ? { where: (q: ObjectQuery) => where(q, call, page) } : {}),
      ...(options.whereKey ? { whereKey: options.whereKey(call, page) } : {}),
    },
    page.offset,
    page.limit,
  );
  reply.headers(pageHeaders(`${ctx.publicUrl}${options.path}`, page, result.total, result.count));
  return sendOcpiJson(reply, result.json);
}
