/**
 * Real evroam nodes on loopback for tests: each listens on its own port with its own database.
 */
import { createServer } from 'node:net';
import pino from 'pino';
import type { OwnPartyConfig } from '../../src/config/schema.js';
import { defaultConfig } from '../../src/config/load.js';
import type { EvroamConfig } from '../../src/config/schema.js';
import { EvroamNode } from '../../src/node.js';
import type { NodeOptions } from '../../src/node.js';
import type { Backend } from './backends.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export const CPO_PARTY: OwnPartyConfig = { role: 'CPO', country_code: 'NL', party_id: 'CPO', business_details: { name: 'Test CPO' } };
export const EMSP_PARTY: OwnPartyConfig = { role: 'EMSP', country_code: 'DE', party_id: 'MSP', business_details: { name: 'Test eMSP' } };

export interface TestNode {
  node: EvroamNode;
  baseUrl: string;
  close(): Promise<void>;
  /**
   * Closes the node and starts it again on the same database and port, as an operator's restart;
   * `beforeListen` runs on the new node before it serves (e.g. to plug in chargers).
   */
  restart(beforeListen?: (node: EvroamNode) => Promise<void> | void): Promise<TestNode>;
}

export interface NodeStartOptions {
  parties?: OwnPartyConfig[];
  config?: Partial<EvroamConfig>;
  node?: NodeOptions;
}

export async function startNode(backend: Backend, options: NodeStartOptions = {}): Promise<TestNode> {
  const port = await freePort();
  const database = await backend.fresh();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config: EvroamConfig = {
    ...structuredClone(defaultConfig),
    publicUrl: baseUrl,
    listen: { host: '127.0.0.1', port },
    database: database.config,
    parties: options.parties ?? [CPO_PARTY],
    logLevel: (process.env.EVROAM_TEST_LOG_LEVEL as EvroamConfig['logLevel']) ?? 'silent',
    ...options.config,
  };
  return launch(config, database, options.node);
}

async function launch(config: EvroamConfig, database: { dispose(): Promise<void> }, options: NodeOptions = {}, beforeListen?: (node: EvroamNode) => Promise<void> | void): Promise<TestNode> {
  const node = await EvroamNode.create(config, { logger: pino({ level: config.logLevel }), ...options });
  await beforeListen?.(node);
  await node.listen();
  return {
    node,
    baseUrl: config.publicUrl,
    async close() {
      await node.close();
      await database.dispose();
    },
    async restart(nextBeforeListen) {
      await node.close();
      return launch(config, database, options, nextBeforeListen);
    },
  };
}

/** A raw OCPI request as a partner would send it, with the token Base64-encoded (T-02). */
export async function ocpiFetch(url: string, token: string | undefined, init: { method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (token !== undefined) headers.Authorization = `Token ${Buffer.from(token).toString('base64')}`;
  let body: string | undefined = init.rawBody;
  if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined) headers['Content-Type'] ??= 'application/json';
  const response = await fetch(url, { method: init.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}
