/**
 * The eMSP side of CDRs: the Receiver interface (CDR-03..CDR-05, PIT-05). A CDR arrives by POST
 * with its owner in the body, checked against the caller's registered CPO parties (T-29); the
 * answer's `Location` header is where the CDR can be fetched again.
 */
import type { FastifyInstance } from 'fastify';
import { validateOrThrow } from '../../core/validation.js';
import { sendOcpi } from '../../http/reply.js';
import { ocpiPath } from '../../http/routes.js';
import type { NodeContext } from '../module.js';
import { ChangeEmitter } from '../shared/changes.js';
import type { ObjectStore } from '../shared/object-store.js';
import { callerParty } from '../shared/ownership.js';
import { asPartner, ClientOwnedObjects } from '../shared/receiver.js';
import type { FunctionalCall } from '../shared/routing.js';
import { functionalCall } from '../shared/routing.js';
import { interfacePath } from '../versions/interfaces.js';
import { CDR } from './schema.js';
import { storeCdrOnce } from './store.js';
import { assertOwnEmspToken } from './token-owner.js';

/** A CDR a CPO partner sent, emitted once when first stored. */
export interface CdrReceived {
  object: CDR;
  partnerId: string;
}

export class EmspCdrs {
  readonly changes: ChangeEmitter<CdrReceived>;
  /** GET of a stored CDR at its Location URL, with the ownership check of client-owned objects. */
  private readonly stored: ClientOwnedObjects<CDR>;
  private readonly path = interfacePath('cdrs', 'EMSP');

  constructor(
    private readonly ctx: NodeContext,
    private readonly store: ObjectStore<CDR>,
  ) {
    this.changes = new ChangeEmitter(ctx.logger);
    this.stored = new ClientOwnedObjects<CDR>(ctx, { store, name: 'CDR', schema: CDR, idField: 'id', ownerRole: 'CPO' });
  }

  onChange(listener: (change: CdrReceived) => void | Promise<void>): () => void {
    return this.changes.on(listener);
  }

  /**
   * POST of a CDR: owner checked first (a foreign owner is 404 + 2001 and learns nothing), then
   * the CDR validated and stored once. Returns its URL and whether it was new.
   */
  async receive(call: FunctionalCall, body: unknown): Promise<{ location: string; created: boolean }> {
    const owner = body as { country_code?: unknown; party_id?: unknown } | null;
    if (typeof owner?.country_code === 'string' && typeof owner.party_id === 'string') {
      callerParty(this.ctx, call, owner.country_code, owner.party_id, 'CPO');
    }
    assertOwnEmspToken(this.ctx, (body as Partial<CDR> | null)?.cdr_token);
    const cdr = validateOrThrow(CDR, body, 'CDR');
    const party = callerParty(this.ctx, call, cdr.country_code, cdr.party_id, 'CPO');
    cdr.country_code = party.countryCode;
    cdr.party_id = party.partyId;
    const { created } = await storeCdrOnce(this.store, asPartner(call), cdr);
    if (created) await this.changes.emit({ object: cdr, partnerId: call.partner.id });
    return { location: this.locationOf(cdr), created };
  }

  /** The Location URL of a CDR (CDR-03): the Receiver's client-owned object URL. */
  locationOf(cdr: Pick<CDR, 'country_code' | 'party_id' | 'id'>): string {
    const segments = [cdr.country_code, cdr.party_id, cdr.id].map(encodeURIComponent).join('/');
    return `${this.ctx.publicUrl}${this.path}/${segments}`;
  }

  /** POST {cdrs_url} (GET of the list n/a) and GET <Location> (PUT, PATCH, DELETE n/a: CDR-05). */
  register(app: FastifyInstance): void {
    ocpiPath(app, this.path, 'ocpi', {
      POST: {
        handler: async (request, reply) => {
          const call = functionalCall(request, reply, this.ctx, 'EMSP');
          const { location, created } = await this.receive(call, request.body);
          reply.header('Location', location);
          return sendOcpi(reply, undefined, created ? 201 : 200);
        },
      },
    });
    this.stored.register(app, this.path, 'EMSP', ['GET']);
  }
}
