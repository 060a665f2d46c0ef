/**
 * The CPO side of CDRs: its own CDRs (library API; each new CDR is recorded in the transaction
 * that stores it, where the push outbox queues its POST to the token's eMSP, CDR-06, and emitted
 * after the commit) and the Sender list (CDR-02).
 */
import type { FastifyInstance } from 'fastify';
import { formatDateTime } from '../../core/datetime.js';
import { OcpiError } from '../../core/status.js';
import { validateOrThrow } from '../../core/validation.js';
import { ocpiPath } from '../../http/routes.js';
import type { NodeContext } from '../module.js';
import { ChangeEmitter } from '../shared/changes.js';
import type { StoreListener } from '../shared/changes.js';
import type { ObjectStore } from '../shared/object-store.js';
import { upperParty } from '../shared/ownership.js';
import { functionalCall, ownPartiesOf } from '../shared/routing.js';
import { sendObjectList } from '../shared/sender.js';
import { interfacePath } from '../versions/interfaces.js';
import { assertSendableCdr } from './rules.js';
import { CDR } from './schema.js';
import { cdrKey, storeCdrOnce } from './store.js';
import { visibleToCaller, visibleToCallerKey } from './token-owner.js';

/** A new own CDR, recorded as it is stored and emitted after: CDRs are only ever POSTed (CDR-01, CDR-03). */
export interface CdrCreated {
  method: 'POST';
  object: CDR;
}

/** An own CDR as the library accepts it: last_updated (its creation time, CDR-02) may be left out. */
export type CdrInput = Omit<CDR, 'last_updated'> & { last_updated?: string };

export class CpoCdrs {
  readonly changes: ChangeEmitter<CdrCreated>;

  constructor(
    private readonly ctx: NodeContext,
    private readonly store: ObjectStore<CDR>,
  ) {
    this.changes = new ChangeEmitter(ctx.logger);
  }

  /** Subscribes to new CDRs once committed; returns the unsubscribe function. */
  onChange(listener: (change: CdrCreated) => void | Promise<void>): () => void {
    return this.changes.on(listener);
  }

  /** Subscribes inside the transaction that stores each new CDR (the push outbox); returns the unsubscribe function. */
  onStore(listener: StoreListener<CdrCreated>): () => void {
    return this.changes.onStore(listener);
  }

  /**
   * Stores a new CDR of an own CPO party and emits it. The same CDR again changes nothing and emits
   * nothing; other content under a stored id is refused (2001): corrections are Credit CDRs.
   */
  async create(input: CdrInput): Promise<CDR> {
    const cdr = upperParty(validateOrThrow(CDR, { ...input, last_updated: input.last_updated ?? formatDateTime(new Date()) }, 'CDR'));
    if (!ownPartiesOf(this.ctx, 'CPO').some((p) => p.countryCode === cdr.country_code && p.partyId === cdr.party_id)) {
      throw OcpiError.invalid(`country_code/party_id: ${cdr.country_code}/${cdr.party_id} is not an own CPO party of this node`);
    }
    assertSendableCdr(cdr);
    const { created } = await this.changes.write((record) =>
      storeCdrOnce(this.store, { own: true }, cdr, (trx) => record(trx, { method: 'POST', object: cdr })),
    );
    return created ? cdr : (await this.store.get(true, cdrKey(cdr)))!.object;
  }

  async get(countryCode: string, partyId: string, id: string): Promise<CDR | undefined> {
    return (await this.store.get(true, { countryCode, partyId, id }))?.object;
  }

  /** GET {cdrs_url}: the CDRs of the caller's tokens (CDR-02); nothing else is offered. */
  register(app: FastifyInstance): void {
    const path = interfacePath('cdrs', 'CPO');
    ocpiPath(app, path, 'ocpi', {
      GET: {
        handler: async (request, reply) => {
          const call = functionalCall(request, reply, this.ctx, 'CPO');
          return sendObjectList(request, reply, this.ctx, call, this.store, { path, where: visibleToCaller, whereKey: visibleToCallerKey });
        },
      },
    });
  }
}
