import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OcpiError } from '../../src/core/status.js';
import { nextLink, pageHeaders, parsePageRequest } from '../../src/core/pagination.js';

describe('pagination core', () => {
  test('PAG-02/PAG-04: defaults are offset 0 and the server maximum', () => {
    assert.deepEqual(parsePageRequest({}, 100), { offset: 0, limit: 100 });
    assert.deepEqual(parsePageRequest({ offset: '10', limit: '5' }, 100), { offset: 10, limit: 5 });
  });

  test('PAG-08: a limit above the server maximum is capped, not refused', () => {
    assert.equal(parsePageRequest({ limit: '1000' }, 50).limit, 50);
  });

  test('PAG-11: bad parameters are 2001 naming the parameter', () => {
    for (const [query, name] of [
      [{ offset: '-1' }, 'offset'],
      [{ offset: '1.5' }, 'offset'],
      [{ limit: 'ten' }, 'limit'],
      [{ limit: '0' }, 'limit'],
      [{ date_from: 'yesterday' }, 'date_from'],
      [{ date_to: '2024-01-01T00:00:00+01:00' }, 'date_to'],
    ] as const) {
      assert.throws(
        () => parsePageRequest(query, 100),
        (e: unknown) => e instanceof OcpiError && e.statusCode === 2001 && e.message.startsWith(name),
        JSON.stringify(query),
      );
    }
  });

  test('PAG-06/PAG-07: X-Total-Count is the whole match, X-Limit the cap, Link repeats the filters', () => {
    const page = parsePageRequest({ date_from: '2024-01-01T00:00:00Z', date_to: '2024-02-01T00:00:00Z', limit: '500' }, 50);
    const headers = pageHeaders('https://node.example/ocpi/cpo/2.2.1/locations', page, 120, 50);
    assert.equal(headers['X-Total-Count'], '120');
    assert.equal(headers['X-Limit'], '50');
    const next = new URL(nextLink(headers.Link)!);
    assert.equal(next.origin + next.pathname, 'https://node.example/ocpi/cpo/2.2.1/locations');
    assert.equal(next.searchParams.get('offset'), '50');
    assert.equal(next.searchParams.get('limit'), '50');
    assert.equal(next.searchParams.get('date_from'), '2024-01-01T00:00:00Z');
    assert.equal(next.searchParams.get('date_to'), '2024-02-01T00:00:00Z');
  });

  test('PAG-07: no rel="next" on the last page', () => {
    const page = parsePageRequest({ offset: '100' }, 50);
    assert.equal(pageHeaders('https://n/x', page, 120, 20).Link, undefined);
    assert.equal(pageHeaders('https://n/x', parsePageRequest({}, 50), 0, 0).Link, undefined);
  });

  test('nextLink reads the next URL among several relations', () => {
    assert.equal(nextLink('<https://a/prev>; rel="prev", <https://a/next?offset=2>; rel="next"'), 'https://a/next?offset=2');
    assert.equal(nextLink('<https://a/prev>; rel="prev"'), undefined);
    assert.equal(nextLink(undefined), undefined);
  });
});
