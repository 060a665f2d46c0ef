/**
 * `npm run bench`: throughput and latency of evroam's hot paths, each as a ratio to a raw node:http
 * server answering the identical bytes, measured in the same run with the same load generator.
 * Numbers are printed, never asserted: these machines are noisy.
 *
 *   npm run bench                      all benchmarks
 *   npm run bench -- version-details   one by name
 *   BENCH_SECONDS=5 npm run bench      shorter runs (seconds of evroam and of raw, per benchmark)
 *   BENCH_ROUNDS=5 npm run bench       more alternating evroam/raw rounds (default 3)
 */
import { benchmarks } from './suites.js';

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

console.log(`evroam bench: ${connections} connections, ${seconds} s of evroam and of raw per benchmark in ${rounds} alternating rounds, node ${process.version}`);
for (const bench of benchmarks) {
  if (only.length > 0 && !only.includes(bench.name)) continue;
  console.log(`\n== ${bench.name}: ${bench.description}`);
  const lines = await bench.run({ seconds, connections, rounds });
  for (const line of lines) console.log(`   ${line}`);
}
