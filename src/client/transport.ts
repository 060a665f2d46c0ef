/** Classifies what undici throws when no HTTP answer could be read. */
import { OcpiTransportError } from './errors.js';
import type { RequestIdentity, TransportFailure } from './errors.js';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** undici wraps the system error: `TypeError('fetch failed', { cause })`, sometimes twice. */
function systemCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

/** `stoppedBy` is set when our own abort signal ended the request: the timeout or the caller. */
export function transportError(
  request: RequestIdentity,
  error: unknown,
  stoppedBy: 'timeout' | 'aborted' | undefined,
): OcpiTransportError {
  const code = systemCode(error);
  let kind: TransportFailure;
  if (stoppedBy !== undefined) kind = stoppedBy;
  else if (code !== undefined && TIMEOUT_CODES.has(code)) kind = 'timeout';
  else if (code !== undefined && DNS_CODES.has(code)) kind = 'dns';
  else if (code !== undefined && CONNECTION_CODES.has(code)) kind = 'connection';
  else kind = 'network';
  return new OcpiTransportError(request, kind, code, error);
}
