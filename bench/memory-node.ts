/** The node measured by the memory benchmark, in a process of its own (see roaming-suites.ts). */
import { loadLocations } from './fixtures.js';
import { registeredPair } from './pair.js';

let close: (() => Promise<void>) | undefined;
process.on('message', async (message: { cmd: string; locations?: number }) => {
  if (message.cmd === 'start') {
    const pair = await registeredPair();
    close = pair.close;
    await loadLocations(pair.bench, message.locations ?? 100_000);
    process.send!({ origin: pair.bench.config.publicUrl, authorization: pair.authorization });
  } else if (message.cmd === 'rss') {
    (globalThis as { gc?: () => void }).gc?.();
    const usage = process.memoryUsage();
    process.send!({ rss: usage.rss, heapUsed: usage.heapUsed });
  }
});
process.on('disconnect', async () => {
  await close?.();
  process.exit(0);
});
