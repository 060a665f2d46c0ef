import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh credentials token: 256 random bits, URL-safe Base64 (43 printable characters, CRED-01). */
export function newCredentialsToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens evroam accepts are stored only as their SHA-256; a database leak yields no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests of equal length. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
