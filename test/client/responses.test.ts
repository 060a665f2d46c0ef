import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import pino from 'pino';
import {
  OcpiClient,
  OcpiHttpError,
  OcpiInvalidResponseError,
  OcpiStatusError,
  OcpiTransportError,
  parseRetryAfter,
} from '../../src/client/index.js';
import type { OcpiClientError } from '../../src/client/index.js';
import { reply, replyRaw, startPartner } from './partner-server.js';
import type { Partner } from './partner-server.js';

/** Path → scripted answer; the partner's behaviour is the thing under test's environment. */
const answers: Record<string, (response: ServerResponse) => void> = {
  '/ok': (r) => reply(r, 200, 1000, { id: 'L1' }),
  '/no-data': (r) => reply(r, 200, 1000),
  '/one-element': (r) => reply(r, 200, 1000, [{ result: 'ACCEPTED', timeout: 30 }]),
  '/two-elements': (r) => reply(r, 200, 1000, [{ result: 'ACCEPTED', timeout: 30 }, { result: 'REJECTED', timeout: 30 }]),
  '/cdr': (r) => reply(r, 201, 1000, undefined, { Location: 'https://emsp.example/ocpi/emsp/2.2.1/cdrs/123' }),
  '/200-2001': (r) => reply(r, 200, 2001, undefined),
  '/400-2001': (r) => reply(r, 400, 2001, { field: 'evse_uid' }),
  '/404-2004': (r) => reply(r, 404, 2004),
  '/200-3001': (r) => reply(r, 200, 3001),
  '/401': (r) => reply(r, 401, 2000),
  '/401-bare': (r) => replyRaw(r, 401, ''),
  '/500': (r) => reply(r, 500, 3000),
  '/502-html': (r) => replyRaw(r, 502, '<html><body>Bad Gateway</body></html>', { 'Content-Type': 'text/html' }),
  '/200-html': (r) => replyRaw(r, 200, '<html>login page</html>', { 'Content-Type': 'text/html' }),
  '/200-no-status': (r) => replyRaw(r, 200, '{"data":[]}', { 'Content-Type': 'application/json' }),
  '/200-string-status': (r) => replyRaw(r, 200, '{"status_code":"1000","timestamp":"2024-01-01T00:00:00Z"}'),
  '/404-html': (r) => replyRaw(r, 404, 'Not Found'),
  '/400-1000': (r) => reply(r, 400, 1000),
  '/429': (r) => reply(r, 429, 2000, undefined, { 'Retry-After': '120' }),
  '/503-date': (r) => replyRaw(r, 503, 'busy', { 'Retry-After': new Date(Date.now() + 30_000).toUTCString() }),
  '/slow': (r) => setTimeout(() => reply(r, 200, 1000), 2_000),
  '/slow-body': (r) => {
    r.writeHead(200, { 'Content-Type': 'application/json' });
    r.write('{"status_code":1000,');
    setTimeout(() => r.end('"timestamp":"2024-01-01T00:00:00Z"}'), 2_000);
  },
};

describe('OcpiClient responses and errors', () => {
  let partner: Partner;
  let client: OcpiClient;
  before(async () => {
    partner = await startPartner((request, response) => {
      const answer = answers[request.url.split('?')[0]!];
      if (answer) answer(response);
      else replyRaw(response, 500, 'no script');
    });
    client = new OcpiClient({ token: 't', timeoutMs: 1_000 });
  });
  after(() => partner.close());

  async function failure(path: string, send = (url: string) => client.get('locations', url)): Promise<OcpiClientError> {
    try {
      await send(`${partner.base}${path}`);
    } catch (error) {
      return error as OcpiClientError;
    }
    assert.fail(`${path}: expected an error`);
  }

  test('T-16: the envelope is parsed into a typed result', async () => {
    const result = await client.get('locations', `${partner.base}/ok`);
    assert.equal(result.httpStatus, 200);
    assert.deepEqual(result.envelope, { status_code: 1000, timestamp: '2024-01-01T00:00:00Z', data: { id: 'L1' } });
    assert.equal(result.headers.get('content-type'), 'application/json');
    assert.equal(result.requestId, partner.requests.at(-1)!.headers['x-request-id']);
    assert.equal(result.method, 'GET');
    assert.equal(result.url, `${partner.base}/ok`);
  });

  test('T-19, PIT-25: an answer without data is a success', async () => {
    const result = await client.put('sessions', `${partner.base}/no-data`, { id: 'S1' });
    assert.equal(result.envelope.status_code, 1000);
    assert.equal('data' in result.envelope, false);
  });

  test('PIT-05: the CDR URL of a CDR POST answer is read from the Location header', async () => {
    const result = await client.post('cdrs', `${partner.base}/cdr`, { id: 'CDR1' });
    assert.equal(result.httpStatus, 201);
    assert.equal(result.headers.get('location'), 'https://emsp.example/ocpi/emsp/2.2.1/cdrs/123');
  });

  test('status_code sent as a numeric string is accepted', async () => {
    const result = await client.get('locations', `${partner.base}/200-string-status`);
    assert.equal(result.envelope.status_code, 1000);
  });

  test('ST-03, PIT-02: HTTP 200 + 2001 and HTTP 400 + 2001 are both OCPI status errors', async () => {
    const on200 = await failure('/200-2001');
    const on400 = await failure('/400-2001');
    for (const error of [on200, on400]) {
      assert.ok(error instanceof OcpiStatusError, String(error));
      assert.equal(error.statusCode, 2001);
    }
    assert.equal((on200 as OcpiStatusError).httpStatus, 200);
    assert.equal((on400 as OcpiStatusError).httpStatus, 400);
    assert.deepEqual((on400 as OcpiStatusError).envelope.data, { field: 'evse_uid' });
  });

  test('PIT-07: 404 + 2004 (unknown token on authorize) is an OCPI status error, not a missing URL', async () => {
    const error = await failure('/404-2004', (url) => client.post('tokens', url));
    assert.ok(error instanceof OcpiStatusError);
    assert.equal(error.statusCode, 2004);
    assert.equal(error.httpStatus, 404);
  });

  test('ST-08: 3xxx with HTTP 200 is an OCPI status error', async () => {
    const error = await failure('/200-3001');
    assert.ok(error instanceof OcpiStatusError);
    assert.equal(error.statusCode, 3001);
  });

  test('T-04: 401 is an HTTP error, with or without an envelope', async () => {
    const withEnvelope = await failure('/401');
    assert.ok(withEnvelope instanceof OcpiHttpError);
    assert.equal(withEnvelope.httpStatus, 401);
    assert.equal(withEnvelope.reason, 'http-status');
    assert.equal(withEnvelope.envelope?.status_code, 2000);
    const bare = await failure('/401-bare');
    assert.ok(bare instanceof OcpiHttpError);
    assert.equal(bare.httpStatus, 401);
    assert.equal(bare.envelope, undefined);
  });

  test('5xx is an HTTP error, envelope attached when there is one', async () => {
    const error = await failure('/500');
    assert.ok(error instanceof OcpiHttpError);
    assert.equal(error.httpStatus, 500);
    assert.equal(error.envelope?.status_code, 3000);
    const html = await failure('/502-html');
    assert.ok(html instanceof OcpiHttpError);
    assert.equal(html.httpStatus, 502);
    assert.match(html.bodySnippet, /Bad Gateway/);
  });

  test('ST-01: a non-JSON or non-envelope body is an HTTP error, even with HTTP 200', async () => {
    const html = await failure('/200-html');
    assert.ok(html instanceof OcpiHttpError);
    assert.equal(html.reason, 'not-json');
    const noStatus = await failure('/200-no-status');
    assert.ok(noStatus instanceof OcpiHttpError);
    assert.equal(noStatus.reason, 'no-envelope');
    const notFound = await failure('/404-html');
    assert.ok(notFound instanceof OcpiHttpError);
    assert.equal(notFound.reason, 'http-status');
    assert.equal(notFound.httpStatus, 404);
  });

  test('a success status_code under an HTTP error status is an HTTP error', async () => {
    const error = await failure('/400-1000');
    assert.ok(error instanceof OcpiHttpError);
    assert.equal(error.httpStatus, 400);
  });

  test('429 and 503: Retry-After in seconds or as an HTTP date is in the error', async () => {
    const seconds = await failure('/429');
    assert.ok(seconds instanceof OcpiHttpError);
    assert.equal(seconds.httpStatus, 429);
    assert.equal(seconds.retryAfterMs, 120_000);
    const date = await failure('/503-date', (url) => client.put('locations', url, {}));
    assert.ok(date instanceof OcpiHttpError);
    assert.equal(date.httpStatus, 503);
    assert.ok(date.retryAfterMs! > 25_000 && date.retryAfterMs! <= 30_000, String(date.retryAfterMs));
  });

  test('parseRetryAfter: seconds, HTTP date, past date, garbage', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('0', now), 0);
    assert.equal(parseRetryAfter(' 5 ', now), 5_000);
    assert.equal(parseRetryAfter('Mon, 01 Jan 2024 00:01:00 GMT', now), 60_000);
    assert.equal(parseRetryAfter('Sun, 31 Dec 2023 23:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });

  test('timeout before the headers → transport error of kind timeout', async () => {
    const started = Date.now();
    const error = await failure('/slow', (url) => client.get('locations', url, { timeoutMs: 200 }));
    assert.ok(error instanceof OcpiTransportError, String(error));
    assert.equal(error.kind, 'timeout');
    assert.ok(Date.now() - started < 1_500);
  });

  test('timeout while the body is still arriving → transport error of kind timeout', async () => {
    const error = await failure('/slow-body', (url) => client.get('locations', url, { timeoutMs: 200 }));
    assert.ok(error instanceof OcpiTransportError, String(error));
    assert.equal(error.kind, 'timeout');
  });

  test('the caller aborting → transport error of kind aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure('/slow', (url) => client.get('locations', url, { signal: controller.signal }));
    assert.ok(error instanceof OcpiTransportError);
    assert.equal(error.kind, 'aborted');
  });

  test('nobody listening → transport error of kind connection', async () => {
    const closed = await startPartner(() => undefined);
    const url = `${closed.base}/versions`;
    await closed.close();
    try {
      await client.get('versions', url);
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(error instanceof OcpiTransportError);
      assert.equal(error.kind, 'connection');
      assert.equal(error.code, 'ECONNREFUSED');
    }
  });

  test('unresolvable host → transport error of kind dns', async () => {
    try {
      await client.get('versions', 'http://partner.invalid/versions');
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(error instanceof OcpiTransportError);
      assert.equal(error.kind, 'dns');
    }
  });

  test('errors carry the request and correlation IDs that were sent', async () => {
    const error = await failure('/400-2001', (url) => client.get('locations', url, { correlationId: 'chain-9' }));
    const sent = partner.requests.at(-1)!.headers;
    assert.equal(error.requestId, sent['x-request-id']);
    assert.equal(error.correlationId, 'chain-9');
    assert.equal(error.method, 'GET');
    assert.match(error.message, /^GET http:\/\/127\.0\.0\.1:\d+\/400-2001: OCPI status 2001/);
  });

  test('schema validation of data: invalid data → error naming the JSON path', async () => {
    const Location = Type.Object({ id: Type.String({ maxLength: 1 }) });
    const error = await failure('/ok', (url) => client.get('locations', url, { schema: Location }));
    assert.ok(error instanceof OcpiInvalidResponseError, String(error));
    assert.equal(error.path, 'data.id');
    assert.ok(error.errors.length >= 1);
    const valid = await client.get('locations', `${partner.base}/ok`, {
      schema: Type.Object({ id: Type.String() }),
    });
    assert.equal(valid.envelope.data?.id, 'L1');
  });

  test('PIT-23: one object sent as a one-element array (py_ocpi) is taken as that object; other arrays still fail', async () => {
    const CommandResponse = Type.Object({ result: Type.String(), timeout: Type.Integer() });
    const unwrapped = await client.post('commands', `${partner.base}/one-element`, {}, { schema: CommandResponse });
    assert.deepEqual(unwrapped.envelope.data, { result: 'ACCEPTED', timeout: 30 });
    const two = await failure('/two-elements', (url) => client.post('commands', url, {}, { schema: CommandResponse }));
    assert.ok(two instanceof OcpiInvalidResponseError, String(two));
    assert.equal(two.path, 'data');
    const list = await client.get('locations', `${partner.base}/one-element`, { schema: Type.Array(CommandResponse) });
    assert.deepEqual(list.envelope.data, [{ result: 'ACCEPTED', timeout: 30 }], 'a list schema keeps its list');
    const unchecked = await client.post('commands', `${partner.base}/one-element`);
    assert.ok(Array.isArray(unchecked.envelope.data), 'without a schema the data is left as sent');
  });

  test('each request is logged at debug with method, URL, IDs, status and duration', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    const logged = new OcpiClient({ token: 'secret-token', logger: pino({ level: 'debug' }, sink) });
    await logged.get('locations', `${partner.base}/ok`, { correlationId: 'chain-log' });
    await logged.get('locations', `${partner.base}/400-2001`).catch(() => undefined);
    assert.equal(lines.length, 2);
    const [ok, failed] = lines as [Record<string, unknown>, Record<string, unknown>];
    assert.equal(ok.level, 20);
    assert.equal(ok.method, 'GET');
    assert.equal(ok.url, `${partner.base}/ok`);
    assert.equal(ok.correlationId, 'chain-log');
    assert.equal(typeof ok.requestId, 'string');
    assert.equal(ok.httpStatus, 200);
    assert.equal(ok.statusCode, 1000);
    assert.equal(typeof ok.durationMs, 'number');
    assert.equal(failed.statusCode, 2001);
    assert.equal(failed.error, 'OcpiStatusError');
    assert.doesNotMatch(JSON.stringify(lines), /secret-token|c2VjcmV0LXRva2Vu/, 'the token is never logged');
  });
});
