/**
 * Operator lists of stored OCPI objects: one page assembled from the stored JSON text, with the
 * same parameters and headers as OCPI lists (offset, limit, date_from, date_to; X-Total-Count,
 * X-Limit, Link rel="next").
 */
import type { FastifyReply } from 'fastify';
import { pageHeaders, parsePageRequest } from '../core/pagination.js';
import type { PageQuery } from '../core/pagination.js';
import type { NodeContext } from '../modules/module.js';
import type { ListFilter, ObjectStore } from '../modules/shared/object-store.js';
import { sendJsonText } from './http.js';

/** The operator API's prefix. */
export const ADMIN_PREFIX = '/admin/v1';

const CLOSE = Buffer.from('}');

export async function sendObjectPage<T extends object>(
  reply: FastifyReply,
  ctx: NodeContext,
  /** Below the prefix, for the Link header: `/locations`. */
  path: string,
  query: PageQuery,
  store: ObjectStore<T>,
  filter: Omit<ListFilter, 'dateFrom' | 'dateTo'>,
  /** Further query parameters the next link repeats (filters). */
  extra: Record<string, string> = {},
): Promise<FastifyReply> {
  const page = parsePageRequest(query, ctx.config.limits.pageLimit);
  const result = await store.page(
    {
      ...filter,
      ...(page.dateFrom !== undefined ? { dateFrom: page.dateFrom } : {}),
      ...(page.dateTo !== undefined ? { dateTo: page.dateTo } : {}),
    },
    page.offset,
    page.limit,
  );
  reply.headers(pageHeaders(`${ctx.publicUrl}${ADMIN_PREFIX}${path}`, page, result.total, result.count, extra));
  const head = Buffer.from(`{"total":${result.total},"offset":${page.offset},"limit":${page.limit},"items":`);
  return sendJsonText(reply, Buffer.concat([head, result.json, CLOSE]));
}
