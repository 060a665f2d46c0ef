/**
 * The database behind evroam: embedded SQLite by default, PostgreSQL when several instances share
 * one store. Everything above this file speaks Kysely and does not care which.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './tables.js';
import { migrateToLatest } from './migrator.js';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseConfig {
  /** `postgres://…` selects PostgreSQL. */
  url?: string;
  /** SQLite file (default ./data/evroam.db); `:memory:` for a throw-away store. */
  sqliteFile?: string;
  /** PostgreSQL schema to use (created when missing); default `public`. */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

export interface Storage {
  db: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

export async function openStorage(config: DatabaseConfig): Promise<Storage> {
  const storage = config.url ? await openPostgres(config) : openSqlite(config.sqliteFile ?? './data/evroam.db');
  try {
    await migrateToLatest(storage.db, config.url ? (config.schema ?? 'public') : undefined);
  } catch (error) {
    await storage.close();
    throw error;
  }
  return storage;
}

function openSqlite(file: string): Storage {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers run beside the writer; NORMAL sync is durable across process crashes.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  cachePreparedStatements(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  externalVersions.set(db, dataVersionOf(sqlite));
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

const externalVersions = new WeakMap<Kysely<any>, () => number>();

/**
 * SQLite's data_version, asked at most once per millisecond: it is on every cached read, and a
 * commit by another process is then seen within 1 ms (the CLI's writes are already seen within
 * the authenticator's 2 s by the server; nothing orders processes more finely than that).
 */
function dataVersionOf(sqlite: SQLite.Database): () => number {
  const statement = sqlite.prepare('PRAGMA data_version').pluck();
  let askedAt = -1;
  let version = 0;
  return () => {
    const now = Date.now();
    if (now !== askedAt) {
      askedAt = now;
      version = statement.get() as number;
    }
    return version;
  };
}

/**
 * For an embedded SQLite database: a number that changes whenever another connection (another
 * process) commits. Undefined for PostgreSQL, where other instances' writes cannot be seen so cheaply.
 */
export function externalWriteVersion(db: Kysely<any>): (() => number) | undefined {
  return externalVersions.get(db);
}

/**
 * Kysely prepares every query anew; better-sqlite3 statements are reusable, and compiling one costs
 * more than running a keyed lookup. Statements are cached per SQL text (bounded); one that is busy
 * (a stream still iterating it) is not shared.
 */
function cachePreparedStatements(sqlite: SQLite.Database, max = 500): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, SQLite.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached && !cached.busy) return cached;
    const statement = prepare(source);
    if (!cached && cache.size < max) cache.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
}

async function openPostgres(config: DatabaseConfig): Promise<Storage> {
  const schema = config.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`database.schema: "${schema}" is not a plain identifier`);
  if (schema !== 'public') {
    const client = new pg.Client({ connectionString: config.url });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 10,
    options: `-c search_path=${schema}`,
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}
