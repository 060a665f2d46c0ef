/**
 * The sync state of each (partner connection, module): where the next incremental sync resumes,
 * and a lease so that one sync of a pair runs at a time — across the serving node's scheduler,
 * `evroam sync` run beside it, and several instances on one PostgreSQL database.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../storage/tables.js';

export interface SyncState {
  partnerId: string;
  module: string;
  /** Start of the last crawl that completed (ISO 8601 UTC), or undefined before the first. */
  lastSuccessAt?: string;
  lastRunAt?: string;
  lastError?: string;
}

/** How a sync ended, as recorded. Only a success moves `lastSuccessAt`. */
export type SyncOutcome = { ok: true; startedAt: string } | { ok: false; startedAt: string; error: string };

export class SyncStateStore {
  constructor(private readonly db: Kysely<Database>) {}

  async get(partnerId: string, module: string): Promise<SyncState | undefined> {
    const row = await this.db
      .selectFrom('sync_state')
      .selectAll()
      .where('partner_id', '=', partnerId)
      .where('module', '=', module)
      .executeTakeFirst();
    if (!row) return undefined;
    const state: SyncState = { partnerId, module };
    if (row.last_success_at !== null) state.lastSuccessAt = row.last_success_at;
    if (row.last_run_at !== null) state.lastRunAt = row.last_run_at;
    if (row.last_error !== null) state.lastError = row.last_error;
    return state;
  }

  /**
   * Takes the lease of a pair for `owner` until `until`, unless another owner holds an unexpired
   * one. One conditional UPDATE decides, so two claimants never both win.
   */
  async claim(partnerId: string, module: string, owner: string, now: Date, until: Date): Promise<boolean> {
    await this.db
      .insertInto('sync_state')
      .values({ partner_id: partnerId, module, last_success_at: null, last_run_at: null, last_error: null, lease_owner: null, lease_until: null })
      .onConflict((oc) => oc.columns(['partner_id', 'module']).doNothing())
      .execute();
    const result = await this.db
      .updateTable('sync_state')
      .set({ lease_owner: owner, lease_until: until.toISOString(), last_run_at: now.toISOString() })
      .where('partner_id', '=', partnerId)
      .where('module', '=', module)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now.toISOString())]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Extends a held lease (a long crawl renews it page by page); false when it was lost. */
  async renew(partnerId: string, module: string, owner: string, until: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('sync_state')
      .set({ lease_until: until.toISOString() })
      .where('partner_id', '=', partnerId)
      .where('module', '=', module)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Records the outcome and releases the lease; a failure leaves `last_success_at` where it was. */
  async finish(partnerId: string, module: string, owner: string, outcome: SyncOutcome): Promise<void> {
    await this.db
      .updateTable('sync_state')
      .set({
        lease_owner: null,
        lease_until: null,
        last_error: outcome.ok ? null : outcome.error,
        ...(outcome.ok ? { last_success_at: outcome.startedAt } : {}),
      })
      .where('partner_id', '=', partnerId)
      .where('module', '=', module)
      .where('lease_owner', '=', owner)
      .execute();
  }
}
