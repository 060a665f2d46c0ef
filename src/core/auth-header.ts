/**
 * `Authorization: Token <base64(token)>` (T-01..T-03, PIT-01). The credentials token itself is
 * plain printable ASCII; only the header carries it Base64-encoded. Partners still on the
 * 2.1.1/2.2 habit send the raw token: the caller decides per partner whether that is accepted.
 */
const SCHEME = /^Token (\S+)$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function encodeAuthorization(token: string, legacyPlainToken = false): string {
  return legacyPlainToken ? `Token ${token}` : `Token ${Buffer.from(token, 'utf8').toString('base64')}`;
}

export interface PresentedToken {
  /** The header's value after `Token `, exactly as sent. */
  raw: string;
  /** The Base64-decoded token, when the value is well-formed Base64 of printable ASCII. */
  decoded?: string;
}

/** Parses the header; undefined when it is missing or not of the `Token` scheme (→ 401, T-04). */
export function parseAuthorization(header: string | undefined): PresentedToken | undefined {
  if (!header) return undefined;
  const match = SCHEME.exec(header.trim());
  if (!match) return undefined;
  const raw = match[1]!;
  if (!BASE64.test(raw)) return { raw };
  const decoded = Buffer.from(raw, 'base64').toString('utf8');
  return isCredentialsToken(decoded) ? { raw, decoded } : { raw };
}

/** CRED-01: a credentials token is 1..64 printable, non-whitespace ASCII characters. */
export function isCredentialsToken(value: string): boolean {
  return /^[\x21-\x7e]{1,64}$/.test(value);
}
