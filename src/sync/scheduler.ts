/**
 * The scheduled catch-up of a serving node (T-13: pull is how a receiver gets back in sync; pull
 * rarely, with random splay). Every interval, each registered partner's modules are pulled, each
 * pair at its own random moment in the first half of the interval, so partners are not all hit
 * at once and no two nodes pull in lockstep. A pair still running is not started again.
 */
import type { Logger } from 'pino';
import type { NodeContext } from '../modules/module.js';
import type { SyncService } from './service.js';
import type { PullModule } from './targets.js';

/**
 * The first cycle waits one interval or this long, whichever is shorter (plus the splay): a node
 * that just started first takes the pushes its partners queued for it while it was down, and a
 * restarted cluster does not pull everything at once.
 */
const STARTUP_GRACE_MS = 2 * 60_000;

export class SyncScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Work in flight (cycles and runs), awaited on close. Runs are keyed by `partner/module`. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private readonly log: Logger;
  private stopped = false;
  private cycles = 0;

  constructor(
    private readonly ctx: NodeContext,
    private readonly service: SyncService,
    private readonly random: () => number = Math.random,
  ) {
    this.log = ctx.logger.child({ component: 'sync-scheduler' });
  }

  /** Starts the cycles (the first one after the startup grace); nothing when the interval is 0. */
  start(): void {
    const { intervalMs } = this.service.settings;
    if (intervalMs <= 0 || this.stopped) return;
    this.later(Math.min(intervalMs, STARTUP_GRACE_MS), () => this.cycle());
  }

  /** Stops scheduling, aborts crawls in flight (they are recorded as failed: nothing advances) and waits for them. */
  async close(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.abort.abort();
    await Promise.allSettled([...this.running.values()]);
  }

  /** Pairs whose sync is running now (`partnerId/module`). */
  get active(): string[] {
    return [...this.running.keys()].filter((key) => !key.startsWith('cycle:'));
  }

  private cycle(): void {
    this.track(`cycle:${this.cycles++}`, async () => {
      const partners = (await this.ctx.partners.list()).filter((p) => p.status === 'REGISTERED');
      for (const partner of partners) {
        for (const target of this.service.targetsFor(partner)) this.later(this.splay(), () => this.run(partner.id, target.module));
      }
    });
    this.later(this.service.settings.intervalMs, () => this.cycle());
  }

  private run(partnerId: string, module: PullModule): void {
    const key = `${partnerId}/${module}`;
    if (this.running.has(key)) return;
    this.track(key, async () => {
      await this.service.sync(partnerId, [module], { signal: this.abort.signal });
    });
  }

  private track(key: string, work: () => Promise<void>): void {
    if (this.stopped) return;
    const done = work()
      .catch((error: unknown) => this.log.warn({ err: error, key }, 'scheduled sync failed'))
      .finally(() => this.running.delete(key));
    this.running.set(key, done);
  }

  private later(ms: number, work: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) work();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  /** A random delay within the first half of the interval. */
  private splay(): number {
    return Math.floor(this.random() * (this.service.settings.intervalMs / 2));
  }
}
