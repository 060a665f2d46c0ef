/** Per-module validity matrix: valid objects pass, each kind of defect is reported at its path. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TSchema } from '@sinclair/typebox';
import { Kind } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { firstErrorMessage, validate } from '../../src/core/validation.js';
import * as M from '../../src/model.js';
import * as F from './fixtures.js';

function ok(schema: TSchema, value: unknown): void {
  const r = validate(schema, value);
  assert.deepEqual(r.ok ? [] : r.errors, []);
}
/** Expects the first error to be `path: message…`. */
function bad(schema: TSchema, value: unknown, expected: string | RegExp): void {
  const r = validate(schema, value);
  assert.equal(r.ok, false, 'expected the value to be invalid');
  const message = r.ok ? '' : firstErrorMessage(r.errors);
  if (typeof expected === 'string') assert.ok(message.startsWith(expected), `got: ${message}`);
  else assert.match(message, expected);
}
const without = <T extends object>(o: T, key: keyof T) => {
  const copy = { ...o };
  delete copy[key];
  return copy;
};

// ---------------------------------------------------------------------------------------------
// The model as a whole
// ---------------------------------------------------------------------------------------------

const schemas: [string, TSchema][] = Object.entries(M as Record<string, unknown>).filter(
  (e): e is [string, TSchema] => typeof e[1] === 'object' && e[1] !== null && Kind in e[1],
);

/** Every `format` keyword on a string schema (TypeCompiler would need a format registry). */
function stringFormats(schema: unknown): string[] {
  if (Array.isArray(schema)) return schema.flatMap(stringFormats);
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as Record<string, unknown>;
  const own = s.type === 'string' && typeof s.format === 'string' ? [s.format] : [];
  return [...own, ...Object.values(s).flatMap(stringFormats)];
}

test('TYP-10 every exported schema compiles with TypeCompiler and serializes to JSON Schema', () => {
  assert.ok(schemas.length > 80, `only ${schemas.length} schemas`);
  for (const [name, schema] of schemas) {
    assert.doesNotThrow(() => TypeCompiler.Compile(schema), name);
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(schema)), name);
    assert.deepEqual(stringFormats(schema), [], `${name} uses a string format`);
  }
});

test('TYP-02 every enum schema has an exported values array with exactly its values', () => {
  let enums = 0;
  for (const [name, values] of Object.entries(M as Record<string, unknown>)) {
    if (!name.endsWith('Values') || !Array.isArray(values)) continue;
    const schema = (M as Record<string, unknown>)[name.slice(0, -'Values'.length)] as { anyOf: { const: string }[] };
    assert.deepEqual(schema.anyOf.map((v) => v.const), values, name);
    enums++;
  }
  assert.ok(enums >= 34, `only ${enums} enums`);
});

// ---------------------------------------------------------------------------------------------
// Versions & credentials
// ---------------------------------------------------------------------------------------------

test('VER-02/VER-03 Version and VersionDetails', () => {
  ok(M.VersionList, [{ version: '2.2.1', url: 'https://x.example/ocpi/2.2.1' }]);
  bad(M.VersionList, [], 'must contain at least 1 item');
  ok(M.VersionDetails, { version: '2.2.1', endpoints: [{ identifier: 'locations', role: 'SENDER', url: 'https://x.example/l' }] });
  bad(M.VersionDetails, { version: '2.2.1', endpoints: [] }, 'endpoints: must contain at least 1 item');
  bad(M.VersionDetails, { version: '2.2.1', endpoints: [{ identifier: 'locations', role: 'sender', url: 'https://x.example/l' }] }, 'endpoints[0].role: must be one of SENDER, RECEIVER');
});

test('VER-05 custom module IDs and unknown versions are accepted in received documents', () => {
  ok(M.VersionDetails, { version: '2.2.1', endpoints: [{ identifier: 'nltnm-tokens', role: 'RECEIVER', url: 'https://x.example/t' }] });
  ok(M.VersionList, [{ version: '3.0', url: 'https://x.example/ocpi/3.0' }]);
  bad(M.ModuleID, 'nltnm-tokens', 'must be one of cdrs, chargingprofiles');
});

test('CRED-01/CRED-02 Credentials', () => {
  ok(M.Credentials, F.credentials());
  bad(M.Credentials, { ...F.credentials(), roles: [] }, 'roles: must contain at least 1 item');
  bad(M.Credentials, without(F.credentials(), 'url'), 'url: is required');
  bad(M.Credentials, { ...F.credentials(), url: 'versions' }, 'url: must be an absolute URL');
  bad(M.Credentials, { ...F.credentials(), roles: [{ ...F.credentials().roles[0], role: 'MSP' }] }, 'roles[0].role: must be one of CPO, EMSP');
  bad(M.Credentials, { ...F.credentials(), roles: [{ ...F.credentials().roles[0], party_id: 'EVRX' }] }, 'roles[0].party_id: must be at most 3 characters');
  bad(M.Credentials, { ...F.credentials(), roles: [without(F.credentials().roles[0]!, 'business_details')] }, 'roles[0].business_details: is required');
});

test('CRED-19 credentials token: at most 64 printable non-whitespace ASCII characters', () => {
  bad(M.Credentials, { ...F.credentials(), token: 'a'.repeat(65) }, 'token: must be at most 64 characters');
  bad(M.Credentials, { ...F.credentials(), token: 'abc def' }, 'token: must be a non-empty token of printable non-whitespace ASCII');
  bad(M.Credentials, { ...F.credentials(), token: '' }, 'token: must be a non-empty token');
  bad(M.Credentials, { ...F.credentials(), token: 'tøken' }, 'token: must be a non-empty token');
});

// ---------------------------------------------------------------------------------------------
// Locations
// ---------------------------------------------------------------------------------------------

test('LOC-17..19 a full Location validates; optional fields may be null (TYP-11)', () => {
  ok(M.Location, F.location());
  ok(M.Location, { ...F.location(), name: null, postal_code: null, evses: null, facilities: null, opening_times: null });
  ok(M.EVSE, F.evse());
  ok(M.Connector, F.connector());
});

test('LOC-17 required fields and the corrected lengths (address 255, state 45)', () => {
  bad(M.Location, without(F.location(), 'time_zone'), 'time_zone: is required');
  ok(M.Location, { ...F.location(), address: 'a'.repeat(255), state: 's'.repeat(45) });
  bad(M.Location, { ...F.location(), address: 'a'.repeat(256) }, 'address: must be at most 255 characters');
  bad(M.Location, { ...F.location(), state: 's'.repeat(46) }, 'state: must be at most 45 characters');
  bad(M.Location, { ...F.location(), publish: 'true' }, 'publish: must be a boolean');
});

test('LOC-18 EVSE uid is CiString(36), not 48 (PIT-23); connectors need one item', () => {
  const loc = F.location();
  bad(M.Location, { ...loc, evses: [{ ...F.evse(), uid: 'u'.repeat(48) }] }, 'evses[0].uid: must be at most 36 characters');
  bad(M.Location, { ...loc, evses: [{ ...F.evse(), connectors: [] }] }, 'evses[0].connectors: must contain at least 1 item');
  bad(M.EVSE, { ...F.evse(), status: 'RESERVATION' }, 'status: must be one of AVAILABLE, BLOCKED');
  bad(M.EVSE, { ...F.evse(), status_schedule: { period_begin: F.T0, status: 'PLANNED' } }, 'status_schedule: must be an array');
  ok(M.EVSE, { ...F.evse(), status_schedule: [{ period_begin: F.T0, status: 'PLANNED' }] });
});

test('LOC-19/LOC-21 connector enums are case-sensitive, including IEC_60309 mixed case', () => {
  ok(M.Connector, { ...F.connector(), standard: 'IEC_60309_2_three_32' });
  bad(M.Connector, { ...F.connector(), standard: 'IEC_60309_2_THREE_32' }, 'standard: must be one of CHADEMO');
  bad(
    M.Location,
    { ...F.location(), evses: [F.evse(), { ...F.evse(), connectors: [F.connector(), { ...F.connector(), format: 'PLUG' }] }] },
    'evses[1].connectors[1].format: must be one of SOCKET, CABLE',
  );
  bad(M.Connector, { ...F.connector(), max_voltage: 230.5 }, 'max_voltage: must be an integer');
  bad(M.Connector, { ...F.connector(), status: 'AVAILABLE', power_type: null }, 'power_type: is required');
});

test('LOC-20 GeoLocation regexes, RegularHours, Image, PublishTokenType', () => {
  bad(M.Location, { ...F.location(), coordinates: { latitude: '63.44', longitude: '10.446120' } }, 'coordinates.latitude: must be a latitude');
  bad(M.Location, { ...F.location(), coordinates: { latitude: '63.444560', longitude: '10,446120' } }, 'coordinates.longitude: must be a longitude');
  bad(M.RegularHours, { weekday: 8, period_begin: '08:00', period_end: '20:00' }, 'weekday: must be at most 7');
  bad(M.RegularHours, { weekday: 1, period_begin: '8:00', period_end: '20:00' }, 'period_begin: must be a time of day HH:MM');
  ok(M.Image, { url: 'https://x.example/a.png', category: 'CHARGER', type: 'png', width: 640 });
  bad(M.Image, { url: 'https://x.example/a.png', category: 'CHARGER', type: 'jpeg2' }, 'type: must be at most 4 characters');
  ok(M.Location, { ...F.location(), publish: false, publish_allowed_to: [{ visual_number: '123', issuer: 'X' }] });
});

test('PIT-23 EnergyMix supplier_name and energy_product_name are optional', () => {
  ok(M.EnergyMix, { is_green_energy: false });
  bad(M.EnergyMix, { is_green_energy: false, energy_sources: [{ source: 'HYDRO', percentage: 10 }] }, 'energy_sources[0].source: must be one of NUCLEAR');
  bad(M.EnergyMix, { is_green_energy: false, energy_sources: [{ source: 'WIND', percentage: 101 }] }, 'energy_sources[0].percentage: must be at most 100');
});

test('LOC-09/PIT-13 PATCH bodies: partial, last_updated required, nested lists by identifier (PIT-12)', () => {
  ok(M.EVSEPatch, { status: 'CHARGING', last_updated: F.T0 });
  bad(M.EVSEPatch, { status: 'CHARGING' }, 'last_updated: is required');
  bad(M.ConnectorPatch, { tariff_ids: ['X'] }, 'last_updated: is required');
  bad(M.LocationPatch, { name: 'x', last_updated: '2024-03-01T08:00:00+01:00' }, 'last_updated: must be an OCPI DateTime');
  ok(M.LocationPatch, { evses: [{ uid: 'EVSE-0001', status: 'REMOVED' }], last_updated: F.T0 });
  bad(M.LocationPatch, { evses: [{ status: 'REMOVED' }], last_updated: F.T0 }, 'evses[0].uid: is required');
  ok(M.EVSEPatch, { connectors: [{ id: '1', max_amperage: 16 }], last_updated: F.T0 });
  bad(M.EVSEPatch, { connectors: [{ max_amperage: 16 }], last_updated: F.T0 }, 'connectors[0].id: is required');
  // PATCH cannot remove data: a required field may be left out but not set to null.
  bad(M.EVSEPatch, { status: null, last_updated: F.T0 }, 'status: must be one of AVAILABLE');
  ok(M.EVSEPatch, { floor_level: null, last_updated: F.T0 });
});

// ---------------------------------------------------------------------------------------------
// Sessions, CDRs, Tariffs
// ---------------------------------------------------------------------------------------------

test('SES-14 Session', () => {
  ok(M.Session, F.session());
  ok(M.Session, { ...F.session(), charging_periods: [], total_cost: null, evse_uid: '#NA', connector_id: '#NA', status: 'RESERVATION' });
  bad(M.Session, without(F.session(), 'cdr_token'), 'cdr_token: is required');
  bad(M.Session, { ...F.session(), cdr_token: without(F.cdrToken(), 'country_code') }, 'cdr_token.country_code: is required');
  bad(M.Session, { ...F.session(), kwh: '12.5' }, 'kwh: must be a number');
  bad(M.Session, { ...F.session(), currency: 'EURO' }, 'currency: must be at most 3 characters');
  bad(M.Session, { ...F.session(), charging_periods: [{ ...F.chargingPeriod(), dimensions: [] }] }, 'charging_periods[0].dimensions: must contain at least 1 item');
});

test('PIT-15 SessionStatus RESERVATION is valid, RESERVED is not', () => {
  bad(M.Session, { ...F.session(), status: 'RESERVED' }, 'status: must be one of ACTIVE, COMPLETED, INVALID, PENDING, RESERVATION');
});

test('TYP-04/PIT-16 DateTime fields refuse offsets and long fractions', () => {
  bad(M.Session, { ...F.session(), start_date_time: '2024-03-01T08:00:00+00:00' }, 'start_date_time: must be an OCPI DateTime');
  bad(M.Session, { ...F.session(), end_date_time: '2024-03-01T08:00:00.123456Z' }, 'end_date_time: must be an OCPI DateTime');
  ok(M.Session, { ...F.session(), start_date_time: '2024-03-01T08:00:00.5', end_date_time: '2024-03-01T09:00:00.125Z' });
});

test('SES-06 Session PATCH and SES-15/16 charging preferences', () => {
  ok(M.SessionPatch, { kwh: 15, charging_periods: [F.chargingPeriod()], last_updated: F.T0 });
  bad(M.SessionPatch, { kwh: 15 }, 'last_updated: is required');
  ok(M.ChargingPreferences, { profile_type: 'FAST', departure_time: F.T0, energy_need: 20 });
  bad(M.ChargingPreferences, { profile_type: 'QUICK' }, 'profile_type: must be one of CHEAP, FAST, GREEN, REGULAR');
  ok(M.ChargingPreferencesResponse, 'DEPARTURE_REQUIRED');
});

test('CDR-12..16 CDR', () => {
  ok(M.CDR, F.cdr());
  ok(M.CDR, { ...F.cdr(), id: 'CDR-0001-C', credit: true, credit_reference_id: 'CDR-0001', total_cost: { excl_vat: -43.75, incl_vat: -54.69 } });
  bad(M.CDR, { ...F.cdr(), charging_periods: [] }, 'charging_periods: must contain at least 1 item');
  bad(M.CDR, without(F.cdr(), 'total_cost'), 'total_cost: is required');
  bad(M.CDR, { ...F.cdr(), id: 'x'.repeat(40) }, 'id: must be at most 39 characters');
  bad(M.CDR, { ...F.cdr(), auth_method: 'RFID' }, 'auth_method: must be one of AUTH_REQUEST, COMMAND, WHITELIST');
  bad(M.CDR, { ...F.cdr(), tariffs: [without(F.tariff(), 'elements')] }, 'tariffs[0].elements: is required');
  ok(M.CDR, {
    ...F.cdr(),
    signed_data: { encoding_method: 'OCMF', signed_values: [{ nature: 'Start', plain_data: 'p'.repeat(5000), signed_data: 'AAAA' }] },
  });
  bad(M.CDR, { ...F.cdr(), signed_data: { encoding_method: 'OCMF', signed_values: [] } }, 'signed_data.signed_values: must contain at least 1 item');
});

test('PIT-20 CdrLocation has shorter address (45) and state (20) than Location', () => {
  const cdr = F.cdr();
  bad(M.CDR, { ...cdr, cdr_location: { ...cdr.cdr_location, address: 'a'.repeat(46) } }, 'cdr_location.address: must be at most 45 characters');
  bad(M.CDR, { ...cdr, cdr_location: { ...cdr.cdr_location, state: 's'.repeat(21) } }, 'cdr_location.state: must be at most 20 characters');
  bad(M.CDR, { ...cdr, cdr_location: without(cdr.cdr_location, 'evse_id') }, 'cdr_location.evse_id: is required');
});

test('TAR-13..16 Tariff', () => {
  ok(M.Tariff, F.tariff());
  bad(M.Tariff, { ...F.tariff(), elements: [] }, 'elements: must contain at least 1 item');
  bad(M.Tariff, { ...F.tariff(), elements: [{ price_components: [{ type: 'ENERGY', price: 1 }] }] }, 'elements[0].price_components[0].step_size: is required');
  bad(M.Tariff, { ...F.tariff(), elements: [{ price_components: [{ type: 'KWH', price: 1, step_size: 1 }] }] }, 'elements[0].price_components[0].type: must be one of ENERGY, FLAT, PARKING_TIME, TIME');
  const el = (restrictions: object) => ({ ...F.tariff(), elements: [{ price_components: [{ type: 'FLAT', price: 0, step_size: 1 }], restrictions }] });
  ok(M.Tariff, el({ start_time: '22:00', end_time: '00:00', start_date: '2024-01-01', reservation: 'RESERVATION_EXPIRES', max_duration: 3600 }));
  bad(M.Tariff, el({ start_time: '24:00' }), 'elements[0].restrictions.start_time: must be a time of day HH:MM');
  bad(M.Tariff, el({ end_date: '2024-13-01' }), 'elements[0].restrictions.end_date: must be a date YYYY-MM-DD');
  bad(M.Tariff, el({ day_of_week: ['MON'] }), 'elements[0].restrictions.day_of_week[0]: must be one of MONDAY');
  bad(M.Tariff, el({ min_duration: 1.5 }), 'elements[0].restrictions.min_duration: must be an integer');
  bad(M.Tariff, { ...F.tariff(), type: 'PROFILE_SLOW' }, 'type: must be one of AD_HOC_PAYMENT');
});

// ---------------------------------------------------------------------------------------------
// Tokens, commands, charging profiles, hub client info
// ---------------------------------------------------------------------------------------------

test('TOK-17..19 Token, AuthorizationInfo, LocationReferences', () => {
  ok(M.Token, F.token());
  ok(M.Token, { ...F.token(), default_profile_type: 'GREEN', energy_contract: { supplier_name: 'Kraft AS' }, group_id: null });
  bad(M.Token, without(F.token(), 'issuer'), 'issuer: is required');
  bad(M.Token, { ...F.token(), whitelist: 'SOMETIMES' }, 'whitelist: must be one of ALWAYS, ALLOWED, ALLOWED_OFFLINE, NEVER');
  bad(M.Token, { ...F.token(), type: 'rfid' }, 'type: must be one of AD_HOC_USER, APP_USER, OTHER, RFID');
  bad(M.Token, { ...F.token(), energy_contract: {} }, 'energy_contract.supplier_name: is required');
  ok(M.TokenPatch, { valid: false, last_updated: F.T0 });
  bad(M.TokenPatch, { valid: false }, 'last_updated: is required');
  ok(M.LocationReferences, { location_id: 'LOC-0001', evse_uids: ['EVSE-0001'] });
  bad(M.LocationReferences, { evse_uids: ['EVSE-0001'] }, 'location_id: is required');
  ok(M.AuthorizationInfo, { allowed: 'BLOCKED', token: F.token(), location: { location_id: 'LOC-0001' }, authorization_reference: 'AR-1' });
  bad(M.AuthorizationInfo, { allowed: 'DENIED', token: F.token() }, 'allowed: must be one of ALLOWED, BLOCKED, EXPIRED, NO_CREDIT, NOT_ALLOWED');
});

test('CMD-13/14 command requests, CommandResponse and CommandResult', () => {
  const url = 'https://msp.example/ocpi/emsp/2.2.1/commands/START_SESSION/0d3f';
  ok(M.StartSession, { response_url: url, token: F.token(), location_id: 'LOC-0001', evse_uid: 'EVSE-0001' });
  bad(M.StartSession, { token: F.token(), location_id: 'LOC-0001' }, 'response_url: is required');
  bad(M.StartSession, { response_url: url, token: without(F.token(), 'uid'), location_id: 'LOC-0001' }, 'token.uid: is required');
  ok(M.ReserveNow, { response_url: url, token: F.token(), expiry_date: F.T0, reservation_id: 'R1', location_id: 'LOC-0001' });
  bad(M.ReserveNow, { response_url: url, token: F.token(), reservation_id: 'R1', location_id: 'LOC-0001' }, 'expiry_date: is required');
  ok(M.StopSession, { response_url: url, session_id: 'SES-0001' });
  ok(M.CancelReservation, { response_url: url, reservation_id: 'R1' });
  bad(M.UnlockConnector, { response_url: url, location_id: 'L', evse_uid: 'E' }, 'connector_id: is required');
  ok(M.CommandRequest.STOP_SESSION, { response_url: url, session_id: 'S' });
  ok(M.CommandResponse, { result: 'ACCEPTED', timeout: 30 });
  ok(M.CommandResponse, { result: 'REJECTED', timeout: 0, message: [{ language: 'en', text: 'Unknown location' }] });
  bad(M.CommandResponse, { result: 'ACCEPTED' }, 'timeout: is required');
  ok(M.CommandResult, { result: 'CANCELED_RESERVATION' });
  bad(M.CommandResult, { result: 'OK' }, 'result: must be one of ACCEPTED, CANCELED_RESERVATION');
  bad(M.CommandType, 'START', 'must be one of CANCEL_RESERVATION, RESERVE_NOW, START_SESSION, STOP_SESSION, UNLOCK_CONNECTOR');
});

test('CP-08/09 charging profile objects', () => {
  const profile = { charging_rate_unit: 'W', charging_profile_period: [{ start_period: 0, limit: 11000 }, { start_period: 900, limit: 7400.5 }] };
  ok(M.SetChargingProfile, { charging_profile: profile, response_url: 'https://msp.example/cp/1' });
  bad(M.SetChargingProfile, { charging_profile: { ...profile, charging_rate_unit: 'kW' }, response_url: 'https://msp.example/cp/1' }, 'charging_profile.charging_rate_unit: must be one of W, A');
  bad(M.SetChargingProfile, { charging_profile: { ...profile, charging_profile_period: [{ limit: 16 }] }, response_url: 'https://msp.example/cp/1' }, 'charging_profile.charging_profile_period[0].start_period: is required');
  ok(M.ActiveChargingProfile, { start_date_time: F.T0, charging_profile: profile });
  ok(M.ChargingProfileResponse, { result: 'TOO_OFTEN', timeout: 10 });
  ok(M.ActiveChargingProfileResult, { result: 'ACCEPTED', profile: { start_date_time: F.T0, charging_profile: profile } });
  ok(M.ChargingProfileResult, { result: 'UNKNOWN' });
  ok(M.ClearProfileResult, { result: 'REJECTED' });
  bad(M.ClearProfileResult, { result: 'NOT_SUPPORTED' }, 'result: must be one of ACCEPTED, REJECTED, UNKNOWN');
  bad(M.ActiveChargingProfileResult, { result: 'ACCEPTED', profile: { start_date_time: F.T0 } }, 'profile.charging_profile: is required');
});

test('HUB-03 ClientInfo', () => {
  ok(M.ClientInfo, { party_id: 'EVR', country_code: 'NO', role: 'CPO', status: 'CONNECTED', last_updated: F.T0 });
  bad(M.ClientInfo, { party_id: 'EVR', country_code: 'NO', role: 'CPO', status: 'ONLINE', last_updated: F.T0 }, 'status: must be one of CONNECTED, OFFLINE, PLANNED, SUSPENDED');
});

test('TYP-12 unknown properties are accepted at every level', () => {
  ok(M.Location, { ...F.location(), x_custom: 1, evses: [{ ...F.evse(), x_extra: { a: 1 } }] });
  ok(M.CDR, { ...F.cdr(), cdr_location: { ...F.cdr().cdr_location, x: null } });
});

test('TYP-01/TYP-03 CiString ids refuse non-ASCII and control characters; strings refuse control characters', () => {
  bad(M.Location, { ...F.location(), id: 'LOC-Ø1' }, 'id: must contain only printable ASCII characters');
  bad(M.Location, { ...F.location(), name: 'Line\nbreak' }, 'name: must not contain control characters');
  ok(M.Location, { ...F.location(), name: 'Ærøskøbing ladepark ⚡' });
});
