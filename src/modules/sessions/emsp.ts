/**
 * The eMSP side of Sessions: the Receiver interface CPOs push their sessions to (SES-04..SES-06,
 * SES-17), with change events for the application (driver apps, billing).
 */
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../module.js';
import type { ObjectStore } from '../shared/object-store.js';
import { ClientOwnedObjects } from '../shared/receiver.js';
import { interfacePath } from '../versions/interfaces.js';
import { Session, SessionPatch } from './schema.js';
import { mergeSessionPatch } from './store.js';

export class EmspSessions {
  /** Sessions CPO partners pushed (PUT/PATCH), with their change events. */
  readonly received: ClientOwnedObjects<Session>;

  constructor(ctx: NodeContext, store: ObjectStore<Session>) {
    this.received = new ClientOwnedObjects<Session>(ctx, {
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
