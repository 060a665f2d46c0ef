import type { ColumnType, Generated } from 'kysely';

/**
 * Where a push stands. `superseded` (a newer full PUT of the same object replaced it) and
 * `dropped` (the partner unregistered, CRED-15) are final and never sent.
 */
export type OutboxStatus = 'pending' | 'delivering' | 'delivered' | 'dead' | 'superseded' | 'dropped';

export type PushMethod = 'PUT' | 'PATCH' | 'POST' | 'DELETE';

/** One change of an own object on its way to one partner. */
export interface PushOutboxTable {
  /** Monotonic: the order of changes per object key is the order of ids. PostgreSQL bigint comes back as text. */
  id: ColumnType<number | string, never, never>;
  partner_id: string;
  module: string;
  method: PushMethod;
  /** Relative to the partner's receiver endpoint, joined at delivery time (the endpoint may change). */
  path: string;
  /** JSON text, sent as is; null for DELETE. */
  body: string | null;
  /** Changes sharing a key are delivered strictly in order; a PUT coalesces older ones below its path. */
  object_key: string;
  from_country_code: string;
  from_party_id: string;
  to_country_code: string;
  to_party_id: string;
  /** X-Correlation-ID of every attempt: the partner sees retries of one change as one chain (T-22). */
  correlation_id: string;
  status: OutboxStatus;
  attempts: Generated<number>;
  created_at: string;
  /** Start of the current delivery horizon: enqueue time, or the time of a replay. */
  pending_since: string;
  next_attempt_at: string;
  /** The instance holding the row while delivering, and until when (a crashed instance's claim expires). */
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  updated_at: string;
}

/** Per-partner delivery state shared by every instance: consecutive failures and the backoff pause. */
export interface PushPartnersTable {
  partner_id: string;
  failures: number;
  paused_until: string | null;
  last_error: string | null;
  updated_at: string;
}

export interface PushTables {
  push_outbox: PushOutboxTable;
  push_partners: PushPartnersTable;
}
