import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeAuthorization, parseAuthorization } from '../../src/core/auth-header.js';
import { formatDateTime, parseDateTime, toSortableTimestamp } from '../../src/core/datetime.js';
import { envelope, envelopeAroundJson } from '../../src/core/envelope.js';
import { OcpiError } from '../../src/core/status.js';

describe('Authorization header', () => {
  test('T-02: the token is Base64 of its UTF-8 bytes, with padding', () => {
    assert.equal(encodeAuthorization('example-token'), 'Token ZXhhbXBsZS10b2tlbg==');
    assert.deepEqual(parseAuthorization('Token ZXhhbXBsZS10b2tlbg=='), { raw: 'ZXhhbXBsZS10b2tlbg==', decoded: 'example-token' });
  });

  test('T-03: a raw token stays available for legacy partners; legacy encoding sends it raw', () => {
    assert.deepEqual(parseAuthorization('Token 4c8a-raw!'), { raw: '4c8a-raw!' });
    assert.equal(encodeAuthorization('abc', true), 'Token abc');
  });

  test('T-04: other schemes and empty values are no token at all', () => {
    for (const header of [undefined, '', 'Bearer abc', 'Token', 'Token  ', 'Basic dXNlcjpwYXNz']) assert.equal(parseAuthorization(header), undefined, String(header));
  });

  test('PIT-01: Base64 of a token with a trailing newline is not taken as that token', () => {
    // `echo example-token | base64` encodes the newline too
    assert.deepEqual(parseAuthorization('Token ZXhhbXBsZS10b2tlbgo='), { raw: 'ZXhhbXBsZS10b2tlbgo=' });
  });
});

describe('DateTime', () => {
  test('TYP-04: the six allowed forms parse as UTC; offsets and other forms do not', () => {
    for (const text of ['2015-06-29T20:39:09Z', '2015-06-29T20:39:09', '2016-12-29T17:45:09.2Z', '2016-12-29T17:45:09.2', '2018-01-01T01:08:01.123Z', '2018-01-01T01:08:01.123']) {
      assert.ok(parseDateTime(text), text);
    }
    assert.equal(parseDateTime('2015-06-29T20:39:09')!.toISOString(), '2015-06-29T20:39:09.000Z');
    for (const text of ['2015-06-29T20:39:09+00:00', '2015-06-29 20:39:09', '2015-06-29', '2015-06-29T20:39:09.123456Z', '2015-13-29T20:39:09Z']) {
      assert.equal(parseDateTime(text), undefined, text);
    }
  });

  test('PIT-16: evroam emits Z with no or three fraction digits', () => {
    assert.equal(formatDateTime(new Date('2024-03-01T10:00:00.000Z')), '2024-03-01T10:00:00Z');
    assert.equal(formatDateTime(new Date('2024-03-01T10:00:00.120Z')), '2024-03-01T10:00:00.120Z');
  });

  test('sortable timestamps order as time in text', () => {
    const a = toSortableTimestamp('2024-01-01T09:59:59.9')!;
    const b = toSortableTimestamp('2024-01-01T10:00:00Z')!;
    assert.ok(a < b);
  });
});

describe('envelope', () => {
  test('T-16/T-19: status_code and timestamp always, data only when given', () => {
    const withData = envelope({ a: 1 });
    assert.equal(withData.status_code, 1000);
    assert.deepEqual(withData.data, { a: 1 });
    assert.ok(parseDateTime(withData.timestamp));
    assert.equal('data' in envelope(undefined, 2001, 'x'), false);
  });

  test('an envelope around stored JSON text is the same document', () => {
    const text = envelopeAroundJson('[{"id":"1"}]', 1000, 'ok "quoted"');
    const parsed = JSON.parse(text);
    assert.deepEqual(parsed.data, [{ id: '1' }]);
    assert.equal(parsed.status_message, 'ok "quoted"');
  });
});

describe('status codes', () => {
  test('ST-03: semantic errors are HTTP 200 with 2001; transport errors carry their HTTP status', () => {
    assert.equal(OcpiError.invalid('x').httpStatus, 200);
    assert.equal(OcpiError.invalid('x').statusCode, 2001);
    assert.equal(OcpiError.malformedJson('x').httpStatus, 400);
    assert.equal(OcpiError.unauthorized().httpStatus, 401);
    assert.equal(OcpiError.methodNotAllowed('x').httpStatus, 405);
    assert.equal(OcpiError.notFound('x', 2004).statusCode, 2004);
  });
});
