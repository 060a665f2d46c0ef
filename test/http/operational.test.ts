import assert from 'node:assert/strict';
import pino from 'pino';
import { after, before, describe, test } from 'node:test';
import { sqlite } from '../helpers/backends.js';
import { ocpiFetch, startNode } from '../helpers/nodes.js';
import type { TestNode } from '../helpers/nodes.js';

describe('operational endpoints', () => {
  let node: TestNode;
  before(async () => {
    node = await startNode(sqlite);
  });
  after(async () => node?.close());

  test('/health reports the database without credentials', async () => {
    const res = await ocpiFetch(`${node.baseUrl}/health`, undefined);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { status: 'ok', database: 'sqlite' });
  });

  test('/metrics exposes request counters per route pattern in Prometheus format', async () => {
    const { tokenA } = await node.node.partners.invite('metrics');
    await ocpiFetch(node.node.versionsUrl, undefined);
    await ocpiFetch(node.node.versionsUrl, tokenA);
    await ocpiFetch(node.node.versionsUrl, tokenA);
    await ocpiFetch(`${node.baseUrl}/ocpi/cpo/2.2.1/locations/LOC1`, tokenA);
    await ocpiFetch(`${node.baseUrl}/no/such/path/42`, tokenA);
    const res = await fetch(`${node.baseUrl}/metrics`);
    const text = await res.text();
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
    assert.match(text, /evroam_http_requests_total\{method="GET",route="\/ocpi\/versions",status="401"\} 1\n/);
    assert.match(text, /evroam_http_requests_total\{method="GET",route="\/ocpi\/versions",status="200"\} 2\n/);
    // The route pattern, never the object id; an unknown path is one label, whatever the URL.
    assert.match(text, /route="\/ocpi\/cpo\/2\.2\.1\/locations\/:location_id/);
    assert.doesNotMatch(text, /LOC1|no\/such/);
    assert.match(text, /evroam_http_requests_total\{method="\*",route="unmatched",status="404"\} 1\n/);
    // One latency histogram per route, across statuses.
    assert.match(text, /evroam_http_request_duration_seconds_count\{method="GET",route="\/ocpi\/versions"\} 3\n/);
    assert.match(text, /evroam_http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/ocpi\/versions"\} 3\n/);
    assert.match(text, /evroam_process_resident_memory_bytes/);
  });

  test('graceful close: an in-flight request completes, later ones are refused', async () => {
    const other = await startNode(sqlite);
    const { tokenA } = await other.node.partners.invite('late');
    const arrived = new Promise((resolve) => other.node.app.server.once('request', resolve));
    const inFlight = ocpiFetch(other.node.versionsUrl, tokenA);
    await arrived;
    const closing = other.close();
    const res = await inFlight;
    assert.equal(res.status, 200);
    await closing;
    await assert.rejects(fetch(other.node.versionsUrl));
  });
});

describe('OpenAPI document', () => {
  test('is generated from the route schemas: credentials POST carries the Credentials schema; 405 stand-ins are hidden', async () => {
    const node = await startNode(sqlite);
    try {
      const res = await fetch(`${node.baseUrl}/openapi.json`);
      assert.equal(res.status, 200);
      const doc: any = await res.json();
      assert.equal(doc.openapi, '3.1.0');
      const credentials = doc.paths['/ocpi/2.2.1/credentials'];
      assert.ok(credentials.post, 'POST documented');
      const body = credentials.post.requestBody.content['application/json'].schema;
      assert.equal(body.properties.token.maxLength, 64);
      assert.equal(credentials.patch, undefined, 'PATCH (405) is not part of the API');
    } finally {
      await node.close();
    }
  });
});

describe('structured request logs', () => {
  test('every request line carries the OCPI request and correlation IDs; logs made inside a request too', async () => {
    const lines: any[] = [];
    const stream = { write: (line: string) => void lines.push(JSON.parse(line)) };
    const node = await startNode(sqlite, { config: { logLevel: 'info' }, node: { logger: pino({ level: 'info' }, stream) } });
    try {
      await ocpiFetch(node.node.versionsUrl, undefined, { headers: { 'X-Request-ID': 'log-req-1', 'X-Correlation-ID': 'log-corr-1' } });
      const line = lines.find((l) => l.msg === 'request' && l.requestId === 'log-req-1');
      assert.ok(line, JSON.stringify(lines.slice(-3)));
      assert.equal(line.correlationId, 'log-corr-1');
      assert.equal(line.status, 401);
    } finally {
      await node.close();
    }
  });
});
