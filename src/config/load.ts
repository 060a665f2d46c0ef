/**
 * Configuration: defaults ← JSON file ← environment variables, validated as a whole before
 * anything starts. A mistake is reported with the path of the offending setting.
 */
import { readFileSync } from 'node:fs';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { EvroamConfig } from './schema.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export const defaultConfig: EvroamConfig = {
  publicUrl: 'http://localhost:8080',
  listen: { host: '127.0.0.1', port: 8080 },
  database: { sqliteFile: './data/evroam.db' },
  parties: [
    { role: 'CPO', country_code: 'NL', party_id: 'EVR', business_details: { name: 'evroam CPO' } },
    { role: 'EMSP', country_code: 'NL', party_id: 'EVR', business_details: { name: 'evroam eMSP' } },
  ],
  admin: {},
  limits: { bodyBytes: 1024 * 1024, pageLimit: 100, requestTimeoutMs: 15000 },
  logLevel: 'info',
  push: {
    horizonMs: 24 * 3600_000,
    baseBackoffMs: 1000,
    maxBackoffMs: 10 * 60_000,
    pollIntervalMs: 1000,
    concurrencyPerPartner: 4,
    retainMs: 7 * 24 * 3600_000,
  },
  sync: { intervalMinutes: 60, overlapMinutes: 5 },
};

/** The environment variables evroam reads, and where each goes. */
export const ENVIRONMENT = {
  EVROAM_PUBLIC_URL: 'publicUrl',
  EVROAM_HOST: 'listen.host',
  EVROAM_PORT: 'listen.port',
  EVROAM_DATABASE_URL: 'database.url',
  EVROAM_SQLITE_FILE: 'database.sqliteFile',
  EVROAM_DATABASE_SCHEMA: 'database.schema',
  EVROAM_READ_CACHE_BYTES: 'database.readCacheBytes',
  EVROAM_PARTIES: 'parties',
  EVROAM_ADMIN_TOKEN: 'admin.token',
  EVROAM_LOG_LEVEL: 'logLevel',
  EVROAM_RESPONSE_URL_EXTRA_ORIGINS: 'responseUrls.extraOrigins',
} as const;

const validate = TypeCompiler.Compile(EvroamConfig);

export interface LoadOptions {
  file?: string;
  env?: NodeJS.ProcessEnv;
  overrides?: Record<string, unknown>;
}

export function loadConfig(options: LoadOptions = {}): EvroamConfig {
  const env = options.env ?? process.env;
  const file = options.file ?? env.EVROAM_CONFIG;
  const problems: string[] = [];
  let config: any = structuredClone(defaultConfig);

  if (file) {
    try {
      config = merge(config, JSON.parse(readFileSync(file, 'utf8')));
    } catch (error) {
      throw new ConfigError([`config file ${file}: ${(error as Error).message}`]);
    }
  }
  for (const [name, path] of Object.entries(ENVIRONMENT)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    try {
      set(config, path, parseEnv(path, value));
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  for (const [path, value] of Object.entries(options.overrides ?? {})) set(config, path, value);
  // A PostgreSQL URL replaces the embedded default rather than sitting beside it.
  if (config.database?.url && !(file && fileSetsSqlite(file))) delete config.database.sqliteFile;

  for (const error of validate.Errors(config)) {
    problems.push(`${error.path.slice(1).replaceAll('/', '.') || '(root)'}: ${error.message}`);
  }
  if (problems.length === 0) problems.push(...semanticProblems(config as EvroamConfig));
  if (problems.length > 0) throw new ConfigError(dedupe(problems));
  return config as EvroamConfig;
}

function semanticProblems(config: EvroamConfig): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, p] of config.parties.entries()) {
    const key = `${p.role}/${p.country_code.toUpperCase()}/${p.party_id.toUpperCase()}`;
    if (seen.has(key)) problems.push(`parties[${i}]: duplicate party ${key}`);
    seen.add(key);
  }
  if (config.database.url && config.database.sqliteFile) {
    problems.push('database: set either url (PostgreSQL) or sqliteFile (SQLite), not both');
  }
  for (const [i, origin] of (config.responseUrls?.extraOrigins ?? []).entries()) {
    if (!URL.canParse(origin)) problems.push(`responseUrls.extraOrigins.${i}: "${origin}" is not a valid origin (scheme://host[:port])`);
  }
  return problems;
}

function parseEnv(path: string, value: string): unknown {
  if (path === 'listen.port') {
    if (!/^\d+$/.test(value)) throw new Error(`"${value}" is not a port number`);
    return Number(value);
  }
  if (path === 'database.readCacheBytes') {
    if (!/^\d+$/.test(value)) throw new Error(`"${value}" is not a number of bytes`);
    return Number(value);
  }
  if (path === 'responseUrls.extraOrigins') return value.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  if (path === 'parties') {
    try {
      return JSON.parse(value);
    } catch {
      throw new Error('must be a JSON array of parties');
    }
  }
  return value;
}

function fileSetsSqlite(file: string): boolean {
  try {
    return Boolean(JSON.parse(readFileSync(file, 'utf8'))?.database?.sqliteFile);
  } catch {
    return false;
  }
}

function merge(base: any, over: any): any {
  if (Array.isArray(over) || typeof over !== 'object' || over === null) return over;
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in out && typeof out[k] === 'object' && !Array.isArray(out[k]) ? merge(out[k], v) : v;
  return out;
}

function set(target: any, path: string, value: unknown) {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  node[keys.at(-1)!] = value;
}

function dedupe(list: string[]) {
  return [...new Set(list)];
}
