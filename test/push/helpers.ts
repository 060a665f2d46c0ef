/**
 * Test fixtures for the push outbox: a scripted receiving partner on a real local HTTP server, a
 * partner registered straight into the store, sending nodes on a chosen database, and a bounded
 * wait. The partner's availability and answers are outside our control in production, so the
 * tests script them: down (port closed), up, rate limiting, refusals, hanging.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import pino from 'pino';
import { defaultConfig } from '../../src/config/load.js';
import type { EvroamConfig } from '../../src/config/schema.js';
import type { Partner } from '../../src/modules/credentials/partner.js';
import { EvroamNode } from '../../src/node.js';
import type { PushChange } from '../../src/push/index.js';
import type { DatabaseConfig } from '../../src/storage/database.js';
import { CPO_PARTY, freePort } from '../helpers/nodes.js';

export interface Received {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Date.now() when the request was complete. */
  at: number;
}

export type Answer = (request: Received, response: ServerResponse) => void | Promise<void>;

export function ok(response: ServerResponse, headers: Record<string, string> = {}): void {
  envelope(response, 200, 1000, headers);
}

export function envelope(response: ServerResponse, httpStatus: number, statusCode: number, headers: Record<string, string> = {}): void {
  response.writeHead(httpStatus, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify({ status_code: statusCode, timestamp: '2024-01-01T00:00:00Z' }));
}

/** A receiving partner that can go down (its port closed) and come back on the same port. */
export class Receiver {
  readonly requests: Received[] = [];
  answer: Answer = (_request, response) => ok(response);
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(readonly port: number) {}

  static async start(options: { down?: boolean } = {}): Promise<Receiver> {
    const receiver = new Receiver(await freePort());
    if (!options.down) await receiver.up();
    return receiver;
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The locations/tariffs/… RECEIVER endpoint of this partner. */
  endpoint(module: string): string {
    return `${this.base}/ocpi/emsp/2.2.1/${module}`;
  }

  async up(): Promise<void> {
    const server = createServer((incoming, response) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const request: Received = {
          method: incoming.method ?? '',
          url: incoming.url ?? '',
          headers: incoming.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        };
        this.requests.push(request);
        Promise.resolve(this.answer(request, response)).catch((error: unknown) => response.destroy(error as Error));
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  /** Closes the port and cuts every open connection, answered or not. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Requests to one path, in arrival order. */
  at(path: string): Received[] {
    return this.requests.filter((r) => new URL(r.url, this.base).pathname === path);
  }
}

/** Registers a partner whose RECEIVER endpoints for `modules` are on `receiver`, as a completed handshake would. */
export async function addPartner(
  node: EvroamNode,
  receiver: Receiver,
  options: { name?: string; modules?: string[]; role?: 'EMSP' | 'CPO'; party?: string; legacy?: boolean } = {},
): Promise<Partner> {
  const name = options.name ?? `partner-${receiver.port}`;
  const versionsUrl = `${receiver.base}/ocpi/versions`;
  const created = await node.partners.createForOutgoingRegistration(name, versionsUrl, options.legacy ?? false);
  await node.partners.storeOutgoingConnection(
    created.id,
    {
      versionsUrl,
      version: '2.2.1',
      endpoints: (options.modules ?? ['locations']).map((m) => ({ identifier: m, role: 'RECEIVER' as const, url: receiver.endpoint(m) })),
      roles: [{ role: options.role ?? 'EMSP', country_code: 'DE', party_id: options.party ?? 'MSP', business_details: { name } }],
      tokenToPartner: `token-for-${name}`,
    },
    `token-from-${name}`,
    'registered',
  );
  return (await node.partners.get(created.id))!;
}

export const FAST_PUSH: NonNullable<EvroamConfig['push']> = {
  horizonMs: 60_000,
  baseBackoffMs: 20,
  maxBackoffMs: 200,
  pollIntervalMs: 25,
  concurrencyPerPartner: 4,
  retainMs: 3600_000,
};

export interface Sender {
  node: EvroamNode;
  close(): Promise<void>;
}

/** A listening (hence delivering) CPO node on the given database; several may share one. */
export async function startSender(database: DatabaseConfig, options: { push?: Partial<typeof FAST_PUSH>; requestTimeoutMs?: number } = {}): Promise<Sender> {
  const port = await freePort();
  const config: EvroamConfig = {
    ...structuredClone(defaultConfig),
    publicUrl: `http://127.0.0.1:${port}`,
    listen: { host: '127.0.0.1', port },
    database,
    parties: [CPO_PARTY],
    limits: { ...defaultConfig.limits, requestTimeoutMs: options.requestTimeoutMs ?? 5000 },
    logLevel: (process.env.EVROAM_TEST_LOG_LEVEL as EvroamConfig['logLevel']) ?? 'silent',
    push: { ...FAST_PUSH, ...options.push },
  };
  const node = await EvroamNode.create(config, { logger: pino({ level: config.logLevel }) });
  await node.listen();
  return { node, close: () => node.close() };
}

/** Polls `condition` until it holds; fails after `timeoutMs` with `what`. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

const OWNER = { role: 'CPO' as const, countryCode: 'NL', partyId: 'CPO' };

/** A Location or EVSE change as the Locations module would hand it over. */
export function locationChange(method: 'PUT' | 'PATCH', locationId: string, body: object, evseUid?: string): PushChange {
  return {
    module: 'locations',
    method,
    path: `/NL/CPO/${locationId}${evseUid ? `/${evseUid}` : ''}`,
    body,
    objectKey: `locations/NL/CPO/${locationId}`,
    owner: OWNER,
  };
}

/** What arrived, as `METHOD path body` lines, in arrival order. */
export function summary(requests: readonly Received[], base: string): string[] {
  return requests.map((r) => `${r.method} ${new URL(r.url, base).pathname.replace('/ocpi/emsp/2.2.1/locations', '')} ${r.body}`);
}
