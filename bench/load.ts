/**
 * The load generator: autocannon in a separate process, so it does not share the server's event
 * loop. Every measurement in one run uses the same settings.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AUTOCANNON = require.resolve('autocannon/autocannon.js');

export interface LoadSettings {
  connections: number;
  seconds: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

export async function runLoad(url: string, settings: LoadSettings): Promise<LoadResult> {
  const args = [AUTOCANNON, '-j', '-c', String(settings.connections), '-d', String(settings.seconds), '-m', settings.method ?? 'GET'];
  for (const [name, value] of Object.entries(settings.headers ?? {})) args.push('-H', `${name}=${value}`);
  if (settings.body !== undefined) args.push('-b', settings.body);
  args.push(url);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`autocannon exited ${code}`))));
  });
  const result = JSON.parse(output);
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
