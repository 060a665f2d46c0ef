/**
 * The processes of the memory benchmark (see roaming-suites.ts). `load`: a node registers a partner
 * and stores the Locations, then exits. `serve`: a fresh node opens that database and serves it, so
 * its resident memory is what serving 100,000 Locations costs, not the loader's leftovers.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../src/config/load.js';
import { EvroamNode } from '../src/node.js';
import { freePort } from '../test/helpers/nodes.js';
import { loadLocations } from './fixtures.js';
import { registeredPair } from './pair.js';

let node: EvroamNode | undefined;
process.on('message', async (message: { cmd: string; locations?: number; sqliteFile?: string }) => {
  if (message.cmd === 'load') {
    const sqliteFile = join(mkdtempSync(join(tmpdir(), 'evroam-memory-')), 'evroam.db');
    const pair = await registeredPair({ database: { sqliteFile } });
    await loadLocations(pair.bench, message.locations ?? 100_000);
    const authorization = pair.authorization;
    await pair.close();
    process.send!({ sqliteFile, authorization });
  } else if (message.cmd === 'serve') {
    const port = await freePort();
    node = await EvroamNode.create({
      ...structuredClone(defaultConfig),
      publicUrl: `http://127.0.0.1:${port}`,
      listen: { host: '127.0.0.1', port },
      database: { sqliteFile: message.sqliteFile! },
      logLevel: 'warn',
    });
    await node.listen();
    process.send!({ origin: node.config.publicUrl });
  } else if (message.cmd === 'rss') {
    (globalThis as { gc?: () => void }).gc?.();
    const usage = process.memoryUsage();
    process.send!({ rss: usage.rss, heapUsed: usage.heapUsed });
  }
});
process.on('disconnect', async () => {
  await node?.close();
  process.exit(0);
});
