/**
 * The eMSP side of Sessions: the Receiver interface CPOs push their sessions to (SES-04..SES-06,
 * SES-17), with change events for the application (driver apps, billing).
 */
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../module.js';
import { assertOwnEmspToken } from '../cdrs/token-owner.js';
import type { ObjectStore, WriteResult } from '../shared/object-store.js';
import { ClientOwnedObjects } from '../shared/receiver.js';
import type { ObjectParams, ReceiverOptions } from '../shared/receiver.js';
import type { FunctionalCall } from '../shared/routing.js';
import { interfacePath } from '../versions/interfaces.js';
import { Session, SessionPatch } from './schema.js';
import { mergeSessionPatch } from './store.js';

/** Received sessions, each about a token of one of this node's eMSP parties (SES-07). */
class ReceivedSessions extends ClientOwnedObjects<Session> {
  constructor(
    private readonly node: NodeContext,
    options: ReceiverOptions<Session>,
  ) {
    super(node, options);
  }

  override async put(call: FunctionalCall, params: ObjectParams, body: unknown, query?: Record<string, unknown>): Promise<WriteResult<Session>> {
    this.assertForThisEmsp(call, params, body, query);
    return super.put(call, params, body, query);
  }

  override async patch(call: FunctionalCall, params: ObjectParams, body: unknown, query?: Record<string, unknown>): Promise<WriteResult<Session>> {
    this.assertForThisEmsp(call, params, body, query);
    return super.patch(call, params, body, query);
  }

  private assertForThisEmsp(call: FunctionalCall, params: ObjectParams, body: unknown, query?: Record<string, unknown>): void {
    // The ownership check (T-29) comes first, so a foreign caller learns nothing about tokens.
    this.key(call, params, query);
    assertOwnEmspToken(this.node, (body as Partial<Session> | null)?.cdr_token);
  }
}

export class EmspSessions {
  /** Sessions CPO partners pushed (PUT/PATCH), with their change events. */
  readonly received: ClientOwnedObjects<Session>;

  constructor(ctx: NodeContext, store: ObjectStore<Session>) {
    this.received = new ReceivedSessions(ctx, {
      store,
      name: 'Session',
      schema: Session,
      patchSchema: SessionPatch,
      idField: 'id',
      ownerRole: 'CPO',
      merge: mergeSessionPatch,
    });
  }

  /** `{sessions_url}/{country_code}/{party_id}/{session_id}`: GET, PUT, PATCH; POST and DELETE n/a (SES-04). */
  register(app: FastifyInstance): void {
    this.received.register(app, interfacePath('sessions', 'EMSP'), 'EMSP', ['GET', 'PUT', 'PATCH']);
  }
}
