/**
 * Answers repeated reads of an object table from memory, exactly. On SQLite this process is the
 * only writer through the object stores, so a write counter per table plus SQLite's `data_version`
 * (which moves when another connection — a CLI process — commits) tell precisely when a cached
 * value is stale. PostgreSQL is shared by several instances whose writes this process cannot see:
 * there every read goes to the database (no cache is made).
 */
import type { Kysely } from 'kysely';
import { externalWriteVersion } from '../../storage/database.js';

const writeCounters = new WeakMap<Kysely<any>, Map<string, number>>();

/** Called after every committed write to `table` through this connection. */
export function tableWritten(db: Kysely<any>, table: string): void {
  let counters = writeCounters.get(db);
  if (!counters) writeCounters.set(db, (counters = new Map()));
  counters.set(table, (counters.get(table) ?? 0) + 1);
}

interface Entry<V> {
  version: string;
  value: V;
  bytes: number;
}

export class TableCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private bytes = 0;

  private constructor(
    private readonly db: Kysely<any>,
    private readonly table: string,
    private readonly externalVersion: () => number,
    private readonly maxBytes: number,
  ) {}

  /** A cache for `table`, or undefined where reads cannot be cached exactly (PostgreSQL). */
  static for<V>(db: Kysely<any>, table: string, maxBytes: number): TableCache<V> | undefined {
    const external = externalWriteVersion(db);
    return external ? new TableCache<V>(db, table, external, maxBytes) : undefined;
  }

  /** The version a read made now belongs to; take it before reading. */
  version(): string {
    return `${writeCounters.get(this.db)?.get(this.table) ?? 0}:${this.externalVersion()}`;
  }

  get(key: string, version: string): V | undefined {
    const entry = this.entries.get(key);
    return entry?.version === version ? entry.value : undefined;
  }

  set(key: string, version: string, value: V, bytes: number): void {
    if (bytes > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.bytes;
      this.entries.delete(key);
    }
    // Oldest first out (a Map keeps insertion order).
    for (const [k, e] of this.entries) {
      if (this.bytes + bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
    this.entries.set(key, { version, value, bytes });
    this.bytes += bytes;
  }
}
