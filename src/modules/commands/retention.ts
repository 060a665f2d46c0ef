/**
 * Ended asynchronous requests are kept for a while — operators read outcomes, a ReserveNow's
 * response_url may still get CANCELED_RESERVATION (CMD-10), a profile sender's PUT vouches for the
 * ActiveChargingProfile pushes it gets (CP-06) — then deleted, so the table does not grow forever.
 */
import type { Logger } from 'pino';
import type { AsyncRequestStore } from './async-store.js';
import type { AsyncRequestState } from './tables.js';
import type { Timers } from './timers.js';

export const DEFAULT_RETENTION_MS = 30 * 24 * 3600_000;
const PRUNE_EVERY_MS = 24 * 3600_000;

/** States after which nothing more happens to a request by itself. */
const ENDED: readonly AsyncRequestState[] = ['DELIVERED', 'UNDELIVERED', 'TIMED_OUT', 'RESULT', 'TIMEOUT', 'ANSWERED', 'SEND_FAILED'];

export interface Pruner {
  /** Deletes ended requests older than the retention now; resolves with how many. */
  pruneNow(): Promise<number>;
  /** Prunes now and then once a day, as long as the node runs. */
  start(): void;
}

export function pruner(store: AsyncRequestStore, timers: Timers, logger: Pick<Logger, 'info' | 'error'>, retention: { retentionMs: number }): Pruner {
  const pruneNow = async () => {
    const deleted = await store.pruneEnded(new Date(Date.now() - retention.retentionMs), ENDED);
    if (deleted > 0) logger.info({ module: store.module, deleted }, 'pruned ended asynchronous requests');
    return deleted;
  };
  const onError = (error: unknown) => logger.error({ err: error, module: store.module }, 'pruning asynchronous requests failed');
  const daily = async () => {
    await pruneNow();
    timers.at(`prune:${store.module}`, new Date(Date.now() + PRUNE_EVERY_MS), daily, onError);
  };
  return { pruneNow, start: () => timers.at(`prune:${store.module}`, new Date(), daily, onError) };
}
