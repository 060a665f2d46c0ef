/**
 * A small typed in-process event emitter for object changes. Modules emit after the change is
 * committed; the push outbox and other consumers subscribe. A listener that throws is logged and
 * does not disturb the others or the write that emitted.
 */
import type { Logger } from 'pino';

export type ChangeListener<C> = (change: C) => void | Promise<void>;

export class ChangeEmitter<C> {
  private readonly listeners = new Set<ChangeListener<C>>();

  constructor(private readonly logger?: Pick<Logger, 'error'>) {}

  /** Subscribes; returns the function that unsubscribes. */
  on(listener: ChangeListener<C>): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
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
