/**
 * Answers repeated reads of object tables from memory, exactly. On SQLite this process is the
 * only writer through the object stores, so a write counter per table plus SQLite's `data_version`
 * (which moves when another connection — a CLI process — commits) tell precisely when a cached
 * value is stale. PostgreSQL is shared by several instances whose writes this process cannot see:
 * there every read goes to the database (no cache is made).
 *
 * All tables of one database share one memory budget (`database.readCacheBytes`), oldest entries
 * out first. A value is kept only when it is read a second time at the same table version: a
 * partner crawling every page once (a full sync) would otherwise fill the budget with pages nobody
 * asks for again, while the pages that are polled repeatedly are exactly the ones worth keeping.
 */
import type { Kysely } from 'kysely';
import { externalWriteVersion } from '../../storage/database.js';

/** The read cache budget when none is configured. */
export const DEFAULT_READ_CACHE_BYTES = 32 * 1024 * 1024;
/** How many once-read keys are remembered for the second-read rule (strings only, no values). */
const SEEN_KEYS = 20_000;

const writeCounters = new WeakMap<Kysely<any>, Map<string, number>>();

/** Called after every committed write to `table` through this connection. */
export function tableWritten(db: Kysely<any>, table: string): void {
  let counters = writeCounters.get(db);
  if (!counters) writeCounters.set(db, (counters = new Map()));
  counters.set(table, (counters.get(table) ?? 0) + 1);
}

interface Entry {
  version: string;
  value: unknown;
  bytes: number;
}

/** The cache memory of one database, shared by its tables. */
class ReadCache {
  readonly entries = new Map<string, Entry>();
  /** Keys read once, with the version they were read at. */
  readonly seen = new Map<string, string>();
  bytes = 0;

  constructor(readonly maxBytes: number) {}
}

const readCaches = new WeakMap<Kysely<any>, ReadCache>();

/** Sets the read cache budget of a database (0 turns the cache off); call before the stores are made. */
export function configureReadCache(db: Kysely<any>, maxBytes: number): void {
  readCaches.set(db, new ReadCache(maxBytes));
}

export class TableCache<V> {
  private constructor(
    private readonly db: Kysely<any>,
    private readonly table: string,
    private readonly externalVersion: () => number,
    private readonly shared: ReadCache,
  ) {}

  /** A cache for `table`, or undefined where reads cannot be cached exactly (PostgreSQL) or the budget is 0. */
  static for<V>(db: Kysely<any>, table: string): TableCache<V> | undefined {
    const external = externalWriteVersion(db);
    if (!external) return undefined;
    let shared = readCaches.get(db);
    if (!shared) readCaches.set(db, (shared = new ReadCache(DEFAULT_READ_CACHE_BYTES)));
    return shared.maxBytes > 0 ? new TableCache<V>(db, table, external, shared) : undefined;
  }

  /** The version a read made now belongs to; take it before reading. */
  version(): string {
    return `${writeCounters.get(this.db)?.get(this.table) ?? 0}:${this.externalVersion()}`;
  }

  get(key: string, version: string): V | undefined {
    const entry = this.shared.entries.get(`${this.table}|${key}`);
    return entry?.version === version ? (entry.value as V) : undefined;
  }

  /** Offers a value read at `version`; it is kept from its second read on (see above). */
  set(key: string, version: string, value: V, bytes: number): void {
    const shared = this.shared;
    const id = `${this.table}|${key}`;
    const old = shared.entries.get(id);
    if (old) {
      shared.bytes -= old.bytes;
      shared.entries.delete(id);
    }
    if (shared.seen.get(id) !== version) {
      if (shared.seen.size >= SEEN_KEYS) shared.seen.delete(shared.seen.keys().next().value!);
      shared.seen.set(id, version);
      return;
    }
    if (bytes > shared.maxBytes / 4) return;
    // Oldest first out (a Map keeps insertion order), whichever table they belong to.
    for (const [k, e] of shared.entries) {
      if (shared.bytes + bytes <= shared.maxBytes) break;
      shared.entries.delete(k);
      shared.bytes -= e.bytes;
    }
    shared.entries.set(id, { version, value, bytes });
    shared.bytes += bytes;
  }
}
