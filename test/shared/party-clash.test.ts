/**
 * Two partner connections claiming the same party (T-29, CRED-15): a second CPO connection that
 * lists NL/CPO in its roles, like the first one, can neither read nor change the first one's
 * received objects while the first is registered — reads answer as unknown, writes are refused
 * with 404 + 2001 and logged naming both connections. Once the first connection is unregistered,
 * the second takes its objects over on its first write. One mechanism in the object store: shown
 * on Locations (their own Receiver) and on Sessions and Tariffs (the shared Receiver).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { partnerEndpoint } from '../../src/modules/credentials/partner.js';
import type { Partner } from '../../src/modules/credentials/partner.js';
import { ObjectStore } from '../../src/modules/shared/object-store.js';
import { backends } from '../helpers/backends.js';
import { CPO_PARTY, EMSP_PARTY, ocpiFetch, startNode } from '../helpers/nodes.js';
import type { TestNode } from '../helpers/nodes.js';
import { at, location } from '../locations/fixtures.js';
import { NO_SCHEDULE, syncOf } from '../sync/helpers.js';
import { session } from '../sessions/fixtures.js';

interface Connection {
  node: TestNode;
  /** The CPO's record of the eMSP (its token and endpoints there). */
  atCpo: Partner;
  /** The eMSP's record of this CPO connection. */
  atEmsp: Partner;
}

for (const backend of backends) {
  describe(`Two connections claiming one party (${backend.name})`, { skip: backend.skip }, () => {
    let emsp: TestNode;
    let first: Connection;
    let second: Connection;
    const warnings: Array<Record<string, unknown>> = [];

    before(async () => {
      const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line) as Record<string, unknown>) });
      emsp = await startNode(backend, { parties: [EMSP_PARTY], config: NO_SCHEDULE, node: { logger } });
      await emsp.node.context.push.close();
      first = await connect('first CPO connection');
      second = await connect('second CPO connection');
      assert.equal(second.atEmsp.status, 'REGISTERED');
    });
    after(async () => {
      await first?.node.close();
      await second?.node.close();
      await emsp?.close();
    });

    /** A CPO node with the same party as every other one (NL/CPO), registered with the eMSP. */
    async function connect(name: string): Promise<Connection> {
      const node = await startNode(backend, { parties: [CPO_PARTY] });
      await node.node.context.push.close();
      const { partner, tokenA } = await emsp.node.partners.invite(name);
      const atEmsp = await node.node.credentials.registerWith('the eMSP', emsp.node.versionsUrl, tokenA);
      return { node, atCpo: atEmsp, atEmsp: (await emsp.node.partners.get(partner.id))! };
    }

    const url = (connection: Connection, module: string, path: string) => `${partnerEndpoint(connection.atCpo, module, 'RECEIVER')!}${path}`;
    const call = (connection: Connection, module: string, path: string, method = 'GET', body?: unknown) =>
      ocpiFetch(url(connection, module, path), connection.atCpo.tokenToPartner!, { method, ...(body !== undefined ? { body } : {}) });
    const received = () => emsp.node.services.locations!.emsp!;
    /** A library read of the eMSP's received object (every connection's view). */
    const stored = (table: string, id: string) =>
      new ObjectStore<object>(emsp.node.context.db, emsp.node.context.dialect, table).get(false, { countryCode: 'NL', partyId: 'CPO', id });
    const holder = async (table: string, id: string) => (await stored(table, id))?.partnerId;
    const warned = (partnerId: string, holderPartnerId: string) =>
      warnings.some((w) => w.partnerId === partnerId && w.holderPartnerId === holderPartnerId && w.level === 40);

    test('T-29: the second connection cannot GET, PUT or PATCH the first one’s Location; reads answer as unknown (2003), writes 404 + 2001, logged', async () => {
      assert.equal((await call(first, 'locations', '/NL/CPO/LOC1', 'PUT', location('LOC1', at(0)))).status, 201);
      for (const path of ['/NL/CPO/LOC1', '/NL/CPO/LOC1/LOC1-1', '/NL/CPO/LOC1/LOC1-1/1']) {
        const read = await call(second, 'locations', path);
        assert.equal(read.status, 404, path);
        assert.equal(read.json.status_code, 2003, path);
        assert.equal(read.json.data, undefined, path);
      }
      const unknown = await call(second, 'locations', '/NL/CPO/NOT-THERE');
      assert.equal((await call(second, 'locations', '/NL/CPO/LOC1')).json.status_message, unknown.json.status_message.replace('NOT-THERE', 'LOC1'));

      const writes = [
        await call(second, 'locations', '/NL/CPO/LOC1', 'PUT', location('LOC1', at(1), { name: 'hijacked' })),
        await call(second, 'locations', '/NL/CPO/LOC1', 'PATCH', { name: 'hijacked', last_updated: at(2) }),
        await call(second, 'locations', '/NL/CPO/LOC1/LOC1-1', 'PATCH', { status: 'BLOCKED', last_updated: at(2) }),
      ];
      for (const write of writes) {
        assert.equal(write.status, 404);
        assert.equal(write.json.status_code, 2001);
        assert.match(write.json.status_message, /another partner connection/);
      }
      const kept = (await received().get('NL', 'CPO', 'LOC1'))!;
      assert.equal(kept.name, 'Location LOC1');
      assert.equal(kept.evses![0]!.status, 'AVAILABLE');
      assert.equal(kept.last_updated, at(0));
      assert.equal(await holder('locations', 'LOC1'), first.atEmsp.id);
      assert.ok(warned(second.atEmsp.id, first.atEmsp.id), 'a warning names both connections');

      // The first connection still reads and writes its own, also after the second was refused.
      assert.equal((await call(first, 'locations', '/NL/CPO/LOC1')).json.data.name, 'Location LOC1');
      assert.equal((await call(first, 'locations', '/NL/CPO/LOC1/LOC1-1', 'PATCH', { status: 'CHARGING', last_updated: at(3) })).status, 200);
      // Read twice: a cached answer (SQLite) is no more the second connection's than the first read.
      for (let i = 0; i < 2; i++) assert.equal((await call(first, 'locations', '/NL/CPO/LOC1')).status, 200);
      for (let i = 0; i < 2; i++) assert.equal((await call(second, 'locations', '/NL/CPO/LOC1')).status, 404);
    });

    test('T-29: the shared Receiver (Sessions, Tariffs) refuses the second connection the same way', async () => {
      assert.equal((await call(first, 'sessions', '/NL/CPO/S1', 'PUT', session('S1'))).status, 201);
      const read = await call(second, 'sessions', '/NL/CPO/S1');
      assert.equal(read.status, 404);
      assert.equal(read.json.status_code, 2001);
      assert.match(read.json.status_message, /^Unknown Session S1/);
      const put = await call(second, 'sessions', '/NL/CPO/S1', 'PUT', session('S1', { status: 'COMPLETED', last_updated: '2024-05-01T11:00:00Z' }));
      const patch = await call(second, 'sessions', '/NL/CPO/S1', 'PATCH', { kwh: 99, last_updated: '2024-05-01T11:00:00Z' });
      for (const write of [put, patch]) {
        assert.equal(write.status, 404);
        assert.equal(write.json.status_code, 2001);
      }
      const kept = (await stored('sessions', 'S1'))!;
      assert.equal((kept.object as { status: string }).status, 'ACTIVE');
      assert.equal(kept.partnerId, first.atEmsp.id);

      const tariff = { country_code: 'NL', party_id: 'CPO', id: 'T1', currency: 'EUR', elements: [{ price_components: [{ type: 'ENERGY', price: 0.3, step_size: 1 }] }], last_updated: at(0) };
      assert.equal((await call(second, 'tariffs', '/NL/CPO/T0', 'PUT', { ...tariff, id: 'T0' })).status, 201, 'its own objects are stored as ever');
      assert.equal((await call(first, 'tariffs', '/NL/CPO/T1', 'PUT', tariff)).status, 201);
      assert.equal((await call(second, 'tariffs', '/NL/CPO/T1')).status, 404);
      const deleted = await call(second, 'tariffs', '/NL/CPO/T1', 'DELETE');
      assert.equal(deleted.status, 404);
      assert.equal(deleted.json.status_code, 2001);
      assert.equal((await call(first, 'tariffs', '/NL/CPO/T1')).json.data.id, 'T1', 'not deleted');
    });

    test('T-29, T-31: a pull from the second connection skips the first one’s Location with a logged reason and stores the rest', async () => {
      const own = second.node.node.services.locations!.cpo!;
      await own.putLocation(location('LOC1', at(4), { name: 'Listed by the second' }));
      await own.putLocation(location('LOC2', at(4)));
      const [report] = await syncOf(emsp.node).sync(second.atEmsp.id, ['locations']);
      assert.equal(report!.status, 'ok', report!.error);
      assert.deepEqual([report!.received, report!.stored, report!.invalid, report!.foreign], [2, 1, 0, 1]);
      assert.equal((await received().get('NL', 'CPO', 'LOC1'))!.name, 'Location LOC1');
      assert.equal(await holder('locations', 'LOC1'), first.atEmsp.id);
      assert.equal(await holder('locations', 'LOC2'), second.atEmsp.id);
      const skipped = warnings.filter((w) => /another registered partner connection holds/.test(String(w.msg)));
      assert.deepEqual(skipped.map((w) => w.objectId), ['NL/CPO/LOC1']);
    });

    test('CRED-15: once the first connection is unregistered, the second takes its objects over on its first write', async () => {
      await first.node.node.credentials.unregisterWith(first.atCpo.id);
      assert.equal((await emsp.node.partners.get(first.atEmsp.id))!.status, 'UNREGISTERED');
      const put = await call(second, 'locations', '/NL/CPO/LOC1', 'PUT', location('LOC1', at(5), { name: 'Taken over' }));
      assert.equal(put.status, 200, 'replaced, not created');
      assert.equal(put.json.status_code, 1000);
      assert.equal(await holder('locations', 'LOC1'), second.atEmsp.id);
      assert.equal((await call(second, 'locations', '/NL/CPO/LOC1')).json.data.name, 'Taken over');

      // A write that changes nothing takes over as well (an idempotent retry of what is stored).
      const same = (await stored('sessions', 'S1'))!.object;
      assert.equal((await call(second, 'sessions', '/NL/CPO/S1', 'PUT', same)).status, 200);
      assert.equal(await holder('sessions', 'S1'), second.atEmsp.id);
      assert.equal((await call(second, 'sessions', '/NL/CPO/S1')).json.data.status, 'ACTIVE');
    });
  });
}
