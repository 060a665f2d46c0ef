/**
 * A scripted stand-in for a partner's OCPI server. The partner's implementation is outside our
 * control, so the tests script its answers (including the non-conformant ones seen in the field)
 * on a real local HTTP server, and record what the client actually put on the wire.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Script = (request: Recorded, response: ServerResponse) => void | Promise<void>;

export interface Partner {
  /** `http://127.0.0.1:<port>` */
  base: string;
  requests: Recorded[];
  /** TCP connections accepted so far (keep-alive reuse shows as 1). */
  connections(): number;
  close(): Promise<void>;
}

export async function startPartner(script: Script): Promise<Partner> {
  const requests: Recorded[] = [];
  let connections = 0;
  const server = createServer((incoming, response) => {
    void record(incoming).then(async (request) => {
      requests.push(request);
      try {
        await script(request, response);
      } catch (error) {
        response.destroy(error as Error);
      }
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function record(incoming: IncomingMessage): Promise<Recorded> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return {
    method: incoming.method ?? '',
    url: incoming.url ?? '',
    headers: incoming.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  };
}

/** Answers with an OCPI envelope. */
export function reply(
  response: ServerResponse,
  httpStatus: number,
  statusCode: number,
  data?: unknown,
  headers: Record<string, string> = {},
): void {
  const body: Record<string, unknown> = { status_code: statusCode, timestamp: '2024-01-01T00:00:00Z' };
  if (data !== undefined) body.data = data;
  response.writeHead(httpStatus, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Answers with any body (HTML error pages, proxies, broken peers). */
export function replyRaw(response: ServerResponse, httpStatus: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(httpStatus, headers);
  response.end(body);
}
