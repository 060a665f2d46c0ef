/** The Kysely table types of pull sync (composed in src/storage/tables.ts). */

/** One row per (partner connection, module): where incremental sync resumes, and who runs it now. */
export interface SyncStateTable {
  partner_id: string;
  module: string;
  /**
   * When the last crawl that completed started (ISO 8601 UTC): the next incremental sync asks for
   * objects changed since then (minus the overlap). Null until a sync succeeded.
   */
  last_success_at: string | null;
  /** When the latest sync of this pair started, whatever its outcome. */
  last_run_at: string | null;
  /** Why the latest sync failed; null after a success. */
  last_error: string | null;
  /** The instance running a sync of this pair, and until when its claim holds (renewed per page). */
  lease_owner: string | null;
  lease_until: string | null;
}

export interface SyncTables {
  sync_state: SyncStateTable;
}
