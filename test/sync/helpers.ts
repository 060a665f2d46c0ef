/**
 * Fixtures for pull sync: a scripted partner whose SENDER lists the tests write page by page, and
 * a partner record pointing at it. Such a partner stands in for a non-conformant or failing peer —
 * what another platform lists is outside our control, so the tests script it.
 */
import type { ServerResponse } from 'node:http';
import type { EvroamConfig } from '../../src/config/schema.js';
import type { Partner } from '../../src/modules/credentials/partner.js';
import type { EvroamNode } from '../../src/node.js';
import { syncApi } from '../../src/sync/index.js';
import type { SyncService } from '../../src/sync/index.js';
import { Receiver } from '../push/helpers.js';
import type { Received } from '../push/helpers.js';

export { Receiver };
export type { Received };

/** No scheduled sync: the tests start every sync themselves. */
export const NO_SCHEDULE: Partial<EvroamConfig> = { sync: { intervalMinutes: 0 } };

/** The sync service of a node. */
export function syncOf(node: EvroamNode): SyncService {
  return syncApi(node.context).service;
}

/** A partner whose `modules` SENDER endpoints are on the scripted server, registered as a completed handshake would. */
export async function addSenderPartner(
  node: EvroamNode,
  server: Receiver,
  options: { modules: string[]; role: 'CPO' | 'EMSP' | 'HUB'; countryCode: string; partyId: string },
): Promise<Partner> {
  const name = `scripted-${server.port}`;
  const versionsUrl = `${server.base}/ocpi/versions`;
  const created = await node.partners.createForOutgoingRegistration(name, versionsUrl, false);
  const side = options.role === 'EMSP' ? 'emsp' : 'cpo';
  await node.partners.storeOutgoingConnection(
    created.id,
    {
      versionsUrl,
      version: '2.2.1',
      endpoints: options.modules.map((m) => ({ identifier: m, role: 'SENDER' as const, url: `${server.base}/ocpi/${side}/2.2.1/${m}` })),
      roles: [{ role: options.role, country_code: options.countryCode, party_id: options.partyId, business_details: { name } }],
      tokenToPartner: `token-for-${name}`,
    },
    `token-from-${name}`,
    'registered',
  );
  return (await node.partners.get(created.id))!;
}

/**
 * Answers list GETs from `pages` (one array of objects per page) with X-Total-Count, X-Limit and a
 * Link to the next page, as a paginated Sender does (PAG-06, PAG-07).
 */
export function servePages(server: Receiver, pages: () => unknown[][]): void {
  server.answer = (request, response) => {
    const url = new URL(request.url, server.base);
    const index = Number(url.searchParams.get('offset') ?? 0) / 10;
    const all = pages();
    listPage(response, all[index] ?? [], all.flat().length, index + 1 < all.length ? nextUrl(url, server.base, (index + 1) * 10) : undefined);
  };
}

export function listPage(response: ServerResponse, data: unknown[], total: number, next?: string): void {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Total-Count': String(total), 'X-Limit': '10' };
  if (next) headers.Link = `<${next}>; rel="next"`;
  response.writeHead(200, headers);
  response.end(JSON.stringify({ data, status_code: 1000, timestamp: new Date().toISOString() }));
}

function nextUrl(url: URL, base: string, offset: number): string {
  const next = new URL(url.pathname + url.search, base);
  next.searchParams.set('offset', String(offset));
  next.searchParams.set('limit', '10');
  return next.toString();
}

/** The query parameters of the list requests the scripted server got. */
export function listQueries(server: Receiver): URLSearchParams[] {
  return server.requests.filter((r) => r.method === 'GET').map((r) => new URL(r.url, server.base).searchParams);
}
