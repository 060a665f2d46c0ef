/**
 * The Receiver side of a client-owned object module (T-28..T-30): GET, PUT, PATCH and DELETE of
 * `{endpoint}/{country_code}/{party_id}/{object_id}`. Ownership is checked before anything else,
 * so a foreign party learns nothing; bodies are validated against the module's schema (2001
 * naming the field); PUT answers 201 when it created and 200 when it replaced (ST-05).
 */
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OcpiError, OcpiStatus } from '../../core/status.js';
import { validateOrThrow } from '../../core/validation.js';
import { sendOcpi, sendOcpiJson } from '../../http/reply.js';
import { ocpiPath } from '../../http/routes.js';
import type { HttpMethod, RouteSpec } from '../../http/routes.js';
import type { NodeContext } from '../module.js';
import type { OwnRole } from '../versions/interfaces.js';
import { ChangeEmitter } from './changes.js';
import type { ObjectKey, ObjectStore, Ownership, WriteResult } from './object-store.js';
import { assertBodyId, assertBodyParty, callerParty, upperParty } from './ownership.js';
import { mergeFields } from './patch.js';
import { functionalCall } from './routing.js';
import type { FunctionalCall } from './routing.js';

/** An OCPI object owned by a party. */
export interface PartyObject {
  country_code: string;
  party_id: string;
  last_updated: string;
}

/** The URL segments of a client-owned object. */
export interface ObjectParams {
  country_code: string;
  party_id: string;
  object_id: string;
}

/** A change a partner made to an object it owns, emitted after it was stored. */
export interface ReceivedChange<T> {
  method: 'PUT' | 'PATCH' | 'DELETE';
  /** The object after the change; for DELETE the deleted object. */
  object: T;
  before: T | undefined;
  partnerId: string;
}

export interface ReceiverOptions<T extends PartyObject> {
  store: ObjectStore<T>;
  /** The object's name in messages, e.g. `Tariff`. */
  name: string;
  /** The full object schema (PUT bodies and PATCH results). */
  schema: TSchema;
  /** The PATCH body schema (requires last_updated, PIT-13); without it PATCH is not offered. */
  patchSchema?: TSchema;
  /** The body field the URL's {object_id} must equal (`id`, `uid`). */
  idField: string;
  /** The role the owning party registered with: CPO for Locations/Tariffs/Sessions/CDRs, EMSP for Tokens. */
  ownerRole: string;
  /**
   * A second identity component read from the query (Tokens: `type`, default RFID, PIT-17); the
   * body field of the same name must agree with it.
   */
  variant?: { param: string; default: string; values: readonly string[] };
  /** PATCH merge; default: top-level fields replace, null removes (mergeFields). */
  merge?: (current: T, patch: Record<string, unknown>) => T;
  /** HTTP 404 status code for an unknown object; default 2001 (ST-04). */
  unknownStatus?: number;
}

/**
 * Client-owned objects of one kind as a Receiver holds them. The methods take the request's
 * FunctionalCall and URL segments and do the checks, storage and change events; `register` wires
 * them to routes.
 */
export class ClientOwnedObjects<T extends PartyObject> {
  /** Changes partners made, after they were stored. */
  readonly changes: ChangeEmitter<ReceivedChange<T>>;

  constructor(
    private readonly ctx: NodeContext,
    readonly options: ReceiverOptions<T>,
  ) {
    this.changes = new ChangeEmitter(ctx.logger);
  }

  /** The store key for the URL, after the ownership check (T-29: foreign party → 404, 2001). */
  key(call: FunctionalCall, params: ObjectParams, query: Record<string, unknown> = {}): ObjectKey {
    const party = callerParty(this.ctx, call, params.country_code, params.party_id, this.options.ownerRole);
    const key: ObjectKey = { ...party, id: params.object_id };
    const variant = this.options.variant;
    if (variant) {
      const value = query[variant.param] === undefined || query[variant.param] === '' ? variant.default : String(query[variant.param]);
      if (!variant.values.includes(value)) throw OcpiError.invalid(`${variant.param}: must be one of ${variant.values.join(', ')}`);
      key.variant = value;
    }
    return key;
  }

  /** GET: the stored JSON text; 404 when absent (or foreign, via `key`). */
  async getJson(call: FunctionalCall, params: ObjectParams, query?: Record<string, unknown>): Promise<string> {
    const json = await this.options.store.getJson(asPartner(call), this.key(call, params, query));
    if (json === undefined) throw this.unknown(params.object_id);
    return json;
  }

  /** PUT: validate, check the body against the URL (T-30), create or replace. */
  async put(call: FunctionalCall, params: ObjectParams, body: unknown, query?: Record<string, unknown>): Promise<WriteResult<T>> {
    const key = this.key(call, params, query);
    const object = this.validated(body, key);
    const result = await this.options.store.put(asPartner(call), key, object);
    if (result.changed) await this.changes.emit({ method: 'PUT', object: result.after, before: result.before, partnerId: call.partner.id });
    return result;
  }

  /** PATCH: last_updated required (PIT-13), merged into the stored object, the result validated; 404 when absent. */
  async patch(call: FunctionalCall, params: ObjectParams, body: unknown, query?: Record<string, unknown>): Promise<WriteResult<T>> {
    const key = this.key(call, params, query);
    const patchSchema = this.options.patchSchema;
    if (!patchSchema) throw OcpiError.methodNotAllowed(`PATCH is not offered for ${this.options.name}`);
    const patch = validateOrThrow(patchSchema, body, `${this.options.name} PATCH`) as Record<string, unknown>;
    this.checkAgainstUrl(patch, key);
    const merge = this.options.merge ?? ((current: T, p: Record<string, unknown>) => mergeFields(current, p));
    const result = await this.options.store.modify(asPartner(call), key, (current) => {
      if (current === undefined) throw this.unknown(params.object_id);
      return upperParty(validateOrThrow(this.options.schema, merge(current, patch), this.options.name) as T);
    });
    if (!result) throw this.unknown(params.object_id);
    if (result.changed) await this.changes.emit({ method: 'PATCH', object: result.after, before: result.before, partnerId: call.partner.id });
    return result;
  }

  /** DELETE: removes the object; 404 when absent. */
  async delete(call: FunctionalCall, params: ObjectParams, query?: Record<string, unknown>): Promise<T> {
    const deleted = await this.options.store.delete(asPartner(call), this.key(call, params, query));
    if (deleted === undefined) throw this.unknown(params.object_id);
    await this.changes.emit({ method: 'DELETE', object: deleted, before: deleted, partnerId: call.partner.id });
    return deleted;
  }

  /**
   * Registers `{path}/:country_code/:party_id/:object_id` with the given methods (others 405) on
   * an interface of `ownRole`; every request resolves its routing parties first (T-26).
   */
  register(app: FastifyInstance, path: string, ownRole: OwnRole, methods: readonly ('GET' | 'PUT' | 'PATCH' | 'DELETE')[]): void {
    const routes: Partial<Record<HttpMethod, RouteSpec>> = {};
    const call = (request: FastifyRequest, reply: FastifyReply) => functionalCall(request, reply, this.ctx, ownRole);
    const params = (request: FastifyRequest) => request.params as ObjectParams;
    const query = (request: FastifyRequest) => (request.query ?? {}) as Record<string, unknown>;
    if (methods.includes('GET')) {
      routes.GET = { handler: async (request, reply) => sendOcpiJson(reply, await this.getJson(call(request, reply), params(request), query(request))) };
    }
    if (methods.includes('PUT')) {
      routes.PUT = {
        handler: async (request, reply) => sendWriteResult(reply, await this.put(call(request, reply), params(request), request.body, query(request))),
      };
    }
    if (methods.includes('PATCH')) {
      routes.PATCH = {
        handler: async (request, reply) => sendWriteResult(reply, await this.patch(call(request, reply), params(request), request.body, query(request))),
      };
    }
    if (methods.includes('DELETE')) {
      routes.DELETE = {
        handler: async (request, reply) => {
          await this.delete(call(request, reply), params(request), query(request));
          return sendOcpi(reply);
        },
      };
    }
    ocpiPath(app, `${path}/:country_code/:party_id/:object_id`, 'ocpi', routes);
  }

  private validated(body: unknown, key: ObjectKey): T {
    // Body/URL agreement is checked on the raw body first, so a mismatch is named even when the
    // body has other problems too.
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) this.checkAgainstUrl(body as Record<string, unknown>, key);
    return upperParty(validateOrThrow(this.options.schema, body, this.options.name) as T);
  }

  private checkAgainstUrl(body: Record<string, unknown>, key: ObjectKey): void {
    assertBodyParty(body, key);
    assertBodyId(body, this.options.idField, key.id);
    const variant = this.options.variant;
    if (variant && key.variant !== undefined) assertBodyId(body, variant.param, key.variant);
  }

  private unknown(id: string): OcpiError {
    return OcpiError.notFound(`Unknown ${this.options.name} ${id}`, this.options.unknownStatus ?? OcpiStatus.INVALID_PARAMETERS);
  }
}

/**
 * The calling partner connection as the owner of what it sends: the object store keeps other
 * connections of the same party away from its objects while it is registered (object-store.ts).
 */
export function asPartner(call: FunctionalCall): Ownership {
  return { own: false, partnerId: call.partner.id };
}

/** The answer to a PUT/PATCH: 201 when the object was created, 200 otherwise (ST-05); no data (T-19). */
export function sendWriteResult(reply: FastifyReply, result: { created: boolean }): FastifyReply {
  return sendOcpi(reply, undefined, result.created ? 201 : 200);
}
