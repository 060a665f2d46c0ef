import { defaultConfig } from '../config/load.js';
import type { EvroamConfig } from '../config/schema.js';

export interface SyncSettings {
  /** How often the scheduler pulls each (partner, module); 0: no scheduled sync. */
  intervalMs: number;
  /** How far before the last success's start an incremental date_from lies. */
  overlapMs: number;
  /**
   * How long a sync's claim on its pair holds without renewal (renewed after every page): longer
   * than a page can take, so only a crashed instance's claim ever expires.
   */
  leaseMs: number;
}

/** The node's sync settings, defaults filled in (library users may build a config without `sync`). */
export function syncSettings(config: EvroamConfig): SyncSettings {
  const sync = { ...defaultConfig.sync, ...config.sync };
  return {
    intervalMs: Math.round((sync.intervalMinutes ?? 0) * 60_000),
    overlapMs: Math.round((sync.overlapMinutes ?? 0) * 60_000),
    leaseMs: 2 * config.limits.requestTimeoutMs + 60_000,
  };
}
