/**
 * The physical limit for one response: a bare node:http server sending precomputed bytes
 * (status, headers and body captured from evroam's own answer).
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';

export interface CapturedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Captures evroam's answer once, keeping the headers a client sees (minus per-request ids). */
export async function capture(url: string, init: RequestInit = {}): Promise<CapturedResponse> {
  const response = await fetch(url, init);
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(name)) headers[name] = value;
  });
  headers['content-length'] = String(body.length);
  return { status: response.status, headers, body };
}

export async function startRawServer(response: CapturedResponse): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(response.status, response.headers);
    res.end(response.body);
  });
  server.keepAliveTimeout = 60000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
