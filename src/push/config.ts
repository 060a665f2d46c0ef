import { defaultConfig } from '../config/load.js';
import type { EvroamConfig } from '../config/schema.js';

export type PushSettings = Required<NonNullable<EvroamConfig['push']>> & {
  /** Per-request timeout of a push (the node's outbound request timeout). */
  requestTimeoutMs: number;
  /**
   * How long a claim holds a row. Longer than any request can take, so only a crashed instance's
   * claim ever expires; a live one finishes (or times out) first.
   */
  leaseMs: number;
};

/** The node's push settings, defaults filled in (library users may build a config without `push`). */
export function pushSettings(config: EvroamConfig): PushSettings {
  const push = { ...defaultConfig.push!, ...config.push };
  const requestTimeoutMs = config.limits.requestTimeoutMs;
  return { ...push, requestTimeoutMs, leaseMs: 2 * requestTimeoutMs + 30_000 };
}
