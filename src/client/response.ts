/**
 * Turns a partner's HTTP answer into an envelope or one of the typed errors. The OCPI layer is
 * reached once the body parses into an envelope (ST-01); from there the status_code decides, and the
 * HTTP status only matters where it means "transport refused" (auth, rate limit, server failure).
 */
import { Kind } from '@sinclair/typebox';
import type { TSchema } from '@sinclair/typebox';
import type { OcpiResponse } from '../core/envelope.js';
import { isSuccess } from '../core/status.js';
import { OcpiHttpError, OcpiStatusError } from './errors.js';
import type { RequestIdentity, ResponseFacts } from './errors.js';

/**
 * HTTP statuses that stay HTTP errors even with an envelope: the token was refused, the partner
 * asks us to slow down, or the partner is failing. A push outbox backs off on these; an OCPI status
 * error (a refused object) it must not simply retry.
 */
function isTransportRefusal(httpStatus: number): boolean {
  return httpStatus === 401 || httpStatus === 403 || httpStatus === 407 || httpStatus === 429 || httpStatus >= 500;
}

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

type BodyReading = { envelope: OcpiResponse } | { failure: 'not-json' | 'no-envelope' };

/** Some peers send status_code as a numeric string; the value is unambiguous, so accept it. */
function statusCodeOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\d{4}$/.test(value)) return Number(value);
  return undefined;
}

export function readEnvelope(text: string): BodyReading {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { failure: 'not-json' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { failure: 'no-envelope' };
  const envelope = body as OcpiResponse & { status_code: unknown };
  const code = statusCodeOf(envelope.status_code);
  if (code === undefined) return { failure: 'no-envelope' };
  envelope.status_code = code;
  return { envelope };
}

const SNIPPET_LENGTH = 200;

/**
 * The envelope of a successful answer, or throws: HTTP error when there is no usable envelope or
 * the status is a transport refusal, OCPI status error when status_code is not 1xxx whatever the
 * HTTP status (200 + 2001 and 400 + 2001 alike, ST-03/PIT-02).
 */
export function interpret(request: RequestIdentity, httpStatus: number, headers: Headers, text: string): OcpiResponse {
  const reading = readEnvelope(text);
  const facts: ResponseFacts = { httpStatus, headers };
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'));
  if (retryAfterMs !== undefined) facts.retryAfterMs = retryAfterMs;
  if ('failure' in reading) {
    const reason = httpStatus >= 200 && httpStatus < 300 ? reading.failure : 'http-status';
    throw new OcpiHttpError(request, facts, reason, text.slice(0, SNIPPET_LENGTH));
  }
  facts.envelope = reading.envelope;
  const httpOk = httpStatus >= 200 && httpStatus < 300;
  if (isTransportRefusal(httpStatus) || (httpOk === false && isSuccess(reading.envelope.status_code))) {
    throw new OcpiHttpError(request, facts, 'http-status', text.slice(0, SNIPPET_LENGTH));
  }
  if (!isSuccess(reading.envelope.status_code)) {
    throw new OcpiStatusError(request, { ...facts, envelope: reading.envelope });
  }
  return reading.envelope;
}

/**
 * PIT-23: py_ocpi and its forks (extrawest_ocpi) answer every single-object `data`
 * (AuthorizationInfo, CommandResponse, …) as a one-element array. Where the expected `data` is one
 * object, such an array is unambiguous, so its element is taken; every other shape is left to the
 * validation. Says whether it unwrapped.
 */
export function unwrapSingleObject(schema: TSchema, envelope: OcpiResponse): boolean {
  if (schema[Kind] !== 'Object' || !Array.isArray(envelope.data) || envelope.data.length !== 1) return false;
  envelope.data = envelope.data[0];
  return true;
}

/** A validation path under `data`: `evses[0].uid` → `data.evses[0].uid`, `[3].uid` → `data[3].uid`. */
export function dataPath(path: string): string {
  if (path === '') return 'data';
  return path.startsWith('[') ? `data${path}` : `data.${path}`;
}
