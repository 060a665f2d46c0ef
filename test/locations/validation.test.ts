/**
 * Invalid input on the Locations Receiver (TYP-01..TYP-04, LOC-17..LOC-21, LOC-09, PIT-13,
 * PIT-16, PIT-20, ST-02, ST-03): every bad body is refused with 2001 naming the field (HTTP 200),
 * malformed JSON with HTTP 400, never a 5xx; nothing is stored and the stored object is unchanged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ReceivedLocations } from '../../src/modules/locations/index.js';
import type { Location } from '../../src/modules/locations/schema.js';
import { backends } from '../helpers/backends.js';
import { ocpiFetch } from '../helpers/nodes.js';
import { startPair } from '../shared/pair.js';
import type { Pair } from '../shared/pair.js';
import { at, connector, evse, location } from './fixtures.js';

type Mutation = (l: any) => void;

/** Location PUT bodies: [what, mutation of a valid Location, field the message must name]. */
const LOCATION_CASES: Array<[string, Mutation, string]> = [
  ['over-long id (CiString(36))', (l) => (l.id = 'X'.repeat(37)), 'id'],
  ['over-long address (string(255))', (l) => (l.address = 'a'.repeat(256)), 'address'],
  ['over-long city (string(45))', (l) => (l.city = 'c'.repeat(46)), 'city'],
  ['over-long state (string(45), PIT-20)', (l) => (l.state = 's'.repeat(46)), 'state'],
  ['control character in name (TYP-02)', (l) => (l.name = 'line\nbreak'), 'name'],
  ['unknown parking_type', (l) => (l.parking_type = 'ROOFTOP'), 'parking_type'],
  ['unknown facility', (l) => (l.facilities = ['CINEMA']), 'facilities[0]'],
  ['unknown EVSE status', (l) => (l.evses[1].status = 'BROKEN'), 'evses[1].status'],
  ['lower-case enum (case-sensitive)', (l) => (l.evses[0].status = 'available'), 'evses[0].status'],
  ['unknown connector standard', (l) => (l.evses[0].connectors[1].standard = 'IEC_62196_T9'), 'evses[0].connectors[1].standard'],
  ['missing city', (l) => delete l.city, 'city'],
  ['missing coordinates', (l) => delete l.coordinates, 'coordinates'],
  ['null publish', (l) => (l.publish = null), 'publish'],
  ['EVSE without connectors (+)', (l) => (l.evses[0].connectors = []), 'evses[0].connectors'],
  ['latitude with too few decimals', (l) => (l.coordinates.latitude = '52.08'), 'coordinates.latitude'],
  ['bad DateTime (offset, PIT-16)', (l) => (l.last_updated = '2024-03-01T08:00:00+00:00'), 'last_updated'],
  ['bad DateTime (text)', (l) => (l.last_updated = 'yesterday'), 'last_updated'],
  ['bad DateTime (9 fraction digits)', (l) => (l.evses[0].last_updated = '2024-03-01T08:00:00.123456789Z'), 'evses[0].last_updated'],
  ['missing last_updated', (l) => delete l.last_updated, 'last_updated'],
  ['string where a number belongs', (l) => (l.evses[0].connectors[0].max_voltage = '230'), 'evses[0].connectors[0].max_voltage'],
  ['non-ASCII in a CiString', (l) => (l.evses[0].evse_id = 'NL*CPO*É1'), 'evses[0].evse_id'],
];

for (const backend of backends) {
  describe(`Locations Receiver input validation (${backend.name})`, { skip: backend.skip }, () => {
    let pair: Pair;
    let received: ReceivedLocations;
    let url: string;
    let original: Location;

    before(async () => {
      pair = await startPair(backend);
      received = pair.emsp.node.services.locations!.emsp!;
      url = pair.cpoToEmsp.endpoint('locations', 'RECEIVER');
      original = location('V1', at(0));
      await pair.cpoToEmsp.client.put('locations', `${url}/NL/CPO/V1`, original);
    });
    after(async () => pair?.close());

    const send = (method: string, path: string, body: unknown) => ocpiFetch(`${url}${path}`, pair.cpoToEmsp.token, { method, body });

    const refused = (answer: Awaited<ReturnType<typeof send>>, field: string, what: string) => {
      assert.equal(answer.status, 200, `${what}: HTTP 200 (ST-03)`);
      assert.equal(answer.json.status_code, 2001, what);
      const escaped = field.replace(/[[\].]/g, (c) => `\\${c}`);
      assert.match(answer.json.status_message, new RegExp(`(^|: )${escaped}: `), `${what}: names ${field}`);
    };

    for (const [what, mutate, field] of LOCATION_CASES) {
      test(`Location PUT, ${what} → 2001 naming ${field}; nothing stored`, async () => {
        const fresh = structuredClone(location('NEW1', at(1)));
        mutate(fresh);
        const path = `/NL/CPO/${what.startsWith('over-long id') ? 'X'.repeat(37) : 'NEW1'}`;
        refused(await send('PUT', path, fresh), field, what);
        assert.equal(await received.get('NL', 'CPO', 'NEW1'), undefined);

        const replacement = structuredClone(original);
        mutate(replacement);
        if (!what.startsWith('over-long id')) refused(await send('PUT', '/NL/CPO/V1', replacement), field, `${what} (replace)`);
        assert.deepEqual(await received.get('NL', 'CPO', 'V1'), original);
      });
    }

    test('EVSE and Connector PUT: invalid bodies → 2001 naming the field', async () => {
      const badEvse: any = evse('V1-9', at(2));
      badEvse.capabilities = ['TELEPORT'];
      refused(await send('PUT', '/NL/CPO/V1/V1-9', badEvse), 'capabilities[0]', 'EVSE capability');
      const badConnector: any = connector('9', at(2));
      badConnector.format = 'PLUG';
      refused(await send('PUT', '/NL/CPO/V1/V1-1/9', badConnector), 'format', 'connector format');
      const longTariff: any = connector('9', at(2), { tariff_ids: ['T'.repeat(37)] });
      refused(await send('PUT', '/NL/CPO/V1/V1-1/9', longTariff), 'tariff_ids[0]', 'tariff id length');
      assert.deepEqual(await received.get('NL', 'CPO', 'V1'), original);
    });

    test('PIT-13/LOC-09: PATCH without last_updated → 2001 naming last_updated, at every depth', async () => {
      refused(await send('PATCH', '/NL/CPO/V1', { name: 'x' }), 'last_updated', 'Location PATCH');
      refused(await send('PATCH', '/NL/CPO/V1/V1-1', { status: 'BLOCKED' }), 'last_updated', 'EVSE PATCH');
      refused(await send('PATCH', '/NL/CPO/V1/V1-1/1', { max_amperage: 1 }), 'last_updated', 'Connector PATCH');
      assert.deepEqual(await received.get('NL', 'CPO', 'V1'), original);
    });

    test('LOC-09: a PATCH whose merged result is invalid is refused naming the field; PATCH cannot remove required data', async () => {
      refused(await send('PATCH', '/NL/CPO/V1/V1-1', { status: 'BROKEN', last_updated: at(3) }), 'status', 'EVSE status');
      refused(await send('PATCH', '/NL/CPO/V1', { city: null, last_updated: at(3) }), 'city', 'null city');
      refused(await send('PATCH', '/NL/CPO/V1', { evses: [{ uid: 'V1-NEW', status: 'AVAILABLE' }], last_updated: at(3) }), 'evses[2].connectors', 'incomplete new EVSE');
      refused(await send('PATCH', '/NL/CPO/V1', { evses: [{ status: 'AVAILABLE' }], last_updated: at(3) }), 'evses[0].uid', 'nested EVSE without uid');
      refused(await send('PATCH', '/NL/CPO/V1/V1-1/1', { max_voltage: 'high', last_updated: at(3) }), 'max_voltage', 'connector number');
      assert.deepEqual(await received.get('NL', 'CPO', 'V1'), original);
    });

    test('ST-02: malformed JSON → HTTP 400 + 2001; a non-object body → 2001; never 5xx', async () => {
      const malformed = await ocpiFetch(`${url}/NL/CPO/V1`, pair.cpoToEmsp.token, { method: 'PUT', rawBody: '{"id": "V1",' });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.json.status_code, 2001);
      for (const body of [[], 'text', 42, null]) {
        const answer = await ocpiFetch(`${url}/NL/CPO/V1`, pair.cpoToEmsp.token, { method: 'PUT', rawBody: JSON.stringify(body) });
        assert.ok(answer.status < 500, JSON.stringify(body));
        assert.equal(answer.json.status_code, 2001, JSON.stringify(body));
        const patch = await ocpiFetch(`${url}/NL/CPO/V1/V1-1`, pair.cpoToEmsp.token, { method: 'PATCH', rawBody: JSON.stringify(body) });
        assert.ok(patch.status < 500, `PATCH ${JSON.stringify(body)}`);
        assert.equal(patch.json.status_code, 2001);
      }
      const empty = await ocpiFetch(`${url}/NL/CPO/V1`, pair.cpoToEmsp.token, { method: 'PUT', rawBody: '' });
      assert.ok(empty.status < 500);
      assert.deepEqual(await received.get('NL', 'CPO', 'V1'), original);
    });
  });
}
