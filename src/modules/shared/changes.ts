/**
 * A small typed in-process event emitter for object changes, in two phases. Store listeners run
 * inside the transaction that stores a change, so what they write (the push outbox's rows) commits
 * with it or not at all: one that throws rolls the change back. After the commit the change is
 * emitted to the others; such a listener that throws is logged and does not disturb the rest or
 * the write.
 */
import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../storage/tables.js';

export type ChangeListener<C> = (change: C) => void | Promise<void>;

/**
 * Runs inside the transaction storing `change`, after the object was written. It must use `trx`
 * only: on SQLite the transaction holds the one connection, on PostgreSQL anything else would
 * commit apart from the change.
 */
export type StoreListener<C> = (change: C, trx: Transaction<Database>) => Promise<void>;

/** Inside a write's transaction: hands over the change the write made. */
export type RecordChange<C> = (trx: Transaction<Database>, change: C) => Promise<void>;

export class ChangeEmitter<C> {
  private readonly listeners = new Set<ChangeListener<C>>();
  private readonly storeListeners = new Set<StoreListener<C>>();

  constructor(private readonly logger?: Pick<Logger, 'error'>) {}

  /** Subscribes to changes once committed; returns the function that unsubscribes. */
  on(listener: ChangeListener<C>): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Subscribes inside the storing transaction; returns the function that unsubscribes. */
  onStore(listener: StoreListener<C>): () => void {
    this.storeListeners.add(listener);
    return () => void this.storeListeners.delete(listener);
  }

  /**
   * One write of a change. `write` stores it and, inside its transaction after the object was
   * written, calls `record` with the change it made (not at all when nothing changed): the store
   * listeners run there, in subscription order, and the first failure rolls the write back. Once
   * `write` returned, i.e. committed, the recorded change is emitted.
   */
  async write<R>(write: (record: RecordChange<C>) => Promise<R>): Promise<R> {
    let recorded: { change: C } | undefined;
    const result = await write(async (trx, change) => {
      for (const listener of [...this.storeListeners]) await listener(change, trx);
      // A write that retries its transaction records again: the last attempt is the one committed.
      recorded = { change };
    });
    if (recorded) await this.emit(recorded.change);
    return result;
  }

  /** Calls every listener in subscription order; awaits async listeners one after the other. */
  async emit(change: C): Promise<void> {
    for (const listener of [...this.listeners]) {
      try {
        await listener(change);
      } catch (error) {
        this.logger?.error({ err: error }, 'change listener failed');
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
