/**
 * When to try a failing partner again: exponential backoff with full jitter (a uniformly random
 * delay up to base·2^(failures−1), capped), so many instances and partners recovering at once do
 * not retry in lock-step. A Retry-After from the partner is a floor: never earlier than asked.
 */
export interface BackoffPolicy {
  baseBackoffMs: number;
  maxBackoffMs: number;
}

export function backoffDelay(
  policy: BackoffPolicy,
  consecutiveFailures: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(consecutiveFailures - 1, 0), 30);
  const ceiling = Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** exponent);
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}
