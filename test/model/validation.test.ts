import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import {
  CiString,
  DateTime,
  DisplayText,
  Enum,
  List,
  NonEmptyList,
  OcpiString,
  Opt,
  Price,
  Role,
  URL,
} from '../../src/core/types.js';
import { compileValidator, firstErrorMessage, validate, validateOrThrow } from '../../src/core/validation.js';
import { OcpiError } from '../../src/core/status.js';

const Connector = Type.Object({
  id: CiString(36),
  standard: Enum(['CHADEMO', 'IEC_62196_T2'] as const),
  max_voltage: Type.Integer(),
  tariff_ids: List(CiString(36)),
});
const Evse = Type.Object({
  uid: CiString(36),
  connectors: NonEmptyList(Connector),
  floor_level: Opt(OcpiString(4)),
  last_updated: DateTime,
});
const Loc = Type.Object({ id: CiString(36), evses: List(Evse), directions: List(DisplayText) });

const okConnector = { id: '1', standard: 'CHADEMO', max_voltage: 400 };
const okEvse = { uid: 'E1', connectors: [okConnector], last_updated: '2015-06-29T20:39:09Z' };

function errorsOf(schema: Parameters<typeof validate>[0], value: unknown) {
  const r = validate(schema, value);
  assert.equal(r.ok, false, 'expected the value to be invalid');
  return r.ok ? [] : r.errors;
}

test('TYP-03 compileValidator caches one compiled validator per schema', () => {
  assert.equal(compileValidator(Loc), compileValidator(Loc));
  const v = compileValidator(Loc);
  assert.deepEqual(v({ id: 'L1', evses: [okEvse] }), { ok: true, value: { id: 'L1', evses: [okEvse] } });
  assert.equal(v.check({ id: 'L1' }), true);
  assert.deepEqual(v.errors({ id: 'L1' }), []);
});

test('TYP-03 over-long string names the nested path and the limit', () => {
  const errors = errorsOf(Loc, { id: 'L1', evses: [okEvse, { ...okEvse, uid: 'x'.repeat(37) }] });
  assert.equal(errors[0]?.path, 'evses[1].uid');
  assert.match(firstErrorMessage(errors), /^evses\[1\]\.uid: must be at most 36 characters/);
});

test('TYP-03 missing required field', () => {
  const { uid: _uid, ...noUid } = okEvse;
  const errors = errorsOf(Loc, { id: 'L1', evses: [noUid] });
  assert.deepEqual(errors[0], { path: 'evses[0].uid', message: 'is required' });
});

test('TYP-03 required field given as null', () => {
  const errors = errorsOf(Loc, { id: null });
  assert.deepEqual(errors[0], { path: 'id', message: 'is required (must not be null)' });
});

test('TYP-11 optional fields and lists accept absence and null; + lists need one item', () => {
  assert.equal(validate(Loc, { id: 'L1', evses: null, directions: null }).ok, true);
  assert.equal(validate(Loc, { id: 'L1', evses: [] }).ok, true);
  assert.equal(validate(Evse, { ...okEvse, floor_level: null }).ok, true);
  const errors = errorsOf(Evse, { ...okEvse, connectors: [] });
  assert.deepEqual(errors[0], { path: 'connectors', message: 'must contain at least 1 item' });
});

test('TYP-12 unknown enum value: "must be one of"', () => {
  const errors = errorsOf(Loc, {
    id: 'L1',
    evses: [okEvse, { ...okEvse, connectors: [okConnector, { ...okConnector, standard: 'TYPE2' }] }],
  });
  assert.equal(errors.length, 1);
  assert.equal(errors[0]?.path, 'evses[1].connectors[1].standard');
  assert.match(errors[0]!.message, /^must be one of CHADEMO, IEC_62196_T2/);
});

test('TYP-12 unknown properties are accepted', () => {
  assert.equal(validate(Loc, { id: 'L1', x_custom: { a: 1 } }).ok, true);
});

test('TYP-03 wrong type', () => {
  const errors = errorsOf(Evse, { ...okEvse, connectors: [{ ...okConnector, max_voltage: '400' }] });
  assert.deepEqual(errors[0], { path: 'connectors[0].max_voltage', message: 'must be an integer (got "400")' });
  assert.match(errorsOf(Evse, { ...okEvse, connectors: [{ ...okConnector, max_voltage: 1.5 }] })[0]!.message, /integer/);
  assert.deepEqual(errorsOf(Loc, []), [{ path: '', message: 'must be an object (got array)' }]);
  assert.equal(firstErrorMessage(errorsOf(Loc, 'x')), 'must be an object (got "x")');
});

test('TYP-04 DateTime accepts exactly the six spec forms', () => {
  const ok = [
    '2015-06-29T20:39:09Z',
    '2015-06-29T20:39:09',
    '2016-12-29T17:45:09.2Z',
    '2016-12-29T17:45:09.2',
    '2018-01-01T01:08:01.123Z',
    '2018-01-01T01:08:01.123',
  ];
  for (const v of ok) assert.equal(validate(DateTime, v).ok, true, v);
  const bad = [
    '2015-06-29T20:39:09+00:00',
    '2015-06-29T20:39:09.123456Z',
    '2015-06-29 20:39:09Z',
    '2015-06-29',
    '2015-13-29T20:39:09Z',
    '2015-06-29T24:00:00Z',
    '2015-06-29T20:39:09z',
    '',
  ];
  for (const v of bad) {
    const errors = errorsOf(DateTime, v);
    assert.match(errors[0]!.message, /must be an OCPI DateTime/, v);
  }
  const errors = errorsOf(Evse, { ...okEvse, last_updated: '2015-06-29T20:39:09+02:00' });
  assert.match(firstErrorMessage(errors), /^last_updated: must be an OCPI DateTime/);
});

test('TYP-01 CiString rejects non-ASCII and control characters; TYP-02 string rejects control characters', () => {
  assert.match(errorsOf(CiString(10), 'Ærø')[0]!.message, /printable ASCII/);
  assert.match(errorsOf(CiString(10), 'a\tb')[0]!.message, /printable ASCII/);
  assert.equal(validate(OcpiString(10), 'Ærø 😀').ok, true);
  assert.match(errorsOf(OcpiString(10), 'a\nb')[0]!.message, /control characters/);
  assert.match(errorsOf(DisplayText, { language: 'en', text: 'x'.repeat(513) })[0]!.message, /at most 512/);
});

test('TYP-07/08/09 Price, Role, URL', () => {
  assert.equal(validate(Price, { excl_vat: 1.5 }).ok, true);
  assert.equal(validate(Price, { excl_vat: 1.5, incl_vat: null }).ok, true);
  assert.deepEqual(errorsOf(Price, { incl_vat: 2 })[0], { path: 'excl_vat', message: 'is required' });
  assert.match(errorsOf(Role, 'MSP')[0]!.message, /^must be one of CPO, EMSP, HUB, NAP, NSP, OTHER, SCSP/);
  assert.equal(validate(URL, 'https://example.com/ocpi/versions').ok, true);
  assert.match(errorsOf(URL, 'not a url')[0]!.message, /absolute URL/);
  assert.match(errorsOf(URL, `https://x/${'a'.repeat(250)}`)[0]!.message, /at most 255/);
});

test('TYP-03 validateOrThrow throws OcpiError 2001 naming the field', () => {
  assert.throws(
    () => validateOrThrow(Loc, { id: 'L1', evses: [{ ...okEvse, uid: 'x'.repeat(40) }] }, 'Location'),
    (e: unknown) =>
      e instanceof OcpiError && e.statusCode === 2001 && /^Invalid Location: evses\[0\]\.uid: must be at most 36/.test(e.message),
  );
  assert.deepEqual(validateOrThrow(Price, { excl_vat: 1 }), { excl_vat: 1 });
});

test('TYP-03 several errors are reported in schema order', () => {
  const errors = errorsOf(Evse, { uid: 'x'.repeat(37), connectors: 'none' });
  assert.deepEqual(
    errors.map((e) => e.path),
    ['uid', 'connectors', 'last_updated'],
  );
});
