/**
 * The operator API's HTTP conventions: plain JSON (no OCPI envelope), errors as
 * `{ error, message, field? }` with real HTTP statuses, TypeBox route schemas that document every
 * route in the OpenAPI document under the tag `operator`.
 *
 * Input validation belongs to the modules: an OCPI object in a body is handed to the module's
 * library service as it came and the service's OcpiError 2001 (which names the field) becomes
 * HTTP 400. URL segments and query parameters are checked against their route schema here.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaCompiler, HTTPMethods } from 'fastify';
import { OcpiError, OcpiStatus } from '../core/status.js';
import { compileValidator, firstErrorMessage } from '../core/validation.js';

/** An answer of the operator API that is not a success. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }

  static invalid(message: string, field?: string): AdminError {
    return new AdminError(400, 'invalid_request', message, field);
  }

  static notFound(message: string): AdminError {
    return new AdminError(404, 'not_found', message);
  }

  static conflict(message: string): AdminError {
    return new AdminError(409, 'conflict', message);
  }
}

/** The JSON body of an error answer. */
export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
}

/**
 * Marks a body schema as documentation only: the module's service validates the body (and names
 * the offending field), so the route does not validate it a second time.
 */
export function validatedByModule<T extends TSchema>(schema: T): T {
  return { ...schema, 'x-validated-by': 'module' };
}

const PART: Record<string, string> = { body: 'body', querystring: 'query parameter', params: 'URL segment', headers: 'header' };

/** Route schemas of the operator API: TypeBox, checked with the core's compiled validators; failures are 400 naming the field. */
export const adminValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  if ((schema as Record<string, unknown>)['x-validated-by'] === 'module') return (value: unknown) => ({ value });
  const validate = compileValidator(schema);
  const part = PART[httpPart ?? 'body'] ?? httpPart;
  return (value: unknown) => {
    const result = validate(value);
    if (result.ok) return { value: result.value };
    const field = result.errors[0]?.path;
    return { error: AdminError.invalid(`Invalid ${part}: ${firstErrorMessage(result.errors)}`, field === '' ? undefined : field) };
  };
};

/** Maps anything thrown while serving an operator request to its answer. */
export function toAdminError(error: unknown): AdminError {
  if (error instanceof AdminError) return error;
  if (error instanceof OcpiError) return fromOcpiError(error);
  const fastify = error as FastifyError;
  const code = fastify.code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AdminError(413, 'payload_too_large', 'Request body too large');
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return AdminError.invalid('Request body is empty; a JSON value was expected');
  if (error instanceof SyntaxError || code === 'FST_ERR_CTP_INVALID_JSON_BODY') return AdminError.invalid(`Malformed JSON: ${fastify.message}`);
  const status = fastify.statusCode;
  if (status !== undefined && status >= 400 && status < 500) return new AdminError(status, status === 404 ? 'not_found' : 'invalid_request', fastify.message);
  if (status === 503) return new AdminError(503, 'unavailable', 'Service is shutting down');
  return new AdminError(500, 'internal_error', 'Internal server error');
}

/**
 * A module's OcpiError as an operator answer: the transport statuses (401, 404, 405, 413) stay,
 * a semantic refusal (2xxx, which OCPI sends with HTTP 200) is 400 naming the field.
 */
function fromOcpiError(error: OcpiError): AdminError {
  const { httpStatus, statusCode, message } = error;
  if (httpStatus === 401) return new AdminError(401, 'unauthorized', message);
  if (httpStatus === 404 || statusCode === OcpiStatus.UNKNOWN_LOCATION || statusCode === OcpiStatus.UNKNOWN_TOKEN) {
    return new AdminError(404, 'not_found', message);
  }
  if (httpStatus === 405) return new AdminError(405, 'method_not_allowed', message);
  if (httpStatus === 413) return new AdminError(413, 'payload_too_large', message);
  if (httpStatus >= 500 || statusCode >= 3000) return new AdminError(500, 'internal_error', 'Internal server error');
  return AdminError.invalid(message, fieldOf(message));
}

const FIELD = /^([A-Za-z_$][\w$]*(?:\[\d+\]|\.[A-Za-z_$][\w$]*|\["[^"]*"\])*(?:\/[A-Za-z_$][\w$]*)?): /;

/**
 * The field a module's validation message names: `Invalid Location: evses[0].uid: must …` →
 * `evses[0].uid`; `country_code/party_id: NL/XX is not …` → `country_code/party_id`.
 */
export function fieldOf(message: string): string | undefined {
  return FIELD.exec(message.replace(/^Invalid [^:]+: /, ''))?.[1];
}

/** The error handler of the operator API's routes (errors of the authentication hook included). */
export function sendAdminError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toAdminError(error);
  if (problem.status >= 500) request.log.error({ err: error }, 'operator request failed');
  else request.log.debug({ status: problem.status, message: problem.message }, 'operator request refused');
  if (problem.status === 401) reply.header('WWW-Authenticate', 'Bearer realm="evroam operator API"');
  const body: ErrorBody = { error: problem.error, message: problem.message };
  if (problem.field !== undefined) body.field = problem.field;
  return reply.code(problem.status).type('application/json').send(JSON.stringify(body));
}

/**
 * An operator PUT of an own object: the identifier the body leaves out is the stored object's (ids
 * are CiStrings: the URL's case may differ), else the URL's; answers 201 when it was created.
 */
export async function sendPut<T>(
  reply: FastifyReply,
  input: { body: Record<string, unknown>; idField: string; urlId: string; existing: object | undefined },
  put: (object: Record<string, unknown>) => Promise<T>,
): Promise<FastifyReply> {
  const { body, idField, urlId, existing } = input;
  const id = body[idField] ?? (existing as Record<string, unknown> | undefined)?.[idField] ?? urlId;
  return reply.code(existing ? 200 : 201).send(await put({ ...body, [idField]: id }));
}

/** Sends JSON text or bytes as they are (stored objects are not parsed and re-serialized). */
export function sendJsonText(reply: FastifyReply, json: string | Buffer, status = 200): FastifyReply {
  return reply.code(status).type('application/json').send(json);
}

export interface RouteSchemas {
  summary: string;
  description?: string;
  params?: TSchema;
  querystring?: TSchema;
  body?: TSchema;
  response: Record<number, TSchema>;
}

type Handler<P extends TSchema | undefined, Q extends TSchema | undefined> = (
  request: FastifyRequest<{
    Params: P extends TSchema ? Static<P> : unknown;
    Querystring: Q extends TSchema ? Static<Q> : unknown;
    Body: unknown;
  }>,
  reply: FastifyReply,
) => Promise<unknown>;

/**
 * Registers an operator route: admin credential required, documented under the tag `operator`
 * with the bearer scheme. Typed by its params and querystring schemas.
 */
export function operatorRoute<S extends RouteSchemas>(
  app: FastifyInstance,
  method: HTTPMethods,
  url: string,
  schema: S,
  handler: Handler<S['params'], S['querystring']>,
): void {
  app.route({
    method,
    url,
    config: { auth: 'admin' },
    schema: { tags: ['operator'], security: [{ operatorBearer: [] }], ...schema } as object,
    handler: handler as never,
  });
}

/** The request body as a JSON object (the module validates its content); anything else is 400. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw AdminError.invalid(`Invalid body: must be a JSON object (got ${body === null ? 'null' : Array.isArray(body) ? 'array' : typeof body})`);
  }
  return body as Record<string, unknown>;
}
