/**
 * The outbox's SQL. Every state change of a row is one conditional statement (or one transaction),
 * so several dispatchers on one PostgreSQL never both own a row: a claim takes rows with
 * `FOR UPDATE SKIP LOCKED` and stamps them with the instance and a lease; completing a row only
 * succeeds for the instance whose lease it holds.
 */
import { sql } from 'kysely';
import type { Expression, ExpressionBuilder, Kysely, Selectable, SqlBool } from 'kysely';
import type { Database } from '../storage/tables.js';
import type { DialectName } from '../storage/database.js';
import type { OutboxStatus, PushMethod, PushOutboxTable } from './tables.js';

export interface OutboxRow {
  id: number;
  partnerId: string;
  module: string;
  method: PushMethod;
  path: string;
  body: string | null;
  objectKey: string;
  from: { countryCode: string; partyId: string };
  to: { countryCode: string; partyId: string };
  correlationId: string;
  status: OutboxStatus;
  attempts: number;
  createdAt: string;
  pendingSince: string;
  nextAttemptAt: string;
  /** The instance holding the claim; on a delivered row, the one that delivered it. */
  lockedBy: string | null;
  lastError: string | null;
  updatedAt: string;
}

export type NewOutboxRow = Omit<OutboxRow, 'id' | 'status' | 'attempts' | 'pendingSince' | 'nextAttemptAt' | 'lockedBy' | 'lastError' | 'updatedAt'>;

export interface ListFilter {
  partnerId?: string;
  status?: OutboxStatus;
  limit?: number;
}

export interface PartnerStats {
  partnerId: string;
  counts: Partial<Record<OutboxStatus, number>>;
  oldestPending: string | null;
  failures: number;
  pausedUntil: string | null;
  lastError: string | null;
}

type Db = Kysely<Database>;
type Row = Selectable<PushOutboxTable>;
type OutboxEb = ExpressionBuilder<Database, 'push_outbox'>;

const iso = (ms: number) => new Date(ms).toISOString();

function toRow(r: Row): OutboxRow {
  return {
    id: Number(r.id),
    partnerId: r.partner_id,
    module: r.module,
    method: r.method,
    path: r.path,
    body: r.body,
    objectKey: r.object_key,
    from: { countryCode: r.from_country_code, partyId: r.from_party_id },
    to: { countryCode: r.to_country_code, partyId: r.to_party_id },
    correlationId: r.correlation_id,
    status: r.status,
    attempts: Number(r.attempts),
    createdAt: r.created_at,
    pendingSince: r.pending_since,
    nextAttemptAt: r.next_attempt_at,
    lockedBy: r.locked_by,
    lastError: r.last_error,
    updatedAt: r.updated_at,
  };
}

/** A row at `path` or below it (`/LOC1` covers `/LOC1/EVSE1`); substr, not LIKE, as ids may hold `_` and `%`. */
function atOrBelow(eb: OutboxEb, path: string): Expression<SqlBool> {
  const prefix = `${path}/`;
  return eb.or([eb('path', '=', path), eb(sql`substr(path, 1, ${prefix.length})`, '=', prefix)]);
}

export class OutboxStore {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
  ) {}

  /**
   * Adds one change for several partners. A PUT first supersedes the older undelivered rows it
   * replaces (pending, or dead: the newer full object makes a dead-lettered older one moot); rows
   * in flight go on, and the new row waits for them.
   */
  async insert(executor: Db, rows: readonly NewOutboxRow[], now: number): Promise<number[]> {
    if (rows.length === 0) return [];
    const at = iso(now);
    const first = rows[0]!;
    if (first.method === 'PUT') {
      await executor
        .updateTable('push_outbox')
        .set({ status: 'superseded', updated_at: at })
        .where('partner_id', 'in', rows.map((r) => r.partnerId))
        .where('object_key', '=', first.objectKey)
        .where('status', 'in', ['pending', 'dead'])
        .where((eb) => atOrBelow(eb, first.path))
        .execute();
    }
    const inserted = await executor
      .insertInto('push_outbox')
      .values(
        rows.map((r) => ({
          partner_id: r.partnerId,
          module: r.module,
          method: r.method,
          path: r.path,
          body: r.body,
          object_key: r.objectKey,
          from_country_code: r.from.countryCode,
          from_party_id: r.from.partyId,
          to_country_code: r.to.countryCode,
          to_party_id: r.to.partyId,
          correlation_id: r.correlationId,
          status: 'pending' as const,
          created_at: r.createdAt,
          pending_since: at,
          next_attempt_at: at,
          locked_by: null,
          locked_until: null,
          last_error: null,
          updated_at: at,
        })),
      )
      .returning('id')
      .execute();
    return inserted.map((r) => Number(r.id));
  }

  /** Partners with a row to send now: due, or claimed by an instance whose lease ran out; not paused. */
  async duePartners(now: number): Promise<string[]> {
    const at = iso(now);
    const rows = await this.db
      .selectFrom('push_outbox as o')
      .leftJoin('push_partners as p', 'p.partner_id', 'o.partner_id')
      .select('o.partner_id')
      .distinct()
      .where((eb) =>
        eb.or([
          eb.and([eb('o.status', '=', 'pending'), eb('o.next_attempt_at', '<=', at)]),
          eb.and([eb('o.status', '=', 'delivering'), eb('o.locked_until', '<', at)]),
        ]),
      )
      .where((eb) => eb.or([eb('p.paused_until', 'is', null), eb('p.paused_until', '<=', at)]))
      .execute();
    return rows.map((r) => r.partner_id);
  }

  /**
   * Takes up to `limit` of a partner's rows for this instance. A row qualifies only when no older
   * row of its object is still pending or in flight (strict order per object), so one claim holds
   * at most one row per object. PostgreSQL skips rows another instance is claiming this instant;
   * SQLite runs the single UPDATE under its write lock.
   */
  async claim(partnerId: string, instanceId: string, limit: number, now: number, leaseMs: number): Promise<OutboxRow[]> {
    const at = iso(now);
    let candidates = this.db
      .selectFrom('push_outbox as o')
      .select('o.id')
      .where('o.partner_id', '=', partnerId)
      .where((eb) =>
        eb.or([
          eb.and([eb('o.status', '=', 'pending'), eb('o.next_attempt_at', '<=', at)]),
          eb.and([eb('o.status', '=', 'delivering'), eb('o.locked_until', '<', at)]),
        ]),
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('push_outbox as e')
              .select(sql.lit(1).as('one'))
              .whereRef('e.partner_id', '=', 'o.partner_id')
              .whereRef('e.object_key', '=', 'o.object_key')
              .whereRef('e.id', '<', 'o.id')
              .where('e.status', 'in', ['pending', 'delivering']),
          ),
        ),
      )
      .orderBy('o.id')
      .limit(limit);
    if (this.dialect === 'postgres') candidates = candidates.forUpdate(['o']).skipLocked();
    const rows = await this.db
      .updateTable('push_outbox')
      .set({ status: 'delivering', locked_by: instanceId, locked_until: iso(now + leaseMs), updated_at: at })
      .where('id', 'in', candidates)
      .returningAll()
      .execute();
    return rows.map(toRow).sort((a, b) => a.id - b.id);
  }

  /** The partner took the change. False when this instance no longer held the row (its lease was taken over). */
  async delivered(row: OutboxRow, instanceId: string, now: number): Promise<boolean> {
    const at = iso(now);
    return this.db.transaction().execute(async (trx) => {
      const done = await this.finish(trx, row, instanceId, {
        status: 'delivered',
        attempts: row.attempts + 1,
        last_error: null,
        updated_at: at,
      });
      await trx
        .updateTable('push_partners')
        .set({ failures: 0, paused_until: null, last_error: null, updated_at: at })
        .where('partner_id', '=', row.partnerId)
        .where('failures', '>', 0)
        .execute();
      return done;
    });
  }

  /** Dead at once: the partner refused the content, or no longer offers the receiver. */
  async dead(row: OutboxRow, instanceId: string, reason: string, now: number): Promise<boolean> {
    return this.finish(this.db, row, instanceId, {
      status: 'dead',
      attempts: row.attempts + 1,
      last_error: reason,
      updated_at: iso(now),
    });
  }

  /**
   * A failure worth retrying: the partner as a whole is paused (its consecutive failures drive the
   * backoff, shared by every instance), the row waits for the pause, and every pending row of the
   * partner that has waited past the horizon goes dead — this one included.
   */
  async retry(
    row: OutboxRow,
    instanceId: string,
    error: string,
    delayFor: (consecutiveFailures: number) => number,
    horizonMs: number,
    now: number,
  ): Promise<{ status: OutboxStatus; pausedUntil: string } | undefined> {
    const at = iso(now);
    const horizonStart = iso(now - horizonMs);
    return this.db.transaction().execute(async (trx) => {
      const state = await trx
        .selectFrom('push_partners')
        .select(['failures', 'paused_until'])
        .where('partner_id', '=', row.partnerId)
        .executeTakeFirst();
      const failures = Number(state?.failures ?? 0) + 1;
      const wanted = iso(now + delayFor(failures));
      // Another instance may have paused the partner for longer (a Retry-After it was given).
      const pausedUntil = state?.paused_until && state.paused_until > wanted ? state.paused_until : wanted;
      await trx
        .insertInto('push_partners')
        .values({ partner_id: row.partnerId, failures, paused_until: pausedUntil, last_error: error, updated_at: at })
        .onConflict((oc) => oc.column('partner_id').doUpdateSet({ failures, paused_until: pausedUntil, last_error: error, updated_at: at }))
        .execute();
      const status: OutboxStatus = row.pendingSince <= horizonStart ? 'dead' : 'pending';
      const owned = await this.finish(trx, row, instanceId, {
        status,
        attempts: row.attempts + 1,
        last_error: status === 'dead' ? `horizon exceeded; last failure: ${error}` : error,
        next_attempt_at: pausedUntil,
        updated_at: at,
      });
      await trx
        .updateTable('push_outbox')
        .set({ status: 'dead', last_error: `horizon exceeded while the partner failed: ${error}`, updated_at: at })
        .where('partner_id', '=', row.partnerId)
        .where('status', '=', 'pending')
        .where('pending_since', '<=', horizonStart)
        .execute();
      return owned ? { status, pausedUntil } : undefined;
    });
  }

  /** Gives a claimed row back untouched (the node is closing before it was sent). */
  async release(row: OutboxRow, instanceId: string, now: number): Promise<boolean> {
    return this.finish(this.db, row, instanceId, { status: 'pending', updated_at: iso(now) });
  }

  /** CRED-15: automated communication with an unregistered partner ends; its queue is dropped. */
  async dropPartner(partnerId: string, reason: string, now: number): Promise<number> {
    const at = iso(now);
    const result = await this.db
      .updateTable('push_outbox')
      .set({ status: 'dropped', last_error: reason, locked_by: null, locked_until: null, updated_at: at })
      .where('partner_id', '=', partnerId)
      .where((eb) =>
        eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'delivering'), eb('locked_until', '<', at)])]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async get(id: number): Promise<OutboxRow | undefined> {
    const row = await this.db.selectFrom('push_outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRow(row);
  }

  async list(filter: ListFilter = {}): Promise<OutboxRow[]> {
    let query = this.db.selectFrom('push_outbox').selectAll().orderBy('id');
    if (filter.partnerId !== undefined) query = query.where('partner_id', '=', filter.partnerId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.limit !== undefined) query = query.limit(filter.limit);
    return (await query.execute()).map(toRow);
  }

  /**
   * Dead rows back to pending, due now, with a fresh horizon; the partner's backoff is reset so
   * the operator's replay is tried at once. Returns the rows replayed.
   */
  async replay(target: { id: number } | { partnerId: string }, now: number): Promise<OutboxRow[]> {
    const at = iso(now);
    return this.db.transaction().execute(async (trx) => {
      let query = trx
        .updateTable('push_outbox')
        .set({ status: 'pending', pending_since: at, next_attempt_at: at, locked_by: null, locked_until: null, updated_at: at })
        .where('status', '=', 'dead');
      query = 'id' in target ? query.where('id', '=', target.id) : query.where('partner_id', '=', target.partnerId);
      const rows = (await query.returningAll().execute()).map(toRow);
      const partners = [...new Set(rows.map((r) => r.partnerId))];
      if (partners.length > 0) {
        await trx
          .updateTable('push_partners')
          .set({ failures: 0, paused_until: null, updated_at: at })
          .where('partner_id', 'in', partners)
          .execute();
      }
      return rows.sort((a, b) => a.id - b.id);
    });
  }

  async stats(): Promise<PartnerStats[]> {
    const counts = await this.db
      .selectFrom('push_outbox')
      .select(['partner_id', 'status'])
      .select((eb) => eb.fn.countAll().as('n'))
      .groupBy(['partner_id', 'status'])
      .execute();
    const oldest = await this.db
      .selectFrom('push_outbox')
      .select('partner_id')
      .select((eb) => eb.fn.min('created_at').as('oldest'))
      .where('status', 'in', ['pending', 'delivering'])
      .groupBy('partner_id')
      .execute();
    const states = await this.db.selectFrom('push_partners').selectAll().execute();
    const byPartner = new Map<string, PartnerStats>();
    const entry = (partnerId: string) => {
      let stats = byPartner.get(partnerId);
      if (!stats) byPartner.set(partnerId, (stats = { partnerId, counts: {}, oldestPending: null, failures: 0, pausedUntil: null, lastError: null }));
      return stats;
    };
    for (const c of counts) entry(c.partner_id).counts[c.status] = Number(c.n);
    for (const o of oldest) entry(o.partner_id).oldestPending = o.oldest;
    for (const s of states) Object.assign(entry(s.partner_id), { failures: Number(s.failures), pausedUntil: s.paused_until, lastError: s.last_error });
    return [...byPartner.values()].sort((a, b) => a.partnerId.localeCompare(b.partnerId));
  }

  /** Forgets finished rows older than the retention; dead rows stay until replayed or superseded. */
  async prune(olderThan: number): Promise<number> {
    const result = await this.db
      .deleteFrom('push_outbox')
      .where('status', 'in', ['delivered', 'superseded', 'dropped'])
      .where('updated_at', '<', iso(olderThan))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private async finish(
    executor: Db,
    row: OutboxRow,
    instanceId: string,
    values: { status: OutboxStatus; updated_at: string; attempts?: number; last_error?: string | null; next_attempt_at?: string },
  ): Promise<boolean> {
    const result = await executor
      .updateTable('push_outbox')
      // A delivered row keeps the instance that delivered it, for the record.
      .set({ ...values, locked_until: null, ...(values.status === 'delivered' ? {} : { locked_by: null }) })
      .where('id', '=', row.id)
      .where('status', '=', 'delivering')
      .where('locked_by', '=', instanceId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
