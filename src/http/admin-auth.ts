import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares two secrets in constant time (lengths are hidden by hashing first). */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}
