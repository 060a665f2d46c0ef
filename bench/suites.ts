import { runLoad } from './load.js';
import { quietNode } from './pair.js';
import type { LoadResult } from './load.js';
import { capture, startRawServer } from './raw-baseline.js';
import { roamingBenchmarks } from './roaming-suites.js';

export interface BenchSettings {
  seconds: number;
  connections: number;
}

export interface Benchmark {
  name: string;
  description: string;
  run(settings: BenchSettings): Promise<string[]>;
}

export function row(label: string, r: LoadResult): string {
  const failures = r.non2xx + r.errors > 0 ? `  (non-2xx ${r.non2xx}, errors ${r.errors})` : '';
  return `${label.padEnd(22)} ${r.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${r.p50Ms.toFixed(2)} ms   p99 ${r.p99Ms.toFixed(2)} ms${failures}`;
}

/** Measures evroam and the raw server on the same request; prints both and the ratio. */
export async function compareWithRaw(url: string, headers: Record<string, string>, settings: BenchSettings, target?: string): Promise<string[]> {
  const captured = await capture(url, { headers });
  const raw = await startRawServer(captured);
  try {
    const path = new URL(url).pathname + new URL(url).search;
    await runLoad(url, { ...settings, seconds: 2, headers }); // warm-up: JIT, connection pools
    const evroam = await runLoad(url, { ...settings, headers });
    const baseline = await runLoad(`${raw.url}${path}`, { ...settings, headers });
    const ratio = (100 * evroam.requestsPerSecond) / baseline.requestsPerSecond;
    return [row('raw node:http', baseline), row('evroam', evroam), `ratio ${ratio.toFixed(1)}% of raw${target ? ` (target ${target})` : ''}`];
  } finally {
    await raw.close();
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'version-details',
    description: 'GET version details, authenticated (issue 2: target >= 60% of raw)',
    async run(settings) {
      const { node, close } = await quietNode();
      try {
        const { tokenA } = await node.partners.invite('bench');
        const headers = { Authorization: `Token ${Buffer.from(tokenA).toString('base64')}` };
        return await compareWithRaw(`${node.config.publicUrl}/ocpi/2.2.1`, headers, settings, '>= 60%');
      } finally {
        await close();
      }
    },
  },
  ...roamingBenchmarks,
];
