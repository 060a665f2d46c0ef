/**
 * Pull sync (docs/sync.md): `evroam sync`, the serving node's scheduled catch-up, and the library
 * API on `node.services.sync`.
 */
import type { NodeContext } from '../modules/module.js';
import { SyncScheduler } from './scheduler.js';
import { SyncService } from './service.js';

export { SyncService } from './service.js';
export type { SyncOptions, SyncReport } from './service.js';
export { SyncScheduler } from './scheduler.js';
export { SyncStateStore } from './state.js';
export type { SyncState } from './state.js';
export { syncSettings } from './settings.js';
export type { SyncSettings } from './settings.js';
export { PULL_MODULES, pullTargets } from './targets.js';
export type { PullModule, PullTarget } from './targets.js';
export type { PullCounts, PullProgress } from './pull.js';

/** Pull sync of a node: on demand (`service`), and scheduled while the node serves (`scheduler`). */
export interface SyncApi {
  service: SyncService;
  /** Present once the node serves (`EvroamNode.listen`). */
  scheduler?: SyncScheduler;
}

declare module '../modules/module.js' {
  interface NodeServices {
    sync: SyncApi;
  }
}

/** The node's sync API, created on first use and published on `ctx.services.sync`. */
export function syncApi(ctx: NodeContext): SyncApi {
  ctx.services.sync ??= { service: new SyncService(ctx) };
  return ctx.services.sync;
}

/**
 * Starts the scheduled catch-up of a serving node (only there: CLI commands open the same database
 * and must not pull on their own) and stops it when the node closes.
 */
export function startSyncScheduler(ctx: NodeContext): SyncScheduler {
  const api = syncApi(ctx);
  if (api.scheduler) return api.scheduler;
  const scheduler = new SyncScheduler(ctx, api.service);
  api.scheduler = scheduler;
  ctx.onClose(() => scheduler.close());
  scheduler.start();
  return scheduler;
}
