/**
 * A response_url (commands, charging profiles) is where this node later POSTs a result on its
 * own initiative, carrying the partner's token. Taken as given, it would let a partner make this
 * node POST to its own loopback, a cloud metadata service or another partner (SSRF). So a
 * response_url is accepted only on an origin (scheme, host, port) the calling partner registered
 * with this node — its versions URL or an endpoint of its version details — or one the operator
 * allows in `responseUrls.extraOrigins`. Refusals are 2001 naming response_url (status_codes: the
 * request reached the OCPI layer), and a warning names the partner, since it may be probing.
 */
import { OcpiError } from '../../core/status.js';
import type { Partner } from '../credentials/partner.js';
import type { NodeContext } from '../module.js';

/** What makes `responseUrl` unacceptable from `partner`, or undefined when it is acceptable. */
export function responseUrlProblem(
  responseUrl: string,
  partner: Pick<Partner, 'versionsUrl' | 'endpoints'>,
  extraOrigins: readonly string[] = [],
): string | undefined {
  const url = parsed(responseUrl);
  if (url === undefined) return 'must be an absolute URL';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  // fetch() refuses URLs with credentials: such a result could never be delivered.
  if (url.username !== '' || url.password !== '') return 'must not carry user information';
  const allowed = new Set<string>();
  for (const registered of [partner.versionsUrl, ...partner.endpoints.map((e) => e.url), ...extraOrigins]) {
    const origin = registered === undefined ? undefined : parsed(registered)?.origin;
    if (origin !== undefined) allowed.add(origin);
  }
  if (!allowed.has(url.origin)) return `must lie on an origin the partner registered (its versions URL or endpoints), not ${url.origin}`;
  return undefined;
}

/**
 * Refuses the request (2001 naming response_url, with `refusal` as data) unless `responseUrl` is
 * acceptable from `partner`; nothing else of the request has happened yet when this throws.
 */
export function assertResponseUrl(ctx: Pick<NodeContext, 'config' | 'logger'>, partner: Partner, responseUrl: string, refusal?: unknown): void {
  const problem = responseUrlProblem(responseUrl, partner, ctx.config.responseUrls?.extraOrigins);
  if (problem === undefined) return;
  ctx.logger.warn({ partner: partner.id, partnerName: partner.name, responseUrl, problem }, 'response_url refused');
  throw OcpiError.invalid(`response_url: ${problem}`, refusal);
}

function parsed(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
