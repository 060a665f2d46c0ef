/**
 * Drains the outbox. Each scan finds the partners with due rows and claims, per partner, as many
 * rows as that partner has free slots; the sends run detached from the scan, so a partner whose
 * requests hang until the timeout only ever occupies its own slots and never delays another
 * partner's deliveries. Scans run every poll interval, at once on an in-process enqueue, and
 * again whenever a delivery frees a slot (the next row of that object may now be sendable).
 */
import type { Logger } from 'pino';
import type { PartnerStore } from '../modules/credentials/partner-store.js';
import type { PushSettings } from './config.js';
import { deliver } from './deliver.js';
import type { DeliveryContext } from './deliver.js';
import type { OutboxRow, OutboxStore } from './store.js';

const PRUNE_EVERY_MS = 60_000;

export interface DispatcherOptions {
  store: OutboxStore;
  partners: PartnerStore;
  settings: PushSettings;
  logger: Logger;
  instanceId: string;
  now?: () => number;
}

export class Dispatcher {
  private readonly inFlight = new Map<string, number>();
  private readonly sends = new Set<Promise<void>>();
  private readonly delivery: DeliveryContext;
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private rescan = false;
  private started = false;
  private stopping = false;
  private lastPrune = 0;

  constructor(private readonly options: DispatcherOptions) {
    this.delivery = {
      store: options.store,
      settings: options.settings,
      instanceId: options.instanceId,
      logger: options.logger,
      now: options.now ?? Date.now,
    };
  }

  start(): void {
    if (this.started || this.stopping) return;
    this.started = true;
    this.wake();
  }

  /** Scan now (after an enqueue or a replay in this process); a scan under way is followed by another. */
  wake(): void {
    if (!this.started || this.stopping) return;
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    this.schedule(0);
  }

  /** No new claims; in-flight sends finish (bounded by the request timeout) and record their outcome. */
  async close(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.scanning;
    await Promise.allSettled([...this.sends]);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.stopping) return;
    this.timer = setTimeout(() => this.runScan(), delayMs);
    // The HTTP server keeps a node alive; a forgotten outbox must not.
    this.timer.unref();
  }

  private runScan(): void {
    this.scanning = this.scan()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'push scan failed; retrying at the next poll'))
      .finally(() => {
        this.scanning = undefined;
        const again = this.rescan;
        this.rescan = false;
        this.schedule(again ? 0 : this.options.settings.pollIntervalMs);
      });
  }

  private async scan(): Promise<void> {
    const { store, settings } = this.options;
    const now = this.delivery.now();
    await this.pruneNow(now);
    for (const partnerId of await store.duePartners(now)) {
      if (this.stopping) return;
      const free = settings.concurrencyPerPartner - (this.inFlight.get(partnerId) ?? 0);
      if (free > 0) await this.claimFor(partnerId, free, now);
    }
  }

  private async claimFor(partnerId: string, free: number, now: number): Promise<void> {
    const { store, partners, settings, instanceId, logger } = this.options;
    const partner = await partners.get(partnerId);
    if (partner?.status !== 'REGISTERED') {
      const dropped = await store.dropPartner(partnerId, 'partner is not registered (CRED-15)', now);
      if (dropped > 0) logger.info({ partnerId, dropped }, 'push rows dropped: partner unregistered');
      return;
    }
    const rows = await store.claim(partnerId, instanceId, free, now, settings.leaseMs);
    for (const row of rows) this.launch(partnerId, () => deliver(this.delivery, partner, row), row);
  }

  private launch(partnerId: string, send: () => Promise<void>, row: OutboxRow): void {
    this.inFlight.set(partnerId, (this.inFlight.get(partnerId) ?? 0) + 1);
    const task = (this.stopping ? this.release(row) : send())
      .catch((error: unknown) =>
        // The outcome could not be recorded (database gone): the lease expires and the row is sent again.
        this.options.logger.error({ err: error, partnerId, rowId: row.id }, 'push outcome not recorded'),
      )
      .finally(() => {
        this.sends.delete(task);
        this.inFlight.set(partnerId, (this.inFlight.get(partnerId) ?? 1) - 1);
        this.wake();
      });
    this.sends.add(task);
  }

  private async release(row: OutboxRow): Promise<void> {
    await this.options.store.release(row, this.options.instanceId, this.delivery.now());
  }

  private async pruneNow(now: number): Promise<void> {
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    const pruned = await this.options.store.prune(now - this.options.settings.retainMs);
    if (pruned > 0) this.options.logger.debug({ pruned }, 'push rows pruned');
  }
}
