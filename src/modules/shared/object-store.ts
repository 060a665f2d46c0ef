/**
 * Storage of party-owned OCPI objects, one table per object kind (see object-table.ts). Reads hand
 * out the stored JSON text; writes are read-modify-write in one transaction (row lock on
 * PostgreSQL), so concurrent PATCHes of one object do not lose each other's changes.
 *
 * A received object belongs to the partner connection that stored it (T-29: "a partner sees and
 * writes only what belongs to it"). Two connections may list the same party in their roles (a
 * second registration of one operator, a party moved between hubs); a read or write made as one of
 * them (an `Ownership`) does not reach the other's objects while that other connection is
 * REGISTERED. Once it is not (unregistered, CRED-15, or deleted) its objects are nobody's, and the
 * next connection to write one takes it over.
 */
import type { Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import type { Logger } from 'pino';
import { toSortableTimestamp } from '../../core/datetime.js';
import { OcpiError, OcpiStatus } from '../../core/status.js';
import type { DialectName } from '../../storage/database.js';
import type { Database } from '../../storage/tables.js';
import type { PartyKey } from '../credentials/partner.js';
import { TableCache, tableWritten } from './table-cache.js';

/** The identity of a stored object; parts are compared case-insensitively (stored upper case). */
export interface ObjectKey {
  countryCode: string;
  partyId: string;
  id: string;
  /** Second identity component (Token type); '' or absent otherwise. */
  variant?: string;
}

/** Who a stored object belongs to: this node's own parties, or a partner's (received) objects. */
export type Ownership = { own: true } | { own: false; partnerId: string };

/**
 * Whose view a read or delete takes: an Ownership sees only what belongs to it (see above); a bare
 * boolean (own / received) sees every object of that side, for the node's own library use.
 */
export type Reader = boolean | Ownership;

/** A stored object, parsed, with its stored JSON text. */
export interface StoredObject<T> {
  object: T;
  json: string;
  seq: number;
  partnerId: string | null;
}

/** The outcome of a write. `changed` is false when the new JSON text equals the stored one. */
export interface WriteResult<T> {
  created: boolean;
  changed: boolean;
  before: T | undefined;
  after: T;
  /** The connection no longer registered whose object this write took over, if it did. */
  takenOverFrom?: string;
}

/**
 * Runs inside a write's transaction, right after the object row was written, and only when
 * something was (the own-object layer records its change there, see changes.ts). A throw rolls the
 * write back. It must use `trx` only. The read cache stays exact: this table's write counter moves
 * only after the commit, and the other tables a hook writes (the push outbox) are not cached here.
 */
export type WriteHook<W> = (trx: Transaction<Database>, written: W) => Promise<void>;

/** A query builder over one object table, for module-specific list conditions. */
export type ObjectQuery = SelectQueryBuilder<any, any, any>;

/** Which objects a list returns (PAG-03: date_from inclusive, date_to exclusive, on last_updated). */
export interface ListFilter {
  own: boolean;
  /** Owner parties to include; undefined = every owner. */
  parties?: readonly PartyKey[];
  /** OCPI DateTimes as the client sent them. */
  dateFrom?: string;
  dateTo?: string;
  /** Further conditions, e.g. a visibility column. */
  where?: (query: ObjectQuery) => ObjectQuery;
  /**
   * Identifies `where` (which is a function) for the page cache: two filters with equal keys select
   * the same rows. Without it, a filter with `where` is never cached.
   */
  whereKey?: string;
}

/**
 * One page: the total matching the filter (X-Total-Count), how many objects it holds, and the
 * objects as one JSON array, already UTF-8 encoded: a cached page goes out without being joined,
 * measured or encoded again per request.
 */
export interface ObjectPage {
  total: number;
  count: number;
  json: Buffer;
}

export interface ObjectStoreOptions<T> {
  /** Values of the module's extra columns for an object (see createObjectTable's `extra`). */
  columns?: (object: T) => Record<string, string | number | null>;
  /** The object's last_updated; default `object.last_updated`. */
  lastUpdated?: (object: T) => string;
  /** Where refused and taken-over accesses to another connection's object are logged. */
  logger?: Logger;
}

/**
 * The refusal of a write to a received object that another REGISTERED partner connection holds:
 * HTTP 404 + 2001 like every T-29 ownership refusal (ownership.ts), the object untouched.
 */
export class HeldByOtherConnection extends OcpiError {
  constructor(key: ObjectKey) {
    super(
      OcpiStatus.INVALID_PARAMETERS,
      `${keyText(key)}: held by another partner connection registered for ${key.countryCode.toUpperCase()}/${key.partyId.toUpperCase()}; ` +
        'a connection writes only its own objects (T-29)',
      404,
    );
    this.name = 'HeldByOtherConnection';
  }
}

/** Returned by a `modify` callback to leave the stored object as it is. */
export const KEEP: unique symbol = Symbol('keep');

/** CRUD and paginated lists over one object table; `T` is the OCPI object type. */
export class ObjectStore<T extends object> {
  private readonly db: Kysely<any>;
  /** Exact read cache (SQLite only): list pages and objects' JSON text. */
  private readonly cache: TableCache<ObjectPage | string> | undefined;

  constructor(
    db: Kysely<Database>,
    readonly dialect: DialectName,
    /** The table's name, created with createObjectTable. */
    readonly table: string,
    private readonly options: ObjectStoreOptions<T> = {},
  ) {
    this.db = db as unknown as Kysely<any>;
    this.cache = TableCache.for(this.db, table);
  }

  /** The object at `key`, or undefined (also when `reader` may not see it). */
  async get(reader: Reader, key: ObjectKey): Promise<StoredObject<T> | undefined> {
    const row = await this.keyed(this.db.selectFrom(this.table).select(['data', 'seq', 'partner_id']), isOwn(reader), key).executeTakeFirst();
    if (!row || (await this.hidden(reader, key, row.partner_id))) return undefined;
    return { object: JSON.parse(row.data as string) as T, json: row.data as string, seq: Number(row.seq), partnerId: row.partner_id ?? null };
  }

  /**
   * The stored JSON text of the object at `key`, or undefined (also when `reader` may not see it);
   * no parsing; cached on SQLite. A partner's read is cached under its connection, and only when
   * the object is that connection's: any change of who holds it is a write, which moves the version.
   */
  async getJson(reader: Reader, key: ObjectKey): Promise<string | undefined> {
    const own = isOwn(reader);
    const partnerId = partnerOf(reader);
    const identity = [key.countryCode, key.partyId, key.id, key.variant ?? ''].map((part) => part.toUpperCase());
    const cacheKey = this.cache && ['o', own ? 1 : 0, partnerId ?? '', ...identity].join('|');
    const version = this.cache?.version();
    if (cacheKey !== undefined) {
      const cached = this.cache!.get(cacheKey, version!);
      if (typeof cached === 'string') return cached;
    }
    const row = await this.keyed(this.db.selectFrom(this.table).select(['data', 'partner_id']), own, key).executeTakeFirst();
    if (!row || (await this.hidden(reader, key, row.partner_id))) return undefined;
    const json = row.data as string;
    if (cacheKey !== undefined && (partnerId === undefined || row.partner_id === partnerId)) this.cache!.set(cacheKey, version!, json, json.length);
    return json;
  }

  /** Creates or replaces the object at `key`. */
  async put(owner: Ownership, key: ObjectKey, object: T): Promise<WriteResult<T>> {
    return (await this.modify(owner, key, () => object))!;
  }

  /**
   * Read-modify-write of one object in a transaction: `change` gets the stored object (or
   * undefined) and returns the new one, or KEEP to write nothing. Returns undefined when nothing
   * was stored before or after (KEEP on an absent object). The callback may throw to refuse.
   * `written` runs in the transaction once a change was written.
   */
  async modify(
    owner: Ownership,
    key: ObjectKey,
    change: (current: T | undefined) => T | typeof KEEP,
    written?: WriteHook<WriteResult<T>>,
  ): Promise<WriteResult<T> | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.db.transaction().execute(async (trx) => {
          const stored = await this.modifyIn(trx, owner, key, change);
          if (stored?.changed) await written?.(trx as Transaction<Database>, stored);
          return stored;
        });
        if (result?.changed || result?.takenOverFrom !== undefined) tableWritten(this.db, this.table);
        if (result?.takenOverFrom !== undefined) this.loggedTakeover(owner, key, result.takenOverFrom);
        return result;
      } catch (error) {
        // Two creations of the same new object raced; the loser reads the winner's row and retries.
        if (attempt < 2 && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  /**
   * Deletes the object at `key`; returns it, or undefined when there was none. `deleted` runs in
   * the transaction after the delete. A partner's delete of another registered connection's object
   * is refused (HeldByOtherConnection).
   */
  async delete(reader: Reader, key: ObjectKey, deleted?: WriteHook<T>): Promise<T | undefined> {
    const own = isOwn(reader);
    const object = await this.db.transaction().execute(async (trx) => {
      const row = await this.lock(this.keyed(trx.selectFrom(this.table).select(['data', 'partner_id']), own, key)).executeTakeFirst();
      if (!row) return undefined;
      await this.assertWritable(trx, reader, key, row.partner_id);
      await this.keyed(trx.deleteFrom(this.table), own, key).execute();
      const object = JSON.parse(row.data as string) as T;
      await deleted?.(trx as Transaction<Database>, object);
      return object;
    });
    if (object !== undefined) tableWritten(this.db, this.table);
    return object;
  }

  /** One page of a list, oldest first (PAG-09), with the total count of the filter (PAG-06). */
  async page(filter: ListFilter, offset: number, limit: number): Promise<ObjectPage> {
    const key = this.cache && pageCacheKey(filter, offset, limit);
    const version = key === undefined ? undefined : this.cache!.version();
    const cached = key === undefined ? undefined : this.cache!.get(key, version!);
    if (cached !== undefined && typeof cached !== 'string') return cached;
    const [count, rows] = await Promise.all([
      this.filtered(filter, this.db.selectFrom(this.table).select((eb) => eb.fn.countAll().as('n'))).executeTakeFirst(),
      this.filtered(filter, this.db.selectFrom(this.table).select('data')).orderBy('seq').limit(limit).offset(offset).execute(),
    ]);
    const page = { total: Number(count?.n ?? 0), count: rows.length, json: Buffer.from(`[${rows.map((r) => r.data as string).join(',')}]`) };
    if (key !== undefined) this.cache!.set(key, version!, page, page.json.length);
    return page;
  }

  /** Every object matching the filter, oldest first, parsed (library use; not for HTTP lists). */
  async list(filter: ListFilter): Promise<T[]> {
    const rows = await this.filtered(filter, this.db.selectFrom(this.table).select('data')).orderBy('seq').execute();
    return rows.map((r) => JSON.parse(r.data as string) as T);
  }

  private async modifyIn(
    trx: Transaction<any>,
    owner: Ownership,
    key: ObjectKey,
    change: (current: T | undefined) => T | typeof KEEP,
  ): Promise<WriteResult<T> | undefined> {
    const row = await this.lock(this.keyed(trx.selectFrom(this.table).select(['data', 'partner_id']), owner.own, key)).executeTakeFirst();
    if (row) await this.assertWritable(trx, owner, key, row.partner_id);
    const beforeJson = row?.data as string | undefined;
    const before = beforeJson === undefined ? undefined : (JSON.parse(beforeJson) as T);
    // The callback gets its own copy: it may mutate it freely.
    const next = change(beforeJson === undefined ? undefined : (JSON.parse(beforeJson) as T));
    // Past assertWritable, a row of another connection is one no longer registered: even a write
    // that changes nothing (a retry, an unchanged pull) makes the object this connection's.
    const takenOverFrom = row && !owner.own && row.partner_id !== null && row.partner_id !== owner.partnerId ? (row.partner_id as string) : undefined;
    const takeover = takenOverFrom === undefined ? {} : { takenOverFrom };
    const json = next === KEEP ? beforeJson : JSON.stringify(next);
    if (next === KEEP || json === beforeJson) {
      if (before === undefined) return undefined;
      if (takenOverFrom !== undefined) await this.keyed(trx.updateTable(this.table).set({ partner_id: partnerOf(owner) }), false, key).execute();
      return { created: false, changed: false, before, after: next === KEEP ? before : next, ...takeover };
    }
    const lastUpdated = toSortableTimestamp(this.options.lastUpdated?.(next) ?? String((next as { last_updated?: unknown }).last_updated));
    if (lastUpdated === undefined) throw new Error(`${this.table}: object without a valid last_updated`);
    const values = {
      ...this.options.columns?.(next),
      last_updated: lastUpdated,
      data: json!,
      partner_id: owner.own ? null : owner.partnerId,
    };
    if (row) {
      await this.keyed(trx.updateTable(this.table).set(values), owner.own, key).execute();
    } else {
      await trx
        .insertInto(this.table)
        .values({
          ...values,
          own: owner.own ? 1 : 0,
          country_code: key.countryCode.toUpperCase(),
          party_id: key.partyId.toUpperCase(),
          id: key.id.toUpperCase(),
          variant: (key.variant ?? '').toUpperCase(),
        })
        .execute();
    }
    return { created: row === undefined, changed: true, before, after: next, ...takeover };
  }

  /** Whether a partner's read must not see the object (another registered connection's); logged. */
  private async hidden(reader: Reader, key: ObjectKey, holder: string | null): Promise<boolean> {
    if (!(await this.heldByOther(this.db, reader, holder))) return false;
    this.options.logger?.warn(
      { table: this.table, object: keyText(key), partnerId: partnerOf(reader), holderPartnerId: holder },
      'a partner connection asked for a received object another registered connection of its party holds: answered as unknown (T-29)',
    );
    return true;
  }

  /** Refuses (and logs) a partner's write to an object another registered connection holds. */
  private async assertWritable(trx: Transaction<any>, writer: Reader, key: ObjectKey, holder: string | null): Promise<void> {
    if (!(await this.heldByOther(trx, writer, holder))) return;
    this.options.logger?.warn(
      { table: this.table, object: keyText(key), partnerId: partnerOf(writer), holderPartnerId: holder },
      'refused a partner connection\'s write to a received object another registered connection of its party holds (T-29)',
    );
    throw new HeldByOtherConnection(key);
  }

  /**
   * Whether `holder` (a row's partner_id) is a connection other than the reader's that is still
   * REGISTERED. Own objects and library reads are never held. One primary-key lookup, only when
   * the holder differs, inside the write's transaction for writes.
   */
  private async heldByOther(db: Kysely<any>, reader: Reader, holder: string | null): Promise<boolean> {
    const partnerId = partnerOf(reader);
    if (partnerId === undefined || holder === null || holder === partnerId) return false;
    const row = await db.selectFrom('partners').select('status').where('id', '=', holder).executeTakeFirst();
    return row?.status === 'REGISTERED';
  }

  private loggedTakeover(owner: Ownership, key: ObjectKey, from: string): void {
    this.options.logger?.info(
      { table: this.table, object: keyText(key), partnerId: partnerOf(owner), previousPartnerId: from },
      'a partner connection took over a received object of a connection no longer registered',
    );
  }

  private keyed<Q extends { where: (...args: any[]) => any }>(query: Q, own: boolean, key: ObjectKey): Q {
    return (query as any)
      .where('own', '=', own ? 1 : 0)
      .where('country_code', '=', key.countryCode.toUpperCase())
      .where('party_id', '=', key.partyId.toUpperCase())
      .where('id', '=', key.id.toUpperCase())
      .where('variant', '=', (key.variant ?? '').toUpperCase()) as Q;
  }

  private lock(query: ObjectQuery): ObjectQuery {
    return this.dialect === 'postgres' ? query.forUpdate() : query;
  }

  private filtered(filter: ListFilter, query: ObjectQuery): ObjectQuery {
    let q = query.where('own', '=', filter.own ? 1 : 0);
    if (filter.parties !== undefined) {
      const parties = filter.parties;
      if (parties.length === 0) return q.where((eb) => eb.val(1), '=', 0);
      q = q.where((eb) =>
        eb.or(
          parties.map((p) =>
            eb.and([eb('country_code', '=', p.countryCode.toUpperCase()), eb('party_id', '=', p.partyId.toUpperCase())]),
          ),
        ),
      );
    }
    const from = filter.dateFrom === undefined ? undefined : toSortableTimestamp(filter.dateFrom);
    const to = filter.dateTo === undefined ? undefined : toSortableTimestamp(filter.dateTo);
    if (from !== undefined) q = q.where('last_updated', '>=', from);
    if (to !== undefined) q = q.where('last_updated', '<', to);
    return filter.where ? filter.where(q) : q;
  }
}

function isOwn(reader: Reader): boolean {
  return typeof reader === 'boolean' ? reader : reader.own;
}

/** The partner connection a read or write is made as; undefined for own objects and library reads. */
function partnerOf(reader: Reader): string | undefined {
  return typeof reader === 'object' && !reader.own ? reader.partnerId : undefined;
}

/** `DE/PCP/LOC1`: the stored (upper case) identity, for messages and cache keys. */
function keyText(key: ObjectKey): string {
  return `${key.countryCode.toUpperCase()}/${key.partyId.toUpperCase()}/${key.id.toUpperCase()}`;
}

/** The page cache key of a filter, or undefined when the filter cannot be identified. */
function pageCacheKey(filter: ListFilter, offset: number, limit: number): string | undefined {
  if (filter.where && filter.whereKey === undefined) return undefined;
  const parties = filter.parties?.map((p) => `${p.countryCode.toUpperCase()}*${p.partyId.toUpperCase()}`).join(',') ?? '*';
  return ['p', filter.own ? 1 : 0, parties, filter.dateFrom ?? '', filter.dateTo ?? '', filter.whereKey ?? '', offset, limit].join('|');
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
