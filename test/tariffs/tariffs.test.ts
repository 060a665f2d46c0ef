/**
 * Tariffs for both roles over real HTTP: the CPO's own tariffs (library API, change events on
 * PUT/DELETE) crawled by the eMSP through the paginated Sender list (TAR-01, PAG-*), and pushed to
 * the eMSP's Receiver (TAR-02..TAR-04, ST-05, T-29, T-30), with invalid input refused (2001 naming
 * the field).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { defaultConfig } from '../../src/config/load.js';
import { tariffStore } from '../../src/modules/tariffs/index.js';
import type { OwnTariffs, TariffChange } from '../../src/modules/tariffs/index.js';
import { Tariff as TariffSchema } from '../../src/modules/tariffs/schema.js';
import type { Tariff } from '../../src/modules/tariffs/schema.js';
import type { ClientOwnedObjects } from '../../src/modules/shared/index.js';
import { backends } from '../helpers/backends.js';
import { ocpiFetch } from '../helpers/nodes.js';
import { startPair } from '../shared/pair.js';
import type { Pair } from '../shared/pair.js';
import { at } from '../locations/fixtures.js';

function tariff(id: string, lastUpdated: string, extra: Partial<Tariff> = {}, owner = { country_code: 'NL', party_id: 'CPO' }): Tariff {
  return {
    ...owner,
    id,
    currency: 'EUR',
    type: 'REGULAR',
    tariff_alt_text: [{ language: 'en', text: '0.25 EUR/kWh' }],
    elements: [
      { price_components: [{ type: 'ENERGY', price: 0.25, vat: 21, step_size: 1 }] },
      { price_components: [{ type: 'PARKING_TIME', price: 2, step_size: 60 }], restrictions: { start_time: '08:00', end_time: '20:00', day_of_week: ['MONDAY', 'FRIDAY'] } },
    ],
    last_updated: lastUpdated,
    ...extra,
  };
}

const COUNT = 130;

for (const backend of backends) {
  describe(`Tariffs (${backend.name})`, { skip: backend.skip }, () => {
    let pair: Pair;
    let own: OwnTariffs;
    let received: ClientOwnedObjects<Tariff>;
    let senderUrl: string;
    let receiverUrl: string;
    const changes: TariffChange[] = [];

    before(async () => {
      pair = await startPair(backend, { cpoConfig: { limits: { ...defaultConfig.limits, pageLimit: 25 } } });
      own = pair.cpo.node.services.tariffs!.cpo!;
      received = pair.emsp.node.services.tariffs!.emsp!;
      own.onChange((c) => void changes.push(c));
      for (let i = 0; i < COUNT; i++) await own.put(tariff(`T${String(i).padStart(3, '0')}`, at(i)));
      senderUrl = pair.emspToCpo.endpoint('tariffs', 'SENDER');
      receiverUrl = pair.cpoToEmsp.endpoint('tariffs', 'RECEIVER');
    });
    after(async () => pair?.close());

    const getStored = (cc: string, pid: string, id: string) =>
      tariffStore(pair.emsp.node.context).get(false, { countryCode: cc, partyId: pid, id });

    test('TAR-01/PAG-*: the eMSP crawls every tariff through Link, oldest first; date filters inclusive/exclusive', async () => {
      const listing = pair.emspToCpo.client.list('tariffs', senderUrl, { schema: TariffSchema });
      const ids: string[] = [];
      for await (const t of listing) ids.push(t.id);
      assert.deepEqual(ids, Array.from({ length: COUNT }, (_, i) => `T${String(i).padStart(3, '0')}`));
      assert.equal(listing.progress.pages, Math.ceil(COUNT / 25));
      assert.equal(listing.progress.limit, 25);

      const window = pair.emspToCpo.client.list<typeof TariffSchema>('tariffs', senderUrl, { dateFrom: at(10), dateTo: at(20) });
      const inWindow: string[] = [];
      for await (const t of window) inWindow.push(t.id);
      assert.deepEqual(inWindow, Array.from({ length: 10 }, (_, i) => `T${String(10 + i).padStart(3, '0')}`));
    });

    test('TAR-05: own-tariff changes become PUT/DELETE events; the same content again emits nothing (PIT-08)', async () => {
      changes.length = 0;
      const { last_updated: _drop, ...input } = tariff('T000', at(0));
      await own.put(input);
      assert.equal(changes.length, 0, 'unchanged content');
      await own.put({ ...input, currency: 'CHF' });
      await own.delete('nl', 'cpo', 't000');
      assert.deepEqual(changes.map((c) => `${c.method} ${c.path} ${c.tariff.currency}`), ['PUT /NL/CPO/T000 CHF', 'DELETE /NL/CPO/T000 CHF']);
      assert.equal(await own.get('NL', 'CPO', 'T000'), undefined);
      await assert.rejects(own.put({ ...tariff('X1', at(0)), currency: 'EURO' }), /currency/);
      await assert.rejects(own.put(tariff('X1', at(0), {}, { country_code: 'BE', party_id: 'CPO' })), /not an own CPO party/);
    });

    test('TAR-02/03/ST-05: pushing the events: PUT creates (201), replaces (200); GET returns it; DELETE removes (TAR-04)', async () => {
      const client = pair.cpoToEmsp.client;
      const t = (await own.get('NL', 'CPO', 'T001'))!;
      const created = await client.put('tariffs', `${receiverUrl}/NL/CPO/T001`, t);
      assert.equal(created.httpStatus, 201);
      const replaced = await client.put('tariffs', `${receiverUrl}/NL/CPO/t001`, { ...t, currency: 'CHF' });
      assert.equal(replaced.httpStatus, 200);
      const got = await client.get('tariffs', `${receiverUrl}/NL/CPO/T001`, { schema: TariffSchema });
      assert.equal(got.envelope.data?.currency, 'CHF');
      assert.equal(got.headers.get('ocpi-from-party-id'), 'MSP');
      const deleted = await client.delete('tariffs', `${receiverUrl}/NL/CPO/T001`);
      assert.equal(deleted.httpStatus, 200);
      assert.equal(deleted.envelope.data, undefined, 'T-19: no data');
      const gone = await ocpiFetch(`${receiverUrl}/NL/CPO/T001`, pair.cpoToEmsp.token);
      assert.equal(gone.status, 404);
      const deleteAgain = await ocpiFetch(`${receiverUrl}/NL/CPO/T001`, pair.cpoToEmsp.token, { method: 'DELETE' });
      assert.equal(deleteAgain.status, 404);
    });

    test('TAR-02: POST and PATCH are not offered (405)', async () => {
      for (const method of ['POST', 'PATCH']) {
        const answer = await ocpiFetch(`${receiverUrl}/NL/CPO/T002`, pair.cpoToEmsp.token, { method, body: { last_updated: at(0) } });
        assert.equal(answer.status, 405, method);
      }
    });

    test('T-29/T-30: a foreign party is 404 + 2001; URL/body mismatch 2001 naming the field; nothing stored', async () => {
      const foreign = await ocpiFetch(`${receiverUrl}/FR/OTH/T9`, pair.cpoToEmsp.token, {
        method: 'PUT',
        body: tariff('T9', at(0), {}, { country_code: 'FR', party_id: 'OTH' }),
      });
      assert.equal(foreign.status, 404);
      assert.equal(foreign.json.status_code, 2001);
      for (const [body, field] of [
        [tariff('T8', at(0)), 'id'],
        [tariff('T9', at(0), {}, { country_code: 'BE', party_id: 'CPO' }), 'country_code'],
        [tariff('T9', at(0), {}, { country_code: 'NL', party_id: 'XXX' }), 'party_id'],
      ] as const) {
        const answer = await ocpiFetch(`${receiverUrl}/NL/CPO/T9`, pair.cpoToEmsp.token, { method: 'PUT', body });
        assert.equal(answer.status, 200);
        assert.equal(answer.json.status_code, 2001);
        assert.match(answer.json.status_message, new RegExp(`^${field}:`));
      }
      assert.equal(await getStored('FR', 'OTH', 'T9'), undefined);
      assert.equal(await getStored('NL', 'CPO', 'T9'), undefined);
      assert.equal(await getStored('NL', 'CPO', 'T8'), undefined);
    });

    test('invalid tariffs → 2001 naming the field, never 5xx, nothing stored', async () => {
      const cases: Array<[string, (t: any) => void, string]> = [
        ['over-long currency', (t) => (t.currency = 'EURO'), 'currency'],
        ['unknown tariff type', (t) => (t.type = 'CHEAP'), 'type'],
        ['unknown dimension', (t) => (t.elements[0].price_components[0].type = 'DISTANCE'), 'elements[0].price_components[0].type'],
        ['unknown weekday', (t) => (t.elements[1].restrictions.day_of_week = ['FUNDAY']), 'elements[1].restrictions.day_of_week[0]'],
        ['bad time of day', (t) => (t.elements[1].restrictions.start_time = '25:00'), 'elements[1].restrictions.start_time'],
        ['no elements (+)', (t) => (t.elements = []), 'elements'],
        ['missing step_size', (t) => delete t.elements[0].price_components[0].step_size, 'elements[0].price_components[0].step_size'],
        ['bad DateTime', (t) => (t.last_updated = '2024-03-01 08:00'), 'last_updated'],
        ['missing last_updated (PIT-22)', (t) => delete t.last_updated, 'last_updated'],
        ['over-long alt text language', (t) => (t.tariff_alt_text[0].language = 'eng'), 'tariff_alt_text[0].language'],
      ];
      for (const [what, mutate, field] of cases) {
        const body: any = tariff('BAD', at(0));
        mutate(body);
        const answer = await ocpiFetch(`${receiverUrl}/NL/CPO/BAD`, pair.cpoToEmsp.token, { method: 'PUT', body });
        assert.equal(answer.status, 200, what);
        assert.equal(answer.json.status_code, 2001, what);
        const escaped = field.replace(/[[\].]/g, (c) => `\\${c}`);
        assert.match(answer.json.status_message, new RegExp(`(^|: )${escaped}: `), what);
      }
      assert.equal(await getStored('NL', 'CPO', 'BAD'), undefined);
      assert.equal(received.options.name, 'Tariff');
    });

    test('received tariff changes are emitted for the eMSP’s consumers', async () => {
      const seen: string[] = [];
      const off = received.changes.on((c) => void seen.push(`${c.method} ${c.object.id}`));
      const t = tariff('E1', at(0));
      await pair.cpoToEmsp.client.put('tariffs', `${receiverUrl}/NL/CPO/E1`, t);
      await pair.cpoToEmsp.client.put('tariffs', `${receiverUrl}/NL/CPO/E1`, t);
      await pair.cpoToEmsp.client.delete('tariffs', `${receiverUrl}/NL/CPO/E1`);
      off();
      assert.deepEqual(seen, ['PUT E1', 'DELETE E1']);
    });
  });
}
