/**
 * Who may use the operator API and what a node serves of it: the admin credential (Bearer, compared
 * in constant time), nothing at all without a configured token, only the routes of the roles the
 * node plays, and every operator route in the OpenAPI document.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { constantTimeEqual } from '../../src/http/admin-auth.js';
import { backends } from '../helpers/backends.js';
import { CPO_PARTY, EMSP_PARTY, startNode } from '../helpers/nodes.js';
import type { TestNode } from '../helpers/nodes.js';
import { admin, ADMIN_TOKEN, startAdminNode } from './helpers.js';

for (const backend of backends) {
  describe(`operator API access (${backend.name})`, { skip: backend.skip }, () => {
    let cpo: TestNode;
    let emsp: TestNode;
    let plain: TestNode;
    const plainLog: string[] = [];

    before(async () => {
      cpo = await startAdminNode(backend, [CPO_PARTY]);
      emsp = await startAdminNode(backend, [EMSP_PARTY]);
      const logger = pino({ level: 'info' }, { write: (line: string) => void plainLog.push(line) });
      plain = await startNode(backend, { parties: [CPO_PARTY, EMSP_PARTY], node: { logger } });
    });
    after(async () => {
      await cpo?.close();
      await emsp?.close();
      await plain?.close();
    });

    test('the admin credential is required: none or a wrong one is 401 with an error body, the right one is served', async () => {
      for (const authorization of [null, 'Bearer wrong', `Bearer ${ADMIN_TOKEN}x`, `Bearer ${ADMIN_TOKEN.slice(0, -1)}`, `Token ${ADMIN_TOKEN}`, ADMIN_TOKEN, 'Bearer ']) {
        const answer = await admin(cpo, 'GET', '/partners', { authorization });
        assert.equal(answer.status, 401, `${authorization}`);
        assert.equal(answer.json.error, 'unauthorized');
        assert.match(answer.json.message, /operator API credential/);
        assert.match(answer.headers.get('www-authenticate') ?? '', /^Bearer /);
        assert.equal(answer.json.data, undefined, 'plain JSON, not the OCPI envelope');
      }
      const ok = await admin(cpo, 'GET', '/partners');
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.json, { items: [] });
    });

    test('the credential is refused before anything else: a bad request without it is 401, not 400 or 404', async () => {
      assert.equal((await admin(cpo, 'PUT', '/locations/NL/CPO/L1', { authorization: null, rawBody: '{nope' })).status, 401);
      assert.equal((await admin(cpo, 'GET', '/outbox/not-a-number', { authorization: 'Bearer wrong' })).status, 401);
    });

    test('secrets of any length are compared in constant time (hashed first, so lengths never throw)', () => {
      assert.equal(constantTimeEqual(`Bearer ${ADMIN_TOKEN}`, `Bearer ${ADMIN_TOKEN}`), true);
      assert.equal(constantTimeEqual('', `Bearer ${ADMIN_TOKEN}`), false);
      assert.equal(constantTimeEqual('x'.repeat(10_000), `Bearer ${ADMIN_TOKEN}`), false);
    });

    test('without a configured admin token the operator API is not served at all, not even to a guess', async () => {
      for (const authorization of [null, `Bearer ${ADMIN_TOKEN}`, 'Bearer ']) {
        const answer = await admin(plain, 'GET', '/partners', { authorization });
        assert.equal(answer.status, 404);
      }
      const doc = await admin(plain, 'GET', '/openapi.json', { authorization: null });
      assert.equal(Object.keys(doc.json.paths).some((p) => p.startsWith('/admin/')), false);
      assert.ok(
        plainLog.some((line) => JSON.parse(line).msg.startsWith('operator API not served: no admin token configured')),
        'the start log says why',
      );
      // The OCPI side is untouched.
      assert.equal((await admin(plain, 'GET', '/ocpi/versions', { authorization: null })).status, 401);
    });

    test('an unknown operator path is 404 with the error body', async () => {
      const answer = await admin(cpo, 'GET', '/nothing/here');
      assert.equal(answer.status, 404);
      assert.equal(answer.json.error, 'not_found');
    });

    test("only the roles a node plays are served: a CPO has no Tokens or commands, an eMSP no Locations or Tariffs", async () => {
      assert.equal((await admin(cpo, 'GET', '/locations')).status, 200);
      assert.equal((await admin(cpo, 'GET', '/tariffs')).status, 200);
      assert.equal((await admin(cpo, 'GET', '/tokens')).status, 404);
      assert.equal((await admin(cpo, 'POST', '/partners/x/commands/STOP_SESSION', { body: { session_id: 'S1' } })).status, 404);
      assert.equal((await admin(cpo, 'GET', '/commands/x')).status, 404);
      assert.equal((await admin(cpo, 'GET', '/chargingprofiles/x')).status, 404);
      assert.equal((await admin(cpo, 'GET', '/sessions?scope=received')).json.field, 'scope', 'a CPO has no received Sessions');

      assert.equal((await admin(emsp, 'GET', '/tokens')).status, 200);
      assert.equal((await admin(emsp, 'GET', '/locations')).status, 404);
      assert.equal((await admin(emsp, 'GET', '/tariffs')).status, 404);
      assert.equal((await admin(emsp, 'GET', '/sessions?scope=own')).json.field, 'scope', 'an eMSP has no own Sessions');
      for (const path of ['/sessions', '/cdrs', '/partners', '/outbox', '/outbox/stats']) {
        assert.equal((await admin(emsp, 'GET', path)).status, 200, path);
      }
    });

    test('the OpenAPI document lists every operator route under the tag operator with the bearer scheme', async () => {
      const doc = (await admin(cpo, 'GET', '/openapi.json', { authorization: null })).json;
      assert.deepEqual(doc.components.securitySchemes.operatorBearer, {
        type: 'http',
        scheme: 'bearer',
        description: doc.components.securitySchemes.operatorBearer.description,
      });
      assert.ok(doc.tags.some((t: any) => t.name === 'operator'));
      assert.ok(doc.paths['/ocpi/2.2.1/credentials'].post, 'the OCPI side is documented beside it');
      const operator = Object.entries(doc.paths as Record<string, Record<string, any>>).filter(([path]) => path.startsWith('/admin/v1/'));
      const operations = operator.flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
      for (const { path, method, op } of operations) {
        assert.deepEqual(op.tags, ['operator'], `${method} ${path}`);
        assert.deepEqual(op.security, [{ operatorBearer: [] }], `${method} ${path}`);
        assert.ok(op.summary, `${method} ${path} has a summary`);
        assert.ok(op.responses['401'], `${method} ${path} documents 401`);
      }
      const has = (method: string, path: string) => operations.some((o) => o.method === method && o.path === path);
      assert.ok(has('get', '/admin/v1/locations'));
      assert.ok(has('put', '/admin/v1/locations/{country_code}/{party_id}/{location_id}'));
      assert.ok(has('patch', '/admin/v1/locations/{country_code}/{party_id}/{location_id}/{evse_uid}'));
      assert.ok(has('delete', '/admin/v1/locations/{country_code}/{party_id}/{location_id}/{evse_uid}/{connector_id}'));
      assert.ok(has('put', '/admin/v1/tariffs/{country_code}/{party_id}/{tariff_id}'));
      assert.ok(has('get', '/admin/v1/sessions'));
      assert.ok(has('get', '/admin/v1/cdrs/{country_code}/{party_id}/{id}'));
      assert.ok(has('get', '/admin/v1/partners/{partner_id}/audit'));
      assert.ok(has('post', '/admin/v1/outbox/{id}/replay'));
      // A request body documented from the OCPI model: the Location's evses are the model's EVSEs.
      const put = doc.paths['/admin/v1/locations/{country_code}/{party_id}/{location_id}'].put;
      const body = put.requestBody.content['application/json'].schema;
      assert.equal(body.properties.evses.anyOf[0].items.properties.uid.maxLength, 36);
      assert.equal(body.required.includes('last_updated'), false, 'evroam sets last_updated');

      const emspDoc = (await admin(emsp, 'GET', '/openapi.json', { authorization: null })).json;
      assert.ok(emspDoc.paths['/admin/v1/partners/{partner_id}/commands/{command}'].post);
      assert.ok(emspDoc.paths['/admin/v1/tokens/{country_code}/{party_id}/{token_uid}'].patch);
      assert.ok(emspDoc.paths['/admin/v1/partners/{partner_id}/chargingprofiles/{session_id}'].put);
    });
  });
}
