/**
 * The Fastify instance every interface hangs off: JSON parsing, request and correlation IDs,
 * authentication, the OCPI envelope on every error, 404 and 405, body size limit.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler, onResponseHookHandler } from 'fastify';
import type { Logger } from 'pino';
import { envelope } from '../core/envelope.js';
import { OcpiError, OcpiStatus } from '../core/status.js';
import type { AuthenticatedPartner } from '../modules/credentials/partner-store.js';
import type { Authenticator } from './authenticator.js';
import { typeboxValidatorCompiler } from './validation.js';
import { lazyChild } from './lazy-logger.js';
import type { RequestMetrics } from './metrics.js';
import type { AuthMode } from './routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated partner, on OCPI routes. */
    ocpi: AuthenticatedPartner | null;
    correlationId: string;
  }
}

export interface HttpServerOptions {
  logger: Logger;
  authenticator: Authenticator;
  metrics: RequestMetrics;
  bodyLimit: number;
  requestTimeoutMs: number;
  /** Checks the operator API's credential; undefined when the operator API is disabled. */
  adminAuth?: (header: string | undefined) => boolean;
}

const REQUEST_ID = 'x-request-id';
const CORRELATION_ID = 'x-correlation-id';
const ID_PATTERN = /^[\x21-\x7e]{1,100}$/;

export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    // One compact line per request is written in onResponse instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    bodyLimit: options.bodyLimit,
    requestTimeout: options.requestTimeoutMs,
    // Partners choose the request ID (T-20); one that is absent or unusable is replaced.
    genReqId: (req) => {
      const id = req.headers[REQUEST_ID];
      return typeof id === 'string' && ID_PATTERN.test(id) ? id : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, caseSensitive: true },
    return503OnClosing: true,
    // One child logger per request carrying both IDs (a second child per request costs throughput).
    childLoggerFactory: (logger, bindings, childOptions, rawRequest) =>
      lazyChild(logger, () => ({ ...bindings, correlationId: correlationIdOf(rawRequest as IncomingMessage) }), childOptions),
  });
  app.setValidatorCompiler(typeboxValidatorCompiler);

  // Peers often omit or mislabel Content-Type; every body is parsed as JSON.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, parseJson);

  app.decorateRequest('ocpi', null);
  app.decorateRequest('correlationId', '');

  // Hooks are plain callbacks, not async functions: each one is on every request's path.
  app.addHook('onRequest', (request, reply, done) => {
    request.correlationId = correlationIdOf(request.raw);
    // Echoed on every answer, errors included (T-21, PIT-19).
    reply.header('X-Request-ID', request.id);
    reply.header('X-Correlation-ID', request.correlationId);
    done();
  });

  // What a route needs on every request is decided once, when it is registered: its
  // authentication (config.auth) and its metrics holder.
  app.addHook('onRoute', (route) => {
    const auth = route.config?.auth;
    if (auth !== undefined && auth !== 'none') route.onRequest = [...hooks(route.onRequest), authenticationHook(auth, options)];
    const metrics = options.metrics.route(String(route.method), route.url);
    const observe: onResponseHookHandler = (_request, reply, done) => {
      metrics.observe(reply.statusCode, reply.elapsedTime / 1000);
      done();
    };
    route.onResponse = [...hooks(route.onResponse), observe];
  });

  if (options.logger.isLevelEnabled('info')) {
    app.addHook('onResponse', (request, reply, done) => {
      request.log.info(
        {
          method: request.method,
          url: request.url,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
          partner: request.ocpi?.partner.id,
        },
        'request',
      );
      done();
    });
  }

  app.setErrorHandler((error: FastifyError, request, reply) => sendError(error, request, reply));
  const unmatched = options.metrics.route('*', 'unmatched');
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0]!;
    // Under /ocpi a caller without a registered token learns nothing of which paths exist: 401
    // comes before 404 (T-04), as it does on the paths that exist (e.g. an endpoint URL from
    // version details whose interface offers nothing on the bare URL). Token A opens only versions
    // and credentials (T-05), which exist.
    if (isOcpiPath(path) && !registered(await options.authenticator.authenticate(request.headers.authorization))) {
      unmatched.observe(401, reply.elapsedTime / 1000);
      return sendError(OcpiError.unauthorized(), request, reply);
    }
    unmatched.observe(404, reply.elapsedTime / 1000);
    return reply.code(404).type('application/json').send(envelope(undefined, OcpiStatus.CLIENT_ERROR, `No endpoint ${request.method} ${path}`));
  });
  return app;
}

function isOcpiPath(path: string): boolean {
  return path === '/ocpi' || path.startsWith('/ocpi/');
}

function registered(found: AuthenticatedPartner | undefined): boolean {
  return found !== undefined && found.tokenKind !== 'A';
}

function hooks<H>(value: H | H[] | undefined): H[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The onRequest hook of a route that requires a credential; a cached token is answered synchronously. */
function authenticationHook(mode: Exclude<AuthMode, 'none'>, options: HttpServerOptions): onRequestHookHandler {
  if (mode === 'admin') {
    return (request, _reply, done) => {
      done(options.adminAuth?.(request.headers.authorization) ? undefined : OcpiError.unauthorized('Unauthorized: operator API credential required'));
    };
  }
  const admit = (request: FastifyRequest, found: AuthenticatedPartner | undefined): OcpiError | undefined => {
    if (!found) return OcpiError.unauthorized();
    // Token A opens only versions, version details and credentials (T-05).
    if (found.tokenKind === 'A' && mode !== 'ocpi-registration') return OcpiError.unauthorized('Unauthorized: registration token A is only valid for versions and credentials');
    request.ocpi = found;
    return undefined;
  };
  return (request, _reply, done) => {
    const header = request.headers.authorization;
    const cached = options.authenticator.cached(header);
    if (cached !== undefined) return done(admit(request, cached));
    options.authenticator.authenticate(header).then((found) => done(admit(request, found)), done);
  };
}

const CORRELATION = Symbol('evroam.correlationId');

/** The caller's X-Correlation-ID, or a new one when absent or unusable; fixed per request. */
function correlationIdOf(raw: IncomingMessage & { [CORRELATION]?: string }): string {
  if (raw[CORRELATION] === undefined) {
    const sent = raw.headers[CORRELATION_ID];
    raw[CORRELATION] = typeof sent === 'string' && ID_PATTERN.test(sent) ? sent : randomUUID();
  }
  return raw[CORRELATION];
}

function sendError(error: FastifyError | OcpiError, request: FastifyRequest, reply: FastifyReply) {
  const problem = classify(error);
  if (problem.httpStatus >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.debug({ statusCode: problem.statusCode, message: problem.message }, 'request refused');
  const body = envelope(problem.data, problem.statusCode, problem.message);
  return reply.code(problem.httpStatus).type('application/json').send(body);
}

function classify(error: FastifyError | OcpiError): OcpiError {
  if (error instanceof OcpiError) return error;
  const code = (error as FastifyError).code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new OcpiError(OcpiStatus.CLIENT_ERROR, 'Request body too large', 413);
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return OcpiError.malformedJson('Request body is empty; a JSON value was expected');
  if (error instanceof SyntaxError || code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return OcpiError.malformedJson(`Malformed JSON: ${error.message}`);
  }
  if ((error as FastifyError).validation) return OcpiError.invalid(error.message);
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) return new OcpiError(OcpiStatus.CLIENT_ERROR, error.message, status);
  if (status === 503) return new OcpiError(OcpiStatus.SERVER_ERROR, 'Service is shutting down', 503);
  return OcpiError.serverError();
}
