import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { migrations } from './migrations/index.js';

/** Migrations are compiled into the program (no files to find at run time). */
class StaticMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/** `schema`: the PostgreSQL schema the migration bookkeeping tables live in (Kysely's own default is public). */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticMigrations(), ...(schema ? { migrationTableSchema: schema } : {}) });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (!error && !failed) return;
    // A race in Kysely's catalog listing, not a failed migration: list again.
    if (!failed && attempt < 5 && catalogRace(error)) {
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      continue;
    }
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Before any migration ran (no result failed), Kysely lists the tables of every schema. A schema or
 * table dropped at that moment by another instance or test (3F000 invalid schema, 42P01 undefined
 * table) fails that listing although nothing of ours is wrong.
 */
function catalogRace(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === '3F000' || code === '42P01';
}
