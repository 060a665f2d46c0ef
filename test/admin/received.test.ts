/**
 * The operator reads what partners sent: an eMSP the Locations and Tariffs its CPO partner pushed
 * (LOC-14: narrowed to what one own Token's owner may be shown), a CPO the Tokens its eMSP partner
 * pushed. Real nodes, pushes through the outbox.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends } from '../helpers/backends.js';
import { at, location } from '../locations/fixtures.js';
import { admin, startOperatorPair, waitFor } from './helpers.js';
import type { OperatorPair } from './helpers.js';

const tokenBody = { contract_id: 'DE-MSP-C0001', issuer: 'Test eMSP', valid: true, whitelist: 'ALLOWED' };
const ids = (answer: { json: any }) => answer.json.items.map((o: any) => o.id);

for (const backend of backends) {
  describe(`operator API: received objects (${backend.name})`, { skip: backend.skip }, () => {
    let pair: OperatorPair;

    before(async () => {
      pair = await startOperatorPair(backend);
      const put = async (id: string, extra: Record<string, unknown>) => {
        const { country_code: _cc, party_id: _pid, id: _id, ...body } = location(id, at(0), extra);
        assert.equal((await admin(pair.cpo, 'PUT', `/locations/NL/CPO/${id}`, { body })).status, 201);
      };
      await put('PUB', {});
      // The spec's uc5: a home charge point shown only to its owner's token.
      await put('HOME', { publish: false, publish_allowed_to: [{ uid: 'driver1', type: 'RFID' }] });
      await put('DEPOT', { publish: false, publish_allowed_to: [{ group_id: 'FLEET' }] });
      const tariff = { currency: 'EUR', type: 'REGULAR', elements: [{ price_components: [{ type: 'ENERGY', price: 0.25, vat: 21, step_size: 1 }] }] };
      assert.equal((await admin(pair.cpo, 'PUT', '/tariffs/NL/CPO/T1', { body: tariff })).status, 201);
      for (const uid of ['DRIVER1', 'OTHER1']) assert.equal((await admin(pair.emsp, 'PUT', `/tokens/DE/MSP/${uid}`, { body: tokenBody })).status, 201);
      await waitFor('the eMSP received 3 Locations and the Tariff', async () => {
        const [locations, tariffs] = await Promise.all([admin(pair.emsp, 'GET', '/received/locations'), admin(pair.emsp, 'GET', '/received/tariffs')]);
        return locations.json?.total === 3 && tariffs.json?.total === 1;
      });
    });
    after(async () => {
      await pair?.close();
    });

    test('an eMSP reads received Locations and Tariffs: list, one, partner_id; 404 for an unknown one', async () => {
      const list = await admin(pair.emsp, 'GET', '/received/locations');
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(ids(list), ['PUB', 'HOME', 'DEPOT']);
      assert.equal(list.headers.get('x-total-count'), '3');
      assert.equal((await admin(pair.emsp, 'GET', `/received/locations?partner_id=${pair.cpoAtEmsp.id}`)).json.total, 3);
      assert.equal((await admin(pair.emsp, 'GET', '/received/locations?partner_id=someone-else')).json.total, 0);
      const home = await admin(pair.emsp, 'GET', '/received/locations/nl/cpo/home');
      assert.equal(home.status, 200, home.text);
      assert.equal(home.json.publish, false);
      assert.equal((await admin(pair.emsp, 'GET', '/received/locations/NL/CPO/NOPE')).status, 404);

      const tariffs = await admin(pair.emsp, 'GET', '/received/tariffs');
      assert.deepEqual(ids(tariffs), ['T1']);
      assert.equal((await admin(pair.emsp, 'GET', '/received/tariffs/NL/CPO/T1')).json.currency, 'EUR');
      assert.equal((await admin(pair.emsp, 'GET', '/received/tokens')).status, 404, 'an eMSP receives no Tokens');
    });

    test('LOC-14: a publish=false Location is hidden from a token publish_allowed_to does not name, shown to one it names', async () => {
      const other = await admin(pair.emsp, 'GET', '/received/locations?token_uid=OTHER1');
      assert.equal(other.status, 200, other.text);
      assert.deepEqual(ids(other), ['PUB']);
      assert.equal(other.headers.get('x-total-count'), '1');
      assert.equal((await admin(pair.emsp, 'GET', '/received/locations/NL/CPO/HOME?token_uid=OTHER1')).status, 404);

      // uid is a CiString: the allowed 'driver1' names own Token DRIVER1 (type RFID, the default).
      const driver = await admin(pair.emsp, 'GET', '/received/locations?token_uid=DRIVER1&token_type=RFID');
      assert.deepEqual(ids(driver), ['PUB', 'HOME']);
      assert.equal((await admin(pair.emsp, 'GET', '/received/locations/NL/CPO/HOME?token_uid=DRIVER1')).status, 200);
      assert.equal((await admin(pair.emsp, 'GET', '/received/locations/NL/CPO/DEPOT?token_uid=DRIVER1')).status, 404);

      // Filtered in SQL: the page, its total and the next link are those of the token's list.
      const first = await admin(pair.emsp, 'GET', '/received/locations?token_uid=DRIVER1&limit=1');
      assert.deepEqual(ids(first), ['PUB']);
      assert.equal(first.headers.get('x-total-count'), '2');
      const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
      assert.ok(next?.includes('token_uid=DRIVER1'), next);
      const url = new URL(next!);
      assert.deepEqual(ids(await admin(pair.emsp, 'GET', `${url.pathname}${url.search}`)), ['HOME']);
    });

    test('LOC-14: token_uid must name an own Token (400 naming the field)', async () => {
      const unknown = await admin(pair.emsp, 'GET', '/received/locations?token_uid=NOPE');
      assert.equal(unknown.status, 400);
      assert.equal(unknown.json.field, 'token_uid');
      assert.equal((await admin(pair.emsp, 'GET', '/received/locations?token_uid=DRIVER1&token_type=APP_USER')).status, 400, 'TOK-02: another type is another token');
      const typeAlone = await admin(pair.emsp, 'GET', '/received/locations/NL/CPO/PUB?token_type=RFID');
      assert.equal(typeAlone.status, 400);
      assert.equal(typeAlone.json.field, 'token_type');
    });

    test('a CPO reads the Tokens its eMSP partner pushed, by uid and ?type=', async () => {
      await waitFor('the CPO received both Tokens', async () => (await admin(pair.cpo, 'GET', '/received/tokens')).json?.total === 2);
      const list = await admin(pair.cpo, 'GET', `/received/tokens?partner_id=${pair.emspAtCpo.id}`);
      assert.deepEqual(
        list.json.items.map((t: any) => `${t.uid}/${t.type}`),
        ['DRIVER1/RFID', 'OTHER1/RFID'],
      );
      const one = await admin(pair.cpo, 'GET', '/received/tokens/DE/MSP/driver1?type=RFID');
      assert.equal(one.status, 200, one.text);
      assert.equal(one.json.uid, 'DRIVER1');
      assert.equal((await admin(pair.cpo, 'GET', '/received/tokens/DE/MSP/DRIVER1?type=APP_USER')).status, 404, 'TOK-02');
      assert.equal((await admin(pair.cpo, 'GET', '/received/locations')).status, 404, 'a CPO receives no Locations');
    });

    test('the OpenAPI documents the received routes with their schemas', async () => {
      const emspDoc = (await admin(pair.emsp, 'GET', '/openapi.json', { authorization: null })).json;
      const list = emspDoc.paths['/admin/v1/received/locations'].get;
      assert.ok(list.parameters.some((p: any) => p.name === 'token_uid'));
      assert.ok(list.responses['200'].content['application/json'].schema.properties.items.items.properties.publish_allowed_to);
      assert.ok(emspDoc.paths['/admin/v1/received/locations/{country_code}/{party_id}/{id}'].get);
      assert.ok(emspDoc.paths['/admin/v1/received/tariffs/{country_code}/{party_id}/{id}'].get);
      assert.ok(emspDoc.paths['/admin/v1/received/sessions'].get);
      const cpoDoc = (await admin(pair.cpo, 'GET', '/openapi.json', { authorization: null })).json;
      assert.ok(cpoDoc.paths['/admin/v1/received/tokens/{country_code}/{party_id}/{id}'].get.parameters.some((p: any) => p.name === 'type'));
    });
  });
}
