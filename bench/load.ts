/**
 * The load generator: autocannon in a separate process, so it does not share the server's event
 * loop. Every measurement in one run uses the same settings.
 */
import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LoadSettings {
  connections: number;
  seconds: number;
  method?: string;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

export interface RotatingLoad extends LoadSettings {
  /** Paths (with query) requests rotate over; `bodies[i]` goes with `paths[i]`. */
  paths: string[];
  bodies?: string[];
}

/** A load run whose requests rotate over many paths and bodies (bench/load-worker.mjs). */
export async function runRotatingLoad(origin: string, settings: RotatingLoad): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'evroam-load-'));
  const specFile = join(dir, 'spec.json');
  writeFileSync(
    specFile,
    JSON.stringify({ url: origin, connections: settings.connections, seconds: settings.seconds, method: settings.method ?? 'GET', headers: settings.headers ?? {}, paths: settings.paths, bodies: settings.bodies }),
  );
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const worker = new URL('./load-worker.mjs', import.meta.url).pathname;
      const child = spawn(process.execPath, [worker, specFile], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (chunk) => (text += chunk));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`load worker exited ${code}`))));
    });
    return summarize(JSON.parse(output));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function summarize(result: any): LoadResult {
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
