/**
 * The push outbox as the node and its modules see it. Own-object changes are enqueued inside the
 * transaction that stores them (sources.ts); the node starts the dispatcher when it starts serving
 * and stops it on close.
 *
 * Why queue at all, when the spec says failed pushes SHOULD NOT be queued and re-sent (T-14)?
 * evroam guarantees delivery instead, because receivers in the field rarely re-sync by GET in
 * time and a lost Session or CDR costs money. What T-14 guards against stays harmless here: a PUT
 * carries the full current object and is idempotent, older PUTs of an object are coalesced away
 * rather than replayed, the order per object is kept, and a receiver can still re-sync by GET
 * (T-13) at any time. See docs/push.md.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { PartnerStore } from '../modules/credentials/partner-store.js';
import type { DialectName } from '../storage/database.js';
import type { Database } from '../storage/tables.js';
import { checkChange } from './change.js';
import type { PushChange } from './change.js';
import type { PushSettings } from './config.js';
import { Dispatcher } from './dispatcher.js';
import { recipients } from './fanout.js';
import { OutboxStore } from './store.js';
import type { NewOutboxRow } from './store.js';

export interface PushOutboxOptions {
  db: Kysely<Database>;
  dialect: DialectName;
  partners: PartnerStore;
  settings: PushSettings;
  logger: Logger;
  /** Names this process in row claims; unique per instance. */
  instanceId?: string;
  now?: () => number;
}

export class PushOutbox {
  readonly store: OutboxStore;
  readonly instanceId: string;
  private readonly dispatcher: Dispatcher;
  private readonly now: () => number;

  constructor(private readonly options: PushOutboxOptions) {
    this.store = new OutboxStore(options.db, options.dialect);
    this.instanceId = options.instanceId ?? randomUUID();
    this.now = options.now ?? Date.now;
    this.dispatcher = new Dispatcher({
      store: this.store,
      partners: options.partners,
      settings: options.settings,
      logger: options.logger.child({ component: 'push', instanceId: this.instanceId }),
      instanceId: this.instanceId,
      now: this.now,
    });
  }

  /**
   * Queues a change for every registered partner with the module's RECEIVER endpoint; returns the
   * outbox row ids (none when no partner receives it). Pass the transaction that stores the change
   * (`trx`) so the change is never stored without its push, then call `wake()` once it committed
   * (otherwise the next poll picks the rows up). On SQLite the partners are read through `trx`:
   * the single connection is held by the transaction.
   */
  async enqueue(change: PushChange, trx?: Kysely<Database>): Promise<number[]> {
    checkChange(change);
    const executor = trx ?? this.options.db;
    const partners = await new PartnerStore(executor).list();
    const rows = this.rowsFor(change, recipients(partners, change));
    if (rows.length === 0) return [];
    const now = this.now();
    if (trx) return this.store.insert(trx, rows, now);
    const ids = await this.options.db.transaction().execute((t) => this.store.insert(t, rows, now));
    this.wake();
    return ids;
  }

  /** Prompt delivery of rows committed in this process (after a transaction passed to `enqueue`). */
  wake(): void {
    this.dispatcher.wake();
  }

  /** Starts delivering; the node calls it when it starts serving (CLI commands never deliver). */
  start(): void {
    this.dispatcher.start();
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }

  private rowsFor(change: PushChange, targets: ReturnType<typeof recipients>): NewOutboxRow[] {
    const body = change.body === undefined ? null : typeof change.body === 'string' ? change.body : JSON.stringify(change.body);
    const createdAt = new Date(this.now()).toISOString();
    const from = { countryCode: change.owner.countryCode.toUpperCase(), partyId: change.owner.partyId.toUpperCase() };
    return targets.map((t) => ({
      partnerId: t.partnerId,
      module: change.module,
      method: change.method,
      path: change.path,
      body,
      objectKey: change.objectKey,
      from,
      to: t.to,
      correlationId: change.correlationId ?? randomUUID(),
      createdAt,
    }));
  }
}
