/**
 * The operator API of a CPO, end to end over HTTP: own Locations (every level) and Tariffs written
 * through it show up in the OCPI Sender list and reach a registered eMSP node through the push
 * outbox; Sessions and CDRs are read on both sides; invalid input is 400 naming the field.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Location } from '../../src/modules/locations/schema.js';
import type { Tariff } from '../../src/modules/tariffs/schema.js';
import { backends } from '../helpers/backends.js';
import { ocpiFetch } from '../helpers/nodes.js';
import { cdr } from '../cdrs/fixtures.js';
import { at, connector, evse, location } from '../locations/fixtures.js';
import { session } from '../sessions/fixtures.js';
import { admin, startOperatorPair, waitFor } from './helpers.js';
import type { OperatorPair } from './helpers.js';

/** A Location body as an operator sends it: identifiers from the URL, last_updated left to evroam. */
function locationBody(id: string): Record<string, unknown> {
  const { country_code: _cc, party_id: _pid, id: _id, last_updated: _lu, ...rest } = location(id, at(0));
  const strip = (o: { last_updated?: string }) => {
    delete o.last_updated;
    return o;
  };
  return { ...rest, evses: rest.evses!.map((e) => ({ ...strip(e), connectors: e.connectors.map(strip) })) };
}

function tariffBody(extra: Partial<Tariff> = {}): Record<string, unknown> {
  return {
    currency: 'EUR',
    type: 'REGULAR',
    elements: [{ price_components: [{ type: 'ENERGY', price: 0.25, vat: 21, step_size: 1 }] }],
    ...extra,
  };
}

for (const backend of backends) {
  describe(`operator API of a CPO (${backend.name})`, { skip: backend.skip }, () => {
    let pair: OperatorPair;
    /** The Location as the eMSP node received it. */
    const atEmsp = (id: string): Promise<Location | undefined> => pair.emsp.node.services.locations!.emsp!.get('NL', 'CPO', id);
    const senderList = async (): Promise<Location[]> =>
      (await ocpiFetch(`${pair.cpo.baseUrl}/ocpi/cpo/2.2.1/locations?limit=100`, pair.cpoAtEmsp.tokenToPartner)).json.data;

    before(async () => {
      pair = await startOperatorPair(backend);
    });
    after(async () => {
      await pair?.close();
    });

    test('Location PUT creates (201) with identifiers from the URL, shows in the Sender list and reaches the eMSP through the outbox', async () => {
      const created = await admin(pair.cpo, 'PUT', '/locations/NL/CPO/LOC1', { body: locationBody('LOC1') });
      assert.equal(created.status, 201);
      assert.equal(created.json.id, 'LOC1');
      assert.equal(created.json.country_code, 'NL');
      assert.match(created.json.last_updated, /^\d{4}-\d\d-\d\dT/);
      assert.ok(created.json.evses.every((e: any) => e.last_updated && e.connectors.every((c: any) => c.last_updated)));

      const again = await admin(pair.cpo, 'PUT', '/locations/nl/cpo/loc1', { body: locationBody('LOC1') });
      assert.equal(again.status, 200, 'replaced (ids are CiStrings)');
      assert.equal(again.json.last_updated, created.json.last_updated, 'the same content is no change (PIT-08)');

      assert.equal((await admin(pair.cpo, 'GET', '/locations/NL/CPO/LOC1')).json.name, 'Location LOC1');
      assert.ok((await senderList()).some((l) => l.id === 'LOC1'), 'the OCPI Sender list serves it');
      await waitFor('the eMSP received LOC1', async () => (await atEmsp('LOC1'))?.name === 'Location LOC1');

      const rows = await admin(pair.cpo, 'GET', `/outbox?partner_id=${pair.emspAtCpo.id}`);
      assert.ok(rows.json.items.some((r: any) => r.module === 'locations' && r.method === 'PUT' && r.path === '/NL/CPO/LOC1'));
    });

    test('EVSE and Connector level: PATCH an EVSE, PUT an EVSE, PUT/PATCH/DELETE a Connector — each reaches the eMSP', async () => {
      const charging = await admin(pair.cpo, 'PATCH', '/locations/NL/CPO/LOC1/LOC1-1', { body: { status: 'CHARGING' } });
      assert.equal(charging.status, 200);
      assert.equal(charging.json.status, 'CHARGING');
      await waitFor('the eMSP sees CHARGING', async () => (await atEmsp('LOC1'))?.evses?.find((e) => e.uid === 'LOC1-1')?.status === 'CHARGING');

      const { uid: _uid, last_updated: _lu, ...newEvse } = evse('NEW', at(0), { evse_id: 'NL*CPO*ENEW' });
      const put = await admin(pair.cpo, 'PUT', '/locations/NL/CPO/LOC1/NEW', { body: newEvse });
      assert.equal(put.status, 201);
      assert.equal(put.json.uid, 'NEW');
      assert.equal((await admin(pair.cpo, 'GET', '/locations/NL/CPO/LOC1/NEW')).json.evse_id, 'NL*CPO*ENEW');

      const { id: _id, last_updated: _clu, ...third } = connector('3', at(0), { max_amperage: 32 });
      assert.equal((await admin(pair.cpo, 'PUT', '/locations/NL/CPO/LOC1/NEW/3', { body: third })).status, 201);
      const patched = await admin(pair.cpo, 'PATCH', '/locations/NL/CPO/LOC1/NEW/3', { body: { max_amperage: 16 } });
      assert.equal(patched.json.max_amperage, 16);
      assert.equal((await admin(pair.cpo, 'GET', '/locations/NL/CPO/LOC1/NEW/3')).json.max_amperage, 16);
      await waitFor('the eMSP has connector 3 at 16 A', async () =>
        (await atEmsp('LOC1'))?.evses?.find((e) => e.uid === 'NEW')?.connectors.find((c) => c.id === '3')?.max_amperage === 16,
      );

      const removed = await admin(pair.cpo, 'DELETE', '/locations/NL/CPO/LOC1/NEW/3');
      assert.equal(removed.status, 200);
      assert.deepEqual(removed.json.connectors.map((c: any) => c.id), ['1', '2'], 'answers the EVSE as it is now');
      assert.equal((await admin(pair.cpo, 'GET', '/locations/NL/CPO/LOC1/NEW/3')).status, 404);
      await waitFor('the eMSP no longer has connector 3', async () => {
        const connectors = (await atEmsp('LOC1'))?.evses?.find((e) => e.uid === 'NEW')?.connectors ?? [];
        return connectors.length === 2;
      });

      const gone = await admin(pair.cpo, 'DELETE', '/locations/NL/CPO/LOC1/NEW');
      assert.equal(gone.json.status, 'REMOVED', 'an EVSE is removed the OCPI way (LOC-11)');
      await waitFor('the eMSP sees the EVSE REMOVED', async () => (await atEmsp('LOC1'))?.evses?.find((e) => e.uid === 'NEW')?.status === 'REMOVED');
    });

    test('Location DELETE sets every EVSE REMOVED: it leaves the Sender list, the eMSP sees REMOVED', async () => {
      assert.equal((await admin(pair.cpo, 'PUT', '/locations/NL/CPO/LOC2', { body: locationBody('LOC2') })).status, 201);
      const removed = await admin(pair.cpo, 'DELETE', '/locations/NL/CPO/LOC2');
      assert.equal(removed.status, 200);
      assert.ok(removed.json.evses.every((e: any) => e.status === 'REMOVED'));
      assert.equal((await senderList()).some((l) => l.id === 'LOC2'), false, 'no valid EVSE: not in the Sender list (LOC-01)');
      await waitFor('the eMSP sees LOC2 removed', async () => {
        const evses = (await atEmsp('LOC2'))?.evses ?? [];
        return evses.length === 2 && evses.every((e) => e.status === 'REMOVED');
      });
      assert.equal((await admin(pair.cpo, 'GET', '/locations/NL/CPO/LOC2')).status, 200, 'the operator still sees it');
    });

    test('Location list: pagination and date filters with X-Total-Count and Link, as OCPI lists', async () => {
      for (const [id, minute] of [['PG1', 0], ['PG2', 1], ['PG3', 2]] as const) {
        const body = { ...locationBody(id), last_updated: `2030-01-01T00:0${minute}:00Z` };
        assert.equal((await admin(pair.cpo, 'PUT', `/locations/NL/CPO/${id}`, { body })).status, 201);
      }
      const first = await admin(pair.cpo, 'GET', '/locations?date_from=2030-01-01T00:00:00Z&limit=2');
      assert.equal(first.status, 200);
      assert.deepEqual({ total: first.json.total, offset: first.json.offset, limit: first.json.limit }, { total: 3, offset: 0, limit: 2 });
      assert.deepEqual(first.json.items.map((l: any) => l.id), ['PG1', 'PG2']);
      assert.equal(first.headers.get('x-total-count'), '3');
      const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
      assert.ok(next?.startsWith(`${pair.cpo.baseUrl}/admin/v1/locations?`), next);
      const second = await admin(pair.cpo, 'GET', next!.slice(pair.cpo.baseUrl.length));
      assert.deepEqual(second.json.items.map((l: any) => l.id), ['PG3']);
      assert.equal(second.headers.get('link'), null);

      const window = await admin(pair.cpo, 'GET', '/locations?date_from=2030-01-01T00:00:00Z&date_to=2030-01-01T00:02:00Z');
      assert.deepEqual(window.json.items.map((l: any) => l.id), ['PG1', 'PG2'], 'date_to is exclusive');
      const all = await admin(pair.cpo, 'GET', '/locations');
      assert.ok(all.json.items.some((l: any) => l.id === 'LOC2'), 'the operator list holds removed Locations too');
    });

    test('Tariffs: PUT (201, then 200), GET, list, DELETE (204) — PUT and DELETE reach the eMSP', async () => {
      const received = () => pair.emsp.node.services.tariffs!.emsp!.options.store.get(false, { countryCode: 'NL', partyId: 'CPO', id: 'T1' });
      const created = await admin(pair.cpo, 'PUT', '/tariffs/NL/CPO/T1', { body: tariffBody() });
      assert.equal(created.status, 201);
      assert.equal(created.json.id, 'T1');
      assert.equal((await admin(pair.cpo, 'PUT', '/tariffs/NL/CPO/T1', { body: tariffBody({ currency: 'USD' }) })).status, 200);
      assert.equal((await admin(pair.cpo, 'GET', '/tariffs/NL/CPO/T1')).json.currency, 'USD');
      assert.deepEqual((await admin(pair.cpo, 'GET', '/tariffs')).json.items.map((t: any) => t.id), ['T1']);
      await waitFor('the eMSP has T1 in USD', async () => (await received())?.object.currency === 'USD');

      assert.equal((await admin(pair.cpo, 'DELETE', '/tariffs/NL/CPO/T1')).status, 204);
      assert.equal((await admin(pair.cpo, 'GET', '/tariffs/NL/CPO/T1')).status, 404);
      assert.equal((await admin(pair.cpo, 'DELETE', '/tariffs/NL/CPO/T1')).status, 404);
      await waitFor('the eMSP deleted T1', async () => (await received()) === undefined);
    });

    test('invalid input is 400 naming the field (the modules\' own validation), unknown objects 404 — never 5xx', async () => {
      const tooLong = 'X'.repeat(37);
      const cases: Array<[string, string, { body?: unknown; rawBody?: string }, number, string | undefined]> = [
        ['PUT', '/locations/NL/CPO/BAD1', { body: { ...locationBody('BAD1'), evses: [{ ...evse(tooLong, at(0)) }] } }, 400, 'evses[0].uid'],
        ['PUT', '/locations/NL/CPO/BAD1', { body: { ...locationBody('BAD1'), coordinates: { latitude: 'north', longitude: '5.1' } } }, 400, 'coordinates.latitude'],
        ['PUT', '/locations/NL/CPO/BAD1', { body: { ...locationBody('BAD1'), country_code: 'DE' } }, 400, 'country_code'],
        ['PUT', '/locations/NL/CPO/BAD1', { body: { ...locationBody('BAD1'), id: 'OTHER' } }, 400, 'id'],
        ['PUT', '/locations/DE/XYZ/BAD1', { body: locationBody('BAD1') }, 400, 'country_code/party_id'],
        ['PUT', `/locations/NL/CPO/${tooLong}`, { body: locationBody('BAD1') }, 400, 'location_id'],
        ['PUT', '/locations/NL/CPO/BAD1', { body: [locationBody('BAD1')] }, 400, undefined],
        ['PUT', '/locations/NL/CPO/BAD1', { rawBody: '{"name": ' }, 400, undefined],
        ['PUT', '/locations/NL/CPO/BAD1', { rawBody: '' }, 400, undefined],
        ['PATCH', '/locations/NL/CPO/LOC1', { body: { id: 'LOC9' } }, 400, 'id'],
        ['PATCH', '/locations/NL/CPO/LOC1', { body: { time_zone: 42 } }, 400, 'time_zone'],
        ['PATCH', '/locations/NL/CPO/LOC1/LOC1-1', { body: { status: 'BROKEN' } }, 400, 'status'],
        ['PATCH', '/locations/NL/CPO/LOC1/LOC1-1/1', { body: { max_voltage: 'high' } }, 400, 'max_voltage'],
        ['DELETE', '/locations/NL/CPO/PG1/PG1-1/1', {}, 200, undefined],
        ['DELETE', '/locations/NL/CPO/PG1/PG1-1/2', {}, 400, 'connectors'],
        ['GET', '/locations?limit=abc', {}, 400, 'limit'],
        ['GET', '/locations?limit=0', {}, 400, 'limit'],
        ['GET', '/locations?offset=-1', {}, 400, 'offset'],
        ['GET', '/locations?date_from=yesterday', {}, 400, 'date_from'],
        ['PUT', '/tariffs/NL/CPO/T2', { body: tariffBody({ currency: 'EURO' }) }, 400, 'currency'],
        ['PUT', '/tariffs/NL/CPO/T2', { body: tariffBody({ elements: [] }) }, 400, 'elements'],
        ['GET', '/sessions?scope=everything', {}, 400, 'scope'],
        ['GET', '/locations/NL/CPO/NOPE', {}, 404, undefined],
        ['PATCH', '/locations/NL/CPO/NOPE', { body: { name: 'x' } }, 404, undefined],
        ['PUT', '/locations/NL/CPO/NOPE/E1', { body: evse('E1', at(0)) }, 404, undefined],
        ['PATCH', '/locations/NL/CPO/LOC1/NOPE', { body: { status: 'AVAILABLE' } }, 404, undefined],
        ['GET', '/tariffs/NL/CPO/NOPE', {}, 404, undefined],
      ];
      for (const [method, path, request, status, field] of cases) {
        const answer = await admin(pair.cpo, method, path, request);
        assert.equal(answer.status, status, `${method} ${path}: ${answer.text}`);
        if (status >= 400) {
          assert.equal(typeof answer.json.message, 'string', `${method} ${path}`);
          assert.equal(answer.json.field, field, `${method} ${path}: ${answer.json.message}`);
          if (field !== undefined) assert.ok(answer.json.message.includes(field.split('/')[0]!), answer.json.message);
        }
      }
      assert.equal((await admin(pair.cpo, 'GET', '/locations/NL/CPO/BAD1')).status, 404, 'nothing invalid was stored');
    });

    test('malformed shapes anywhere in a Location, EVSE or Connector are 400 naming the field, never 5xx', async () => {
      const shapes: unknown[] = ['x', 1, true, { a: 1 }, [null], [1], ['x'], [{ uid: 'E', connectors: 'x' }], [{ uid: 'E', connectors: [null] }]];
      for (const shape of shapes) {
        const requests: Array<[string, string, unknown]> = [
          ['PUT', '/locations/NL/CPO/SHAPE', { ...locationBody('SHAPE'), evses: shape }],
          ['PATCH', '/locations/NL/CPO/LOC1', { evses: shape }],
          ['PUT', '/locations/NL/CPO/LOC1/SHAPE', { ...evse('SHAPE', at(0)), connectors: shape }],
          ['PATCH', '/locations/NL/CPO/LOC1/LOC1-1', { connectors: shape }],
          ['PATCH', '/locations/NL/CPO/LOC1/LOC1-1', { last_updated: shape }],
          ['PATCH', '/locations/NL/CPO/LOC1/LOC1-1/1', { standard: shape }],
          ['PUT', '/tariffs/NL/CPO/SHAPE', { ...tariffBody(), elements: shape }],
        ];
        for (const [method, path, body] of requests) {
          const answer = await admin(pair.cpo, method, path, { body });
          assert.equal(answer.status, 400, `${method} ${path} ${JSON.stringify(body)}: ${answer.text}`);
          assert.ok(answer.json.field, `${method} ${path} ${JSON.stringify(shape)}: ${answer.json.message}`);
        }
      }
    });

    test('Sessions and CDRs: the CPO lists its own with date filters and pages, the eMSP those it received', async () => {
      const sessions = pair.cpo.node.services.sessions!.cpo!;
      await sessions.own.put(session('S1', { last_updated: '2024-05-01T10:00:00Z' }));
      await sessions.own.put(session('S2', { last_updated: '2024-05-02T10:00:00Z' }));
      const all = await admin(pair.cpo, 'GET', '/sessions');
      assert.equal(all.json.total, 2);
      assert.deepEqual(all.json.items.map((s: any) => s.id), ['S1', 'S2']);
      assert.deepEqual((await admin(pair.cpo, 'GET', '/sessions?date_from=2024-05-02T00:00:00Z')).json.items.map((s: any) => s.id), ['S2']);
      assert.deepEqual((await admin(pair.cpo, 'GET', '/sessions?date_to=2024-05-02T00:00:00Z')).json.items.map((s: any) => s.id), ['S1']);
      const page = await admin(pair.cpo, 'GET', '/sessions?limit=1');
      assert.match(page.headers.get('link') ?? '', /offset=1&limit=1/);
      assert.equal((await admin(pair.cpo, 'GET', '/sessions/NL/CPO/S1')).json.kwh, 0);
      assert.equal((await admin(pair.cpo, 'GET', '/sessions/NL/CPO/NOPE')).status, 404);

      await waitFor('the eMSP received both sessions', async () => (await admin(pair.emsp, 'GET', '/sessions')).json.total === 2);
      assert.equal((await admin(pair.emsp, 'GET', '/sessions/NL/CPO/S2')).json.id, 'S2');
      assert.equal((await admin(pair.emsp, 'GET', `/sessions?partner_id=${pair.cpoAtEmsp.id}`)).json.total, 2);
      assert.equal((await admin(pair.emsp, 'GET', '/sessions?partner_id=someone-else')).json.total, 0);

      await pair.cpo.node.services.cdrs!.cpo!.create(cdr('C1'));
      const cdrs = await admin(pair.cpo, 'GET', '/cdrs');
      assert.deepEqual(cdrs.json.items.map((c: any) => c.id), ['C1']);
      assert.equal((await admin(pair.cpo, 'GET', '/cdrs/NL/CPO/C1')).json.total_energy, 10);
      await waitFor('the eMSP received the CDR', async () => (await admin(pair.emsp, 'GET', '/cdrs/NL/CPO/C1')).status === 200);
      assert.equal((await admin(pair.emsp, 'GET', '/cdrs?date_from=2024-05-01T00:00:00Z')).json.total, 1);
    });
  });
}
