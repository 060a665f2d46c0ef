/**
 * One attempt at one row: look up the partner's current endpoint and token, send, and record the
 * outcome. The request carries the row's correlation ID on every attempt, so the partner can tell
 * a retry of a change from a new change (T-22).
 */
import type { Logger } from 'pino';
import { OcpiClient } from '../client/ocpi-client.js';
import type { Partner } from '../modules/credentials/partner.js';
import { partnerEndpoint } from '../modules/credentials/partner.js';
import { backoffDelay } from './backoff.js';
import type { PushSettings } from './config.js';
import { classifyFailure } from './failure.js';
import type { OutboxRow, OutboxStore } from './store.js';

export interface DeliveryContext {
  store: OutboxStore;
  settings: PushSettings;
  instanceId: string;
  logger: Logger;
  now(): number;
}

/** Endpoint URL + the row's relative path; the endpoint may or may not end in a slash. */
export function targetUrl(endpoint: string, path: string): string {
  return endpoint.replace(/\/+$/, '') + path;
}

export async function deliver(ctx: DeliveryContext, partner: Partner, row: OutboxRow): Promise<void> {
  const log = ctx.logger.child({ partnerId: partner.id, rowId: row.id, correlationId: row.correlationId });
  const endpoint = partnerEndpoint(partner, row.module, 'RECEIVER');
  if (endpoint === undefined) {
    await ctx.store.dead(row, ctx.instanceId, `partner no longer offers a ${row.module} RECEIVER endpoint`, ctx.now());
    log.warn({ module: row.module }, 'push dead: partner has no receiver endpoint any more');
    return;
  }
  try {
    if (partner.tokenToPartner === undefined) throw new Error('no token to call the partner with');
    const client = new OcpiClient({
      token: partner.tokenToPartner,
      legacyPlainToken: partner.legacyPlainToken,
      timeoutMs: ctx.settings.requestTimeoutMs,
      logger: log,
    });
    const result = await client.request({
      method: row.method,
      module: row.module,
      url: targetUrl(endpoint, row.path),
      ...(row.body !== null ? { body: row.body } : {}),
      correlationId: row.correlationId,
      routing: { from: row.from, to: row.to },
    });
    const owned = await ctx.store.delivered(row, ctx.instanceId, ctx.now());
    // Debug: at EVSE-status rates one line per delivery would drown the log; failures are warnings.
    log.debug({ method: row.method, url: result.url, requestId: result.requestId, attempts: row.attempts + 1, owned }, 'push delivered');
  } catch (error) {
    await recordFailure(ctx, row, error, log);
  }
}

async function recordFailure(ctx: DeliveryContext, row: OutboxRow, error: unknown, log: Logger): Promise<void> {
  const failure = classifyFailure(error);
  const detail = { requestId: failure.requestId, httpStatus: failure.httpStatus, attempts: row.attempts + 1 };
  if (failure.kind === 'refused') {
    await ctx.store.dead(row, ctx.instanceId, `refused by the partner: ${failure.message}`, ctx.now());
    log.warn(detail, `push dead: ${failure.message}`);
    return;
  }
  const outcome = await ctx.store.retry(
    row,
    ctx.instanceId,
    failure.message,
    (failures) => backoffDelay(ctx.settings, failures, failure.retryAfterMs),
    ctx.settings.horizonMs,
    ctx.now(),
  );
  log.warn({ ...detail, retryAfterMs: failure.retryAfterMs, ...outcome }, `push failed: ${failure.message}`);
}
