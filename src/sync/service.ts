/**
 * Pull sync of a partner's modules (docs/sync.md): each (partner, module) runs under a lease, is
 * incremental from the start of its last successful sync (minus an overlap), and records its
 * outcome; a failed or interrupted crawl leaves the incremental point where it was.
 */
import { randomUUID } from 'node:crypto';
import { formatDateTime } from '../core/datetime.js';
import type { Partner } from '../modules/credentials/partner.js';
import { partnerEndpoint } from '../modules/credentials/partner.js';
import type { NodeContext } from '../modules/module.js';
import { emptyCounts, pull } from './pull.js';
import { crawlRoutings } from './routings.js';
import type { PullCounts, PullProgress } from './pull.js';
import { syncSettings } from './settings.js';
import type { SyncSettings } from './settings.js';
import { SyncStateStore } from './state.js';
import { pullTargets } from './targets.js';
import type { PullModule, PullTarget } from './targets.js';

/** The outcome of one module's sync. `busy`: another run of the pair held the lease. */
export interface SyncReport extends PullCounts {
  partnerId: string;
  module: PullModule;
  status: 'ok' | 'failed' | 'busy';
  /** Whether the list was the whole truth (no date_from): `--full`, or the first sync of the pair. */
  full: boolean;
  /** The date_from sent, for an incremental sync. */
  dateFrom?: string;
  startedAt: string;
  durationMs: number;
  error?: string;
}

export interface SyncOptions {
  /** Ignore the incremental point: list everything and settle what is no longer listed (PAG-14). */
  full?: boolean;
  signal?: AbortSignal;
  onProgress?: (module: PullModule, progress: Readonly<PullProgress>) => void;
}

export class SyncService {
  readonly state: SyncStateStore;
  readonly settings: SyncSettings;
  /** This process's name in leases. */
  private readonly instanceId = randomUUID();

  constructor(private readonly ctx: NodeContext) {
    this.state = new SyncStateStore(ctx.db);
    this.settings = syncSettings(ctx.config);
  }

  /**
   * The modules this node pulls from `partner`: the Receivers it serves whose Sender the partner
   * offers, for a party the partner registered in the owner role (or through its hub).
   */
  targetsFor(partner: Partner): PullTarget[] {
    return pullTargets(this.ctx).filter(
      (t) => partnerEndpoint(partner, t.module, 'SENDER') !== undefined && crawlRoutings(this.ctx, partner, t).length > 0,
    );
  }

  /** Syncs the given modules (or every one this node pulls from the partner) one after the other. */
  async sync(partnerId: string, modules: readonly PullModule[] | 'all', options: SyncOptions = {}): Promise<SyncReport[]> {
    const partner = await this.ctx.partners.get(partnerId);
    if (partner === undefined) throw new Error(`unknown partner ${partnerId}`);
    if (partner.status !== 'REGISTERED') throw new Error(`partner ${partnerId} is ${partner.status}, not REGISTERED`);
    const available = this.targetsFor(partner);
    const targets = modules === 'all' ? available : modules.map((m) => this.pick(available, m, partner));
    const reports: SyncReport[] = [];
    for (const target of targets) {
      if (options.signal?.aborted) break;
      reports.push(await this.syncModule(partner, target, options));
    }
    return reports;
  }

  /** One module of one partner, under the pair's lease; never throws for a failed crawl (the report says so). */
  async syncModule(partner: Partner, target: PullTarget, options: SyncOptions = {}): Promise<SyncReport> {
    const started = new Date();
    const report: SyncReport = {
      partnerId: partner.id,
      module: target.module,
      status: 'busy',
      full: false,
      startedAt: started.toISOString(),
      durationMs: 0,
      ...emptyCounts(),
    };
    const { state, instanceId } = this;
    if (!(await state.claim(partner.id, target.module, instanceId, started, this.leaseEnd()))) return report;
    const log = this.ctx.logger.child({ sync: target.module, partnerId: partner.id });
    try {
      const previous = options.full ? undefined : (await state.get(partner.id, target.module))?.lastSuccessAt;
      report.full = previous === undefined;
      if (previous !== undefined) report.dateFrom = this.incrementalFrom(previous);
      const counts = await pull(this.ctx, {
        partner,
        target,
        // Objects changed within the overlap before the start may come from pushes racing the crawl.
        full: report.full && { settleBefore: new Date(started.getTime() - this.settings.overlapMs) },
        ...(report.dateFrom !== undefined ? { dateFrom: report.dateFrom } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        logger: log,
        afterPage: async (progress) => {
          options.onProgress?.(target.module, progress);
          if (!(await state.renew(partner.id, target.module, instanceId, this.leaseEnd()))) throw new Error('the sync lease was lost');
        },
      });
      Object.assign(report, counts, { status: 'ok' });
      await state.finish(partner.id, target.module, instanceId, { ok: true, startedAt: report.startedAt });
    } catch (error) {
      report.status = 'failed';
      report.error = error instanceof Error ? error.message : String(error);
      await state.finish(partner.id, target.module, instanceId, { ok: false, startedAt: report.startedAt, error: report.error });
    }
    report.durationMs = Date.now() - started.getTime();
    const level = report.status === 'ok' ? 'info' : 'warn';
    // partnerId is bound to `log` already: a JSON line must not carry a key twice.
    const { partnerId: _partnerId, ...fields } = report;
    log[level](fields, `pull sync of ${target.module} ${report.status}`);
    return report;
  }

  private pick(available: PullTarget[], module: PullModule, partner: Partner): PullTarget {
    const target = available.find((t) => t.module === module);
    if (target) return target;
    const served = pullTargets(this.ctx).some((t) => t.module === module);
    throw new Error(
      served
        ? `partner ${partner.id} offers no ${module} SENDER endpoint, or registered no party owning ${module}`
        : `this node does not pull ${module} (a${module === 'tokens' ? ' CPO' : 'n eMSP'} pulls it, ROLE-02/ROLE-04)`,
    );
  }

  /** date_from of an incremental sync: the last success's start, minus the overlap for clock skew and late commits. */
  private incrementalFrom(lastSuccessAt: string): string {
    // Whole seconds, rounded down: some Senders reject fractions, and an earlier bound only widens the window.
    const from = Date.parse(lastSuccessAt) - this.settings.overlapMs;
    return formatDateTime(new Date(Math.floor(from / 1000) * 1000));
  }

  private leaseEnd(): Date {
    return new Date(Date.now() + this.settings.leaseMs);
  }
}
