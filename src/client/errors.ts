/**
 * What can go wrong when evroam calls a partner. Callers branch on the class:
 * - OcpiTransportError: nothing usable came back (network, DNS, timeout, abort) — the request may or
 *   may not have reached the partner.
 * - OcpiHttpError: an HTTP answer without a usable OCPI envelope, or one the transport layer refused
 *   (401/403, 429, 5xx) — envelope attached when there was one.
 * - OcpiStatusError: the partner's OCPI layer answered with a status_code outside 1xxx; HTTP 200 + 2xxx
 *   and HTTP 4xx + 2xxx land here alike (ST-03, PIT-02).
 * - OcpiInvalidResponseError: an envelope with success status whose content breaks the contract
 *   (schema, list shape, pagination links).
 * Every error carries the X-Request-ID so a log line can be matched with the partner's logs.
 */
import type { OcpiResponse } from '../core/envelope.js';
import type { ValidationError } from '../core/validation.js';

export interface RequestIdentity {
  method: string;
  url: string;
  requestId: string;
  correlationId: string;
}

export abstract class OcpiClientError extends Error {
  readonly method: string;
  readonly url: string;
  readonly requestId: string;
  readonly correlationId: string;

  constructor(request: RequestIdentity, message: string, options?: { cause?: unknown }) {
    super(`${request.method} ${request.url}: ${message}`, options);
    this.method = request.method;
    this.url = request.url;
    this.requestId = request.requestId;
    this.correlationId = request.correlationId;
  }
}

export type TransportFailure = 'timeout' | 'aborted' | 'dns' | 'connection' | 'network';

export class OcpiTransportError extends OcpiClientError {
  override readonly name = 'OcpiTransportError';

  constructor(
    request: RequestIdentity,
    readonly kind: TransportFailure,
    /** The system error code when there is one (ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET …). */
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(request, `transport failure (${code ?? kind})`, { cause });
  }
}

/** What an HTTP answer tells a caller that wants to back off and retry. */
export interface ResponseFacts {
  httpStatus: number;
  headers: Headers;
  /** From `Retry-After` (seconds or HTTP date), in milliseconds from now; never negative. */
  retryAfterMs?: number;
  envelope?: OcpiResponse;
}

export abstract class OcpiResponseError extends OcpiClientError {
  readonly httpStatus: number;
  readonly headers: Headers;
  readonly retryAfterMs: number | undefined;
  readonly envelope: OcpiResponse | undefined;

  constructor(request: RequestIdentity, facts: ResponseFacts, message: string) {
    super(request, message);
    this.httpStatus = facts.httpStatus;
    this.headers = facts.headers;
    this.retryAfterMs = facts.retryAfterMs;
    this.envelope = facts.envelope;
  }
}

export type HttpFailure = 'http-status' | 'not-json' | 'no-envelope';

export class OcpiHttpError extends OcpiResponseError {
  override readonly name = 'OcpiHttpError';

  constructor(
    request: RequestIdentity,
    facts: ResponseFacts,
    /** http-status: the status code itself is the failure; not-json / no-envelope: the body is. */
    readonly reason: HttpFailure,
    /** The first characters of the body, for logs (HTML error pages, proxies). */
    readonly bodySnippet: string,
  ) {
    super(request, facts, `HTTP ${facts.httpStatus} (${reasonText[reason]})`);
  }
}

const reasonText: Record<HttpFailure, string> = {
  'http-status': 'refused at the HTTP layer',
  'not-json': 'body is not JSON',
  'no-envelope': 'body is not an OCPI response envelope',
};

export class OcpiStatusError extends OcpiResponseError {
  override readonly name = 'OcpiStatusError';
  declare readonly envelope: OcpiResponse;
  readonly statusCode: number;
  readonly statusMessage: string | undefined;

  constructor(request: RequestIdentity, facts: ResponseFacts & { envelope: OcpiResponse }) {
    const { status_code: code, status_message: text } = facts.envelope;
    super(request, facts, `OCPI status ${code}${text ? ` ${JSON.stringify(text)}` : ''} (HTTP ${facts.httpStatus})`);
    this.statusCode = code;
    this.statusMessage = text;
  }
}

export class OcpiInvalidResponseError extends OcpiResponseError {
  override readonly name = 'OcpiInvalidResponseError';

  constructor(
    request: RequestIdentity,
    facts: ResponseFacts,
    /** Path into the response body (`data.evses[0].uid`) when a value is at fault. */
    readonly path: string | undefined,
    readonly problem: string,
    /** Every schema violation found, when schema validation failed. */
    readonly errors: readonly ValidationError[] = [],
  ) {
    super(request, facts, path === undefined ? problem : `${path}: ${problem}`);
  }
}

/**
 * The partner offers no version evroam speaks (CRED-05, VER-09); the credentials module answers 3002.
 */
export class OcpiUnsupportedVersionError extends Error {
  override readonly name = 'OcpiUnsupportedVersionError';

  constructor(
    readonly offered: readonly string[],
    readonly supported: readonly string[],
  ) {
    super(`no mutual OCPI version: partner offers [${offered.join(', ')}], evroam speaks [${supported.join(', ')}]`);
  }
}

/** A module interface evroam needs is not in the partner's version details (3003, CRED-05 step 3). */
export class OcpiMissingEndpointError extends Error {
  override readonly name = 'OcpiMissingEndpointError';

  constructor(
    readonly module: string,
    readonly role: string,
  ) {
    super(`partner has no ${module} ${role} endpoint`);
  }
}
