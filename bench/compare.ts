/**
 * evroam against the physical limit of one response: a raw node:http server answering the
 * identical bytes (raw-baseline.ts), both driven by the same load generator in the same run.
 *
 * The two are measured in alternating rounds (evroam, raw, evroam, raw …) and the ratio printed is
 * the median of the rounds' ratios: on a shared 2-core machine the background load drifts, and a
 * single evroam-then-raw pair would fold that drift into the ratio.
 */
import { runRotatingLoad } from './load.js';
import type { LoadResult, RotatingLoad } from './load.js';
import { capture, startRawServer } from './raw-baseline.js';

export interface BenchSettings {
  seconds: number;
  connections: number;
  /** Alternating evroam/raw rounds; each round lasts seconds / rounds. */
  rounds: number;
}

export function row(label: string, r: LoadResult): string {
  const failures = r.non2xx + r.errors > 0 ? `  (non-2xx ${r.non2xx}, errors ${r.errors})` : '';
  return `${label.padEnd(22)} ${r.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${r.p50Ms.toFixed(2)} ms   p99 ${r.p99Ms.toFixed(2)} ms${failures}`;
}

export type Load = Omit<RotatingLoad, 'connections' | 'seconds'>;

/** Measures `load` on evroam (at `origin`) and on a raw server answering its first response; prints both and the ratio. */
export async function versusRaw(origin: string, settings: BenchSettings, load: Load, target: string): Promise<string[]> {
  const headers = { ...load.headers, ...(load.bodies ? { 'Content-Type': 'application/json' } : {}) };
  const first = { method: load.method ?? 'GET', headers, ...(load.bodies ? { body: load.bodies[0]! } : {}) };
  const raw = await startRawServer(await capture(`${origin}${load.paths[0]}`, first));
  try {
    const run = (at: string, seconds: number) => runRotatingLoad(at, { ...load, headers, connections: settings.connections, seconds });
    await run(origin, 2); // warm-up: JIT, connection pools, caches
    const seconds = Math.max(1, Math.round(settings.seconds / settings.rounds));
    const evroam: LoadResult[] = [];
    const baseline: LoadResult[] = [];
    for (let round = 0; round < settings.rounds; round++) {
      evroam.push(await run(origin, seconds));
      baseline.push(await run(raw.url, seconds));
    }
    const ratios = evroam.map((e, i) => (100 * e.requestsPerSecond) / baseline[i]!.requestsPerSecond);
    return [
      row('raw node:http', median(baseline)),
      row('evroam', median(evroam)),
      `ratio ${middle(ratios).toFixed(1)}% of raw (median of ${settings.rounds} alternating rounds: ${ratios.map((r) => r.toFixed(1)).join(', ')}); ${target}`,
    ];
  } finally {
    await raw.close();
  }
}

function middle(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The round with the median throughput. */
function median(results: LoadResult[]): LoadResult {
  return [...results].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(results.length / 2)]!;
}
