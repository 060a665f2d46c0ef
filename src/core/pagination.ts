/**
 * Pagination (PAG-01..PAG-11): offset/limit/date_from/date_to on every list GET, and the
 * X-Total-Count, X-Limit and Link rel="next" headers on every page.
 */
import { parseDateTime } from './datetime.js';
import { OcpiError } from './status.js';

export interface PageRequest {
  offset: number;
  /** The limit in force: the client's, capped at the server's maximum (PAG-08). */
  limit: number;
  /** Inclusive lower bound on last_updated, as the client sent it (PAG-03). */
  dateFrom?: string;
  /** Exclusive upper bound on last_updated, as the client sent it (PAG-03). */
  dateTo?: string;
}

export interface PageQuery {
  offset?: unknown;
  limit?: unknown;
  date_from?: unknown;
  date_to?: unknown;
}

function nonNegativeInteger(name: string, value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = String(value);
  if (!/^\d{1,9}$/.test(text)) throw OcpiError.invalid(`${name}: must be a non-negative integer`);
  return Number(text);
}

function dateTime(name: string, value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  const text = String(value);
  if (!parseDateTime(text)) throw OcpiError.invalid(`${name}: must be an OCPI DateTime such as 2024-01-31T12:00:00Z`);
  return text;
}

/** Reads the four parameters (PAG-02); a bad value is 2001 naming the parameter (PAG-11). */
export function parsePageRequest(query: PageQuery, maxLimit: number): PageRequest {
  const offset = nonNegativeInteger('offset', query.offset) ?? 0;
  const requested = nonNegativeInteger('limit', query.limit);
  if (requested === 0) throw OcpiError.invalid('limit: must be at least 1');
  const page: PageRequest = { offset, limit: Math.min(requested ?? maxLimit, maxLimit) };
  const dateFrom = dateTime('date_from', query.date_from);
  const dateTo = dateTime('date_to', query.date_to);
  if (dateFrom !== undefined) page.dateFrom = dateFrom;
  if (dateTo !== undefined) page.dateTo = dateTo;
  return page;
}

/**
 * Headers of one page. `url` is this endpoint's absolute URL without query; the next link repeats
 * the date filters and any `extra` parameters, with the next offset and the limit in force (PAG-07).
 */
export function pageHeaders(
  url: string,
  page: PageRequest,
  totalCount: number,
  returnedCount: number,
  extra: Record<string, string> = {},
): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Total-Count': String(totalCount),
    'X-Limit': String(page.limit),
  };
  const nextOffset = page.offset + returnedCount;
  if (returnedCount > 0 && nextOffset < totalCount) {
    const params = new URLSearchParams(extra);
    if (page.dateFrom !== undefined) params.set('date_from', page.dateFrom);
    if (page.dateTo !== undefined) params.set('date_to', page.dateTo);
    params.set('offset', String(nextOffset));
    params.set('limit', String(page.limit));
    headers.Link = `<${url}?${params.toString()}>; rel="next"`;
  }
  return headers;
}

/** The next-page URL from a Link header, for clients that crawl a list (PAG-10). */
export function nextLink(linkHeader: string | null | undefined): string | undefined {
  if (!linkHeader) return undefined;
  for (const part of linkHeader.split(',')) {
    const match = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (match && /\brel\s*=\s*"?next"?/i.test(match[2]!)) return match[1];
  }
  return undefined;
}
