/**
 * The outbound OCPI client: one instance per partner connection (token, token format, routing
 * parties), sending one request at a time over Node's global fetch. Everything that does not vary
 * per request — the Authorization header, the routing headers — is computed once here.
 */
import { performance } from 'node:perf_hooks';
import type { Static, TSchema } from '@sinclair/typebox';
import type { Logger } from 'pino';
import type { ModuleID } from '../modules/versions/schema.js';
import type { OcpiResponse } from '../core/envelope.js';
import { compileValidator } from '../core/validation.js';
import { Deadline } from './deadline.js';
import { OcpiInvalidResponseError, OcpiResponseError, OcpiStatusError } from './errors.js';
import type { RequestIdentity , OcpiClientError} from './errors.js';
import { authorizationHeader, newMessageId, routingHeaders, usesRouting } from './headers.js';
import type { Routing } from './headers.js';
import { OcpiListing } from './listing.js';
import type { ListOptions } from './listing.js';
import { dataPath, interpret, unwrapSingleObject } from './response.js';
import { transportError } from './transport.js';
import { withQuery } from './url.js';
import type { QueryValue } from './url.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A ModuleID, or a custom module agreed with the partner (VER-05). */
export type ModuleName = ModuleID | (string & {});

/** The logger calls the client makes; a pino logger (or child) fits. */
export type ClientLogger = Pick<Logger, 'debug' | 'warn' | 'isLevelEnabled'>;

export interface OcpiClientOptions {
  /** The credentials token evroam presents to this partner (A while registering, then B or C). */
  token: string;
  /** Send the raw token instead of Base64, for pre-2.2.1 peers (T-03, PIT-01). */
  legacyPlainToken?: boolean;
  /** Routing parties for functional modules (T-23, T-25): FROM = evroam's party, TO = the partner's. */
  routing?: Routing;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  logger?: ClientLogger;
  /**
   * An undici Dispatcher (Agent/Pool) for this partner, e.g. to raise the connection count for push
   * bursts. Without it the global dispatcher is used, which already keeps connections alive.
   */
  dispatcher?: RequestInit['dispatcher'];
}

export interface RequestOptions<S extends TSchema | undefined = undefined> {
  /** Query parameters, appended to those the URL has; undefined values are left out. */
  query?: Readonly<Record<string, QueryValue>>;
  /** Keeps a request chain together (T-22): pass the incoming request's X-Correlation-ID. */
  correlationId?: string;
  /** Routing parties for this request instead of the client's (a partner hosting several parties). */
  routing?: Routing;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Validates `data` of a successful answer; a violation throws OcpiInvalidResponseError. */
  schema?: S;
  /**
   * 'error': a redirect answer fails the request instead of being followed (fetch's default), for
   * requests whose target was checked and must not be moved elsewhere (results to a response_url).
   */
  redirect?: 'follow' | 'error';
}

export interface OcpiRequest<S extends TSchema | undefined = undefined> extends RequestOptions<S> {
  method: HttpMethod;
  /** The OCPI module (ModuleID) the URL belongs to; decides the routing headers (T-23, T-24). */
  module: ModuleName;
  url: string;
  /** An object to serialize, or JSON text already serialized (stored objects are kept as JSON). */
  body?: object | string;
}

export type DataOf<S> = S extends TSchema ? Static<S> : unknown;

export interface OcpiResult<T = unknown> {
  httpStatus: number;
  /** `data` may be absent on PUT/PATCH/POST answers (T-19, PIT-25). */
  envelope: OcpiResponse<T>;
  /** The response headers: CDR POST answers carry the CDR's URL in `Location` (PIT-05). */
  headers: Headers;
  method: HttpMethod;
  /** The URL requested, query included. */
  url: string;
  requestId: string;
  correlationId: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export class OcpiClient {
  private readonly authorization: string;
  private readonly routing: Record<string, string> | undefined;
  private readonly timeoutMs: number;
  private readonly logger: ClientLogger | undefined;
  private readonly dispatcher: RequestInit['dispatcher'];

  constructor(private readonly options: OcpiClientOptions) {
    this.authorization = authorizationHeader(options.token, options.legacyPlainToken ?? false);
    this.routing = options.routing ? routingHeaders(options.routing) : undefined;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.logger = options.logger;
    this.dispatcher = options.dispatcher;
  }

  /** The same partner connection with another token (after registration or a credentials PUT). */
  withToken(token: string, legacyPlainToken = this.options.legacyPlainToken): OcpiClient {
    return new OcpiClient({ ...this.options, token, legacyPlainToken });
  }

  get<S extends TSchema | undefined = undefined>(
    module: ModuleName,
    url: string,
    options?: RequestOptions<S>,
  ): Promise<OcpiResult<DataOf<S>>> {
    return this.request<S>({ ...options, method: 'GET', module, url });
  }

  put<S extends TSchema | undefined = undefined>(
    module: ModuleName,
    url: string,
    body: object | string,
    options?: RequestOptions<S>,
  ): Promise<OcpiResult<DataOf<S>>> {
    return this.request<S>({ ...options, method: 'PUT', module, url, body });
  }

  patch<S extends TSchema | undefined = undefined>(
    module: ModuleName,
    url: string,
    body: object | string,
    options?: RequestOptions<S>,
  ): Promise<OcpiResult<DataOf<S>>> {
    return this.request<S>({ ...options, method: 'PATCH', module, url, body });
  }

  /** `body` may be left out: real-time authorization without LocationReferences has none. */
  post<S extends TSchema | undefined = undefined>(
    module: ModuleName,
    url: string,
    body?: object | string,
    options?: RequestOptions<S>,
  ): Promise<OcpiResult<DataOf<S>>> {
    const request: OcpiRequest<S> = { ...options, method: 'POST', module, url };
    if (body !== undefined) request.body = body;
    return this.request<S>(request);
  }

  delete<S extends TSchema | undefined = undefined>(
    module: ModuleName,
    url: string,
    options?: RequestOptions<S>,
  ): Promise<OcpiResult<DataOf<S>>> {
    return this.request<S>({ ...options, method: 'DELETE', module, url });
  }

  /**
   * Crawls a paginated list (PAG-10): `for await (const location of client.list('locations', url))`.
   * Nothing is sent until iteration starts.
   */
  list<S extends TSchema | undefined = undefined>(
    module: ModuleName,
    url: string,
    options: ListOptions<S> = {},
  ): OcpiListing<DataOf<S>> {
    return new OcpiListing<DataOf<S>>(this, module, url, options);
  }

  /** Sends one request; resolves with a success envelope (1xxx) or throws an OcpiClientError. */
  async request<S extends TSchema | undefined = undefined>(request: OcpiRequest<S>): Promise<OcpiResult<DataOf<S>>> {
    return (await this.send(request)) as OcpiResult<DataOf<S>>;
  }

  private async send(request: OcpiRequest<TSchema | undefined>): Promise<OcpiResult> {
    const identity: RequestIdentity = {
      method: request.method,
      url: withQuery(request.url, request.query),
      requestId: newMessageId(),
      correlationId: request.correlationId ?? newMessageId(),
    };
    const body = typeof request.body === 'string' ? request.body : request.body && JSON.stringify(request.body);
    const headers = this.headersFor(request, identity, body !== undefined);
    const deadline = new Deadline(request.timeoutMs ?? this.timeoutMs, request.signal);
    const started = performance.now();
    let response: Response;
    let text: string;
    try {
      response = await fetch(identity.url, {
        method: request.method,
        headers,
        body,
        signal: deadline.signal,
        redirect: request.redirect ?? 'follow',
        dispatcher: this.dispatcher,
      });
      // Read the body even for errors: undici only reuses a connection whose body was consumed.
      text = await response.text();
    } catch (error) {
      throw this.logged(request.module, identity, started, transportError(identity, error, deadline.stoppedBy));
    } finally {
      deadline.release();
    }
    try {
      const envelope = interpret(identity, response.status, response.headers, text);
      if (request.schema !== undefined) {
        if (unwrapSingleObject(request.schema, envelope)) {
          this.logger?.warn({ module: request.module, url: identity.url, requestId: identity.requestId }, 'partner sent one object as a one-element array (PIT-23); its element was taken');
        }
        validateData(request.schema, identity, response, envelope);
      }
      this.logRequest(request.module, identity, started, response.status, envelope.status_code);
      return {
        httpStatus: response.status,
        envelope,
        headers: response.headers,
        method: request.method,
        url: identity.url,
        requestId: identity.requestId,
        correlationId: identity.correlationId,
      };
    } catch (error) {
      throw this.logged(request.module, identity, started, error as OcpiClientError);
    }
  }

  private headersFor(
    request: OcpiRequest<TSchema | undefined>,
    identity: RequestIdentity,
    hasBody: boolean,
  ): Record<string, string> {
    const headers: Record<string, string> = {
      Authorization: this.authorization,
      'X-Request-ID': identity.requestId,
      'X-Correlation-ID': identity.correlationId,
    };
    if (hasBody) headers['Content-Type'] = 'application/json';
    if (usesRouting(request.module)) {
      const routing = request.routing ? routingHeaders(request.routing) : this.routing;
      if (routing) Object.assign(headers, routing);
    }
    return headers;
  }

  private logged(module: ModuleName, identity: RequestIdentity, started: number, error: OcpiClientError): OcpiClientError {
    const httpStatus = error instanceof OcpiResponseError ? error.httpStatus : undefined;
    const statusCode = error instanceof OcpiStatusError ? error.statusCode : undefined;
    this.logRequest(module, identity, started, httpStatus, statusCode, error);
    return error;
  }

  private logRequest(
    module: ModuleName,
    identity: RequestIdentity,
    started: number,
    httpStatus: number | undefined,
    statusCode: number | undefined,
    error?: OcpiClientError,
  ): void {
    if (!this.logger?.isLevelEnabled('debug')) return;
    this.logger.debug(
      {
        module,
        method: identity.method,
        url: identity.url,
        requestId: identity.requestId,
        correlationId: identity.correlationId,
        httpStatus,
        statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        error: error?.name,
      },
      error ? `ocpi request failed: ${error.message}` : 'ocpi request',
    );
  }

  /** @internal The client's logger, for the list crawler's warnings. */
  get log(): ClientLogger | undefined {
    return this.logger;
  }
}

function validateData(schema: TSchema, identity: RequestIdentity, response: Response, envelope: OcpiResponse): void {
  const validation = compileValidator(schema)(envelope.data);
  if (validation.ok) return;
  const first = validation.errors[0];
  throw new OcpiInvalidResponseError(
    identity,
    { httpStatus: response.status, headers: response.headers, envelope },
    dataPath(first?.path ?? ''),
    first?.message ?? 'invalid value',
    validation.errors,
  );
}
