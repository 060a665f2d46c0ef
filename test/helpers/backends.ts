/**
 * Every storage-touching suite runs on both backends: embedded SQLite and the PostgreSQL server
 * at 127.0.0.1:5432 (database `test`). Outside CI a missing PostgreSQL skips its half; in CI
 * (CI=true) it must be there, so its absence fails the run instead of hiding it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/storage/database.js';

export const POSTGRES_URL = process.env.EVROAM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** Skip reason when this backend cannot run here (never in CI). */
  skip: string | false;
  /** A fresh, empty database; `dispose` removes it. */
  fresh(): Promise<{ config: DatabaseConfig; dispose(): Promise<void> }>;
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pgUp = await postgresReachable();
if (!pgUp && process.env.CI === 'true') {
  throw new Error(`PostgreSQL is required in CI but ${POSTGRES_URL} is unreachable`);
}

export const sqlite: Backend = {
  name: 'sqlite',
  skip: false,
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'evroam-test-'));
    return {
      config: { sqliteFile: join(dir, 'evroam.db') },
      async dispose() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const postgres: Backend = {
  name: 'postgres',
  skip: pgUp ? false : `PostgreSQL unreachable at ${POSTGRES_URL}`,
  async fresh() {
    const schema = `evroam_t_${randomBytes(6).toString('hex')}`;
    return {
      config: { url: POSTGRES_URL, schema, poolSize: 4 },
      async dispose() {
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await client.end();
        }
      },
    };
  },
};

export const backends: Backend[] = [sqlite, postgres];
