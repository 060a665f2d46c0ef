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
    // Kysely's migrator lists the tables of every schema; another schema dropped at that moment
    // (another instance's or test's) fails the listing although ours is fine: list again.
    if (!failed && attempt < 5 && otherSchemaVanished(error, schema)) {
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      continue;
    }
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function otherSchemaVanished(error: unknown, own: string | undefined): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  if (e?.code !== '3F000') return false;
  return own === undefined || !(e.message ?? '').includes(`"${own}"`);
}
