import { after, afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import pino from 'pino';
import { lowerOffset, OcpiClient, OcpiInvalidResponseError } from '../../src/client/index.js';
import type { InvalidListObject, ListProgress } from '../../src/client/index.js';
import { reply, startPartner } from './partner-server.js';
import type { Partner, Recorded } from './partner-server.js';

interface Item {
  id: string;
  last_updated: string;
}

const Item = Type.Object({ id: Type.String(), last_updated: Type.String() });

function items(count: number): Item[] {
  const start = Date.parse('2024-01-01T00:00:00Z');
  return Array.from({ length: count }, (_, i) => ({
    id: `O-${String(i).padStart(3, '0')}`,
    last_updated: new Date(start + i * 60_000).toISOString().replace('.000Z', 'Z'),
  }));
}

interface ListBehaviour {
  /** The partner's page size cap (PAG-08). */
  max: number;
  /** Leave date filters out of the Link URL (PIT-06). */
  dropFilters?: boolean;
  /** Send a path-only Link. */
  relativeLinks?: boolean;
  /** Called before each page is computed, to change the data set mid-crawl. */
  beforePage?: (request: Recorded) => void;
}

/**
 * A scripted partner Sender list: PAG-02..PAG-08 as a conformant partner does them, with switches
 * for the misbehaviour seen in the field.
 */
function answerList(objects: () => unknown[], behaviour: ListBehaviour) {
  return (request: Recorded, response: ServerResponse) => {
    behaviour.beforePage?.(request);
    const url = new URL(request.url, 'http://partner');
    const from = url.searchParams.get('date_from');
    const to = url.searchParams.get('date_to');
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Math.min(Number(url.searchParams.get('limit') ?? behaviour.max), behaviour.max);
    const matching = objects().filter((o) => {
      const updated = (o as Item).last_updated;
      return (from === null || updated >= from) && (to === null || updated < to);
    });
    const page = matching.slice(offset, offset + limit);
    const headers: Record<string, string> = { 'X-Total-Count': String(matching.length), 'X-Limit': String(limit) };
    if (offset + page.length < matching.length) {
      const next = new URLSearchParams();
      if (from !== null && !behaviour.dropFilters) next.set('date_from', from);
      if (to !== null && !behaviour.dropFilters) next.set('date_to', to);
      next.set('offset', String(offset + page.length));
      next.set('limit', String(limit));
      const origin = behaviour.relativeLinks ? '' : `http://${request.headers.host}`;
      headers.Link = `<${origin}${url.pathname}?${next.toString()}>; rel="next"`;
    }
    reply(response, 200, 1000, page, headers);
  };
}

describe('OcpiClient.list: crawling paginated lists', () => {
  let partner: Partner | undefined;
  afterEach(async () => {
    await partner?.close();
    partner = undefined;
  });
  after(async () => partner?.close());

  const client = new OcpiClient({
    token: 't',
    routing: { from: { countryCode: 'NL', partyId: 'EVR' }, to: { countryCode: 'DE', partyId: 'ABC' } },
  });

  test('PAG-10, PAG-07, PAG-08: follows Link over 300 objects, filters kept, server cap honoured', async () => {
    const all = items(320);
    partner = await startPartner(answerList(() => all, { max: 40 }));
    const progress: ListProgress[] = [];
    const listing = client.list('locations', `${partner.base}/ocpi/cpo/2.2.1/locations`, {
      dateFrom: '2024-01-01T00:10:00Z',
      dateTo: new Date('2024-01-01T05:10:00Z'),
      limit: 100,
      correlationId: 'sync-1',
      schema: Item,
      onPage: (p) => progress.push({ ...p }),
    });
    const received: Item[] = [];
    for await (const item of listing) received.push(item);

    assert.deepEqual(received, all.slice(10, 310), 'every object in the window, in order, once');
    assert.equal(partner.requests.length, 8, '300 objects at 40 per page');
    for (const request of partner.requests) {
      const query = new URL(request.url, 'http://partner').searchParams;
      assert.equal(query.get('date_from'), '2024-01-01T00:10:00Z');
      assert.equal(query.get('date_to'), '2024-01-01T05:10:00Z', 'a Date is sent as an OCPI DateTime');
      assert.equal(request.headers['x-correlation-id'], 'sync-1', 'T-22: one chain for the crawl');
      assert.equal(request.headers['ocpi-to-party-id'], 'ABC', 'T-23: locations is a functional module');
    }
    assert.equal(new URL(partner.requests[0]!.url, 'http://p').searchParams.get('limit'), '100');
    assert.equal(new Set(partner.requests.map((r) => r.headers['x-request-id'])).size, 8, 'T-20');
    assert.deepEqual(listing.progress, { totalCount: 300, limit: 40, pages: 8, received: 300, skipped: 0, redone: 0 });
    assert.deepEqual(
      progress.map((p) => p.received),
      [40, 80, 120, 160, 200, 240, 280, 300],
    );
    assert.ok(progress.every((p) => p.totalCount === 300));
  });

  test('pages(): the same crawl page by page, for batch storage', async () => {
    const all = items(95);
    partner = await startPartner(answerList(() => all, { max: 30 }));
    const sizes: number[] = [];
    for await (const page of client.list('tariffs', `${partner.base}/tariffs`).pages()) sizes.push(page.length);
    assert.deepEqual(sizes, [30, 30, 30, 5]);
  });

  test('PIT-06: filters the partner dropped from its (relative) Link are put back', async () => {
    const all = items(200);
    partner = await startPartner(answerList(() => all, { max: 25, dropFilters: true, relativeLinks: true }));
    const received: unknown[] = [];
    for await (const item of client.list('cdrs', `${partner.base}/cdrs`, { dateFrom: '2024-01-01T01:00:00Z' })) {
      received.push(item);
    }
    assert.deepEqual(received, all.slice(60));
    for (const request of partner.requests) {
      assert.equal(new URL(request.url, 'http://p').searchParams.get('date_from'), '2024-01-01T01:00:00Z');
    }
  });

  test('PAG-12, PIT-14: a sessions crawl always sends date_from', async () => {
    partner = await startPartner(answerList(() => items(3), { max: 10 }));
    const received: unknown[] = [];
    for await (const session of client.list('sessions', `${partner.base}/sessions`)) received.push(session);
    assert.equal(received.length, 3);
    assert.equal(new URL(partner.requests[0]!.url, 'http://p').searchParams.get('date_from'), '1970-01-01T00:00:00Z');
  });

  test('PAG-10: a lower X-Total-Count mid-crawl → the page is asked again with a lower offset, nothing missed', async () => {
    let live = items(100);
    let removed = false;
    partner = await startPartner(
      answerList(() => live, {
        max: 10,
        beforePage: (request) => {
          // After the page at offset 20 was served, an object already crawled leaves the window.
          if (!removed && request.url.includes('offset=30')) {
            removed = true;
            live = live.filter((o) => o.id !== 'O-005');
          }
        },
      }),
    );
    const listing = client.list('locations', `${partner.base}/locations`, { dateTo: '2030-01-01T00:00:00Z' });
    const seen = new Set<string>();
    for await (const item of listing) seen.add((item as Item).id);
    assert.equal(seen.size, 100, 'O-030 would be skipped without the redo');
    assert.equal(listing.progress.redone, 1);
    assert.equal(listing.progress.totalCount, 99);
    const offsets = partner.requests.map((r) => new URL(r.url, 'http://p').searchParams.get('offset'));
    assert.deepEqual(offsets.slice(0, 6), [null, '10', '20', '30', '29', '39']);
  });

  test('lowerOffset: lowers by the drop, never below 0, nothing to lower on a first page', () => {
    assert.equal(lowerOffset('https://p.example/l?offset=30&limit=10', 1), 'https://p.example/l?offset=29&limit=10');
    assert.equal(lowerOffset('https://p.example/l?offset=3', 5), 'https://p.example/l?offset=0');
    assert.equal(lowerOffset('https://p.example/l?limit=10', 1), undefined);
    assert.equal(lowerOffset('https://p.example/l?offset=0', 1), undefined);
  });

  test('T-15: invalid objects are skipped and reported with their position; the rest is delivered', async () => {
    const all: unknown[] = items(120);
    all[7] = { id: 7, last_updated: '2024-01-01T00:07:00Z' };
    all[55] = { last_updated: '2024-01-01T00:55:00Z' };
    partner = await startPartner(answerList(() => all, { max: 50 }));
    const invalid: InvalidListObject[] = [];
    const listing = client.list('tokens', `${partner.base}/tokens`, {
      schema: Item,
      onInvalid: (i) => {
        invalid.push(i);
      },
    });
    const received: Item[] = [];
    for await (const token of listing) received.push(token);

    assert.equal(received.length, 118);
    assert.ok(received.every((item) => typeof item.id === 'string'));
    assert.deepEqual(
      invalid.map((i) => i.position),
      [7, 55],
    );
    assert.equal(invalid[0]!.errors[0]!.path, 'id');
    assert.deepEqual(invalid[1]!.object, all[55]);
    assert.equal(invalid[1]!.requestId, partner.requests[1]!.headers['x-request-id']);
    assert.deepEqual(listing.progress, { totalCount: 120, limit: 50, pages: 3, received: 118, skipped: 2, redone: 0 });
  });

  test('an empty list, and a list answer without data, end the crawl cleanly', async () => {
    partner = await startPartner((request, response) =>
      reply(response, 200, 1000, request.url.startsWith('/empty') ? [] : undefined, { 'X-Total-Count': '0' }),
    );
    const base = partner.base;
    for (const path of ['/empty', '/absent']) {
      const listing = client.list('locations', `${base}${path}`);
      const received: unknown[] = [];
      for await (const item of listing) received.push(item);
      assert.deepEqual(received, []);
      assert.equal(listing.progress.totalCount, 0);
    }
  });

  test('a list answer whose data is not a list → OcpiInvalidResponseError naming data', async () => {
    partner = await startPartner((_request, response) => reply(response, 200, 1000, { id: 'not-a-list' }));
    await assert.rejects(
      async () => {
        for await (const _ of client.list('locations', `${partner!.base}/locations`)) void _;
      },
      (error: unknown) => error instanceof OcpiInvalidResponseError && error.path === 'data',
    );
  });

  test('a Link pointing at the page just read is an error, not an endless crawl', async () => {
    partner = await startPartner((request, response) =>
      reply(response, 200, 1000, items(2), { Link: `<http://${request.headers.host}${request.url}>; rel="next"` }),
    );
    await assert.rejects(async () => {
      for await (const _ of client.list('locations', `${partner!.base}/locations?offset=0&limit=2`)) void _;
    }, OcpiInvalidResponseError);
    assert.equal(partner.requests.length, 1);
  });
});

describe('OcpiClient.list without an onInvalid callback', () => {
  test('T-15: skipped objects are logged at warn', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    const partner = await startPartner((_request, response) =>
      reply(response, 200, 1000, [{ id: 'ok', last_updated: 'x' }, { id: 1 }], { 'X-Total-Count': '2' }),
    );
    try {
      const client = new OcpiClient({ token: 't', logger: pino({ level: 'warn' }, sink) });
      const received: unknown[] = [];
      for await (const item of client.list('locations', `${partner.base}/locations`, { schema: Item })) received.push(item);
      assert.equal(received.length, 1);
      assert.equal(lines.length, 1);
      assert.equal(lines[0]!.level, 40);
      assert.equal(lines[0]!.position, 1);
      assert.equal(lines[0]!.path, 'id');
    } finally {
      await partner.close();
    }
  });
});
