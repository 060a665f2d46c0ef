/**
 * Issue 3's benchmarks: the Locations Sender, real-time authorization over a million Tokens, the
 * Sessions Receiver, and resident memory with 100,000 Locations stored.
 */
import { execFileSync, fork, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadLocations, loadTokens } from './fixtures.js';
import { row, versusRaw } from './compare.js';
import { runRotatingLoad } from './load.js';
import { registeredPair } from './pair.js';
import { freePort } from '../test/helpers/nodes.js';
import type { Benchmark } from './suites.js';

const CPO_LOCATIONS = '/ocpi/cpo/2.2.1/locations';
const EMSP_TOKENS = '/ocpi/emsp/2.2.1/tokens';
const EMSP_SESSIONS = '/ocpi/emsp/2.2.1/sessions';

function session(i: number) {
  return {
    country_code: 'DE',
    party_id: 'CPO',
    id: `S${String(i).padStart(9, '0')}`,
    start_date_time: '2024-01-01T10:00:00Z',
    kwh: 12.5,
    cdr_token: { country_code: 'NL', party_id: 'EVR', uid: 'UID0000000001', type: 'RFID', contract_id: 'NL-EVR-C000000001' },
    auth_method: 'WHITELIST',
    location_id: 'LOC1',
    evse_uid: 'LOC1-E1',
    connector_id: '1',
    currency: 'EUR',
    status: 'ACTIVE',
    last_updated: '2024-01-01T10:05:00Z',
  };
}

/** Runs `measure` on a fresh registered pair (bench/pair.ts) and closes the pair whatever happens. */
async function onPair(measure: (pair: Awaited<ReturnType<typeof registeredPair>>) => Promise<string[]>): Promise<string[]> {
  const pair = await registeredPair();
  try {
    return await measure(pair);
  } finally {
    await pair.close();
  }
}

export const roamingBenchmarks: Benchmark[] = [
  {
    name: 'locations-page',
    description: 'GET /locations, a page of 50 full Locations (3 EVSEs each) from 10,000 stored (target >= 40% of raw)',
    run: (settings) =>
      onPair(async (pair) => {
        await loadLocations(pair.bench, 10000);
        const paths = Array.from({ length: 200 }, (_, i) => `${CPO_LOCATIONS}?offset=${(i * 50) % 10000}&limit=50`);
        return await versusRaw(pair.bench.config.publicUrl, settings, { method: 'GET', paths, headers: { Authorization: pair.authorization } }, 'target >= 40%');
      }),
  },
  {
    name: 'location-one',
    description: 'GET /locations/{id}, one Location of 10,000 stored (target >= 60% of raw)',
    run: (settings) =>
      onPair(async (pair) => {
        await loadLocations(pair.bench, 10000);
        const paths = Array.from({ length: 1000 }, (_, i) => `${CPO_LOCATIONS}/LOC${String((i * 7919) % 10000).padStart(7, '0')}`);
        return await versusRaw(pair.bench.config.publicUrl, settings, { method: 'GET', paths, headers: { Authorization: pair.authorization } }, 'target >= 60%');
      }),
  },
  {
    name: 'authorize',
    description: 'POST /tokens/{uid}/authorize with 1,000,000 Tokens stored (target p99 < 2 ms)',
    run: (settings) =>
      onPair(async (pair) => {
        await loadTokens(pair.bench, 1_000_000);
        const paths = Array.from({ length: 5000 }, (_, i) => `${EMSP_TOKENS}/UID${String((i * 104729) % 1_000_000).padStart(10, '0')}/authorize?type=RFID`);
        const body = JSON.stringify({ location_id: 'LOC1' });
        const load = { method: 'POST', paths, bodies: paths.map(() => body), headers: { Authorization: pair.authorization, 'Content-Type': 'application/json' } };
        const throughput = await versusRaw(pair.bench.config.publicUrl, settings, load, `at ${settings.connections} connections`);
        // Latency as a CPO sees it at a realistic rate: few requests in flight, so p99 is service
        // time rather than queueing behind 50 concurrent connections.
        const latency = await runRotatingLoad(pair.bench.config.publicUrl, { ...settings, connections: 2, ...load });
        // autocannon's latency histogram counts whole milliseconds: 0 means under 1 ms.
        const p99 = latency.p99Ms < 1 ? 'under 1 ms' : `${latency.p99Ms.toFixed(2)} ms`;
        return [...throughput, row('evroam, 2 connections', latency), `p99 ${p99} at 2 connections (autocannon counts whole ms); target p99 < 2 ms`];
      }),
  },
  {
    name: 'session-put',
    description: 'PUT /sessions/{cc}/{pid}/{id} on the eMSP Receiver: throughput of stored Sessions',
    run: (settings) =>
      onPair(async (pair) => {
        const count = 200_000;
        const paths = Array.from({ length: count }, (_, i) => `${EMSP_SESSIONS}/DE/CPO/${session(i).id}`);
        const bodies = Array.from({ length: count }, (_, i) => JSON.stringify(session(i)));
        return await versusRaw(pair.bench.config.publicUrl, settings, { method: 'PUT', paths, bodies, headers: { Authorization: pair.authorization } }, 'throughput as measured');
      }),
  },
  {
    name: 'memory-100k',
    description: 'resident memory of `evroam start` with 100,000 Locations stored, after crawling them all (target < 200 MB)',
    async run() {
      // The loader stores the data in its own process; the server is what an operator runs.
      const { sqliteFile, authorization } = await loadInChild(100_000);
      const server = await startBuiltServer(sqliteFile);
      try {
        const before = residentMemory(server.pid);
        let url: string | undefined = `${server.origin}${CPO_LOCATIONS}?limit=100`;
        let received = 0;
        while (url) {
          const response: Response = await fetch(url, { headers: { Authorization: authorization } });
          const body = (await response.json()) as { data: unknown[] };
          received += body.data.length;
          url = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
        }
        const after = residentMemory(server.pid);
        const mb = (kib: number) => `${(kib / 1024).toFixed(0)} MB`;
        return [
          `node dist/cli/main.js start serving 100,000 stored Locations; crawled ${received} through the Sender list`,
          `RSS at start ${mb(before.rss)}; after the crawl ${mb(after.rss)} (peak ${mb(after.peak)}); target < 200 MB`,
        ];
      } finally {
        await server.stop();
        rmSync(dirname(sqliteFile), { recursive: true, force: true });
      }
    },
  },
];


/** Stores `locations` Locations and registers a partner in a fresh SQLite file, in a child process that then exits. */
async function loadInChild(locations: number): Promise<{ sqliteFile: string; authorization: string }> {
  const script = new URL('./memory-node.ts', import.meta.url).pathname;
  const loader = fork(script, [], { execArgv: ['--import', 'tsx'] });
  try {
    return await new Promise((resolve) => {
      loader.once('message', resolve);
      loader.send({ cmd: 'load', locations });
    });
  } finally {
    loader.kill();
  }
}

/** `evroam start` as the README runs it (compiled, no TypeScript loader), on the given database. */
async function startBuiltServer(sqliteFile: string) {
  const root = new URL('..', import.meta.url).pathname;
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['dist/cli/main.js', 'start'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, EVROAM_CONFIG: '', EVROAM_SQLITE_FILE: sqliteFile, EVROAM_HOST: '127.0.0.1', EVROAM_PORT: String(port), EVROAM_PUBLIC_URL: origin, EVROAM_LOG_LEVEL: 'warn' },
  });
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${origin}/health`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: child.pid!,
    origin,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Resident and peak resident memory of a process, in KiB (Linux /proc). */
function residentMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}
