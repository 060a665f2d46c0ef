/**
 * The loading process of the memory benchmark (see roaming-suites.ts): a node registers a partner
 * and stores the Locations in a fresh SQLite file, then answers with the file and the partner's
 * Authorization header. The server measured is a separate `evroam start` on that file, so its
 * resident memory is what serving 100,000 Locations costs, not the loader's leftovers.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLocations } from './fixtures.js';
import { registeredPair } from './pair.js';

process.on('message', async (message: { cmd: string; locations?: number }) => {
  if (message.cmd !== 'load') return;
  const sqliteFile = join(mkdtempSync(join(tmpdir(), 'evroam-memory-')), 'evroam.db');
  const pair = await registeredPair({ database: { sqliteFile } });
  await loadLocations(pair.bench, message.locations ?? 100_000);
  const authorization = pair.authorization;
  await pair.close();
  process.send!({ sqliteFile, authorization });
});
