/**
 * The eMSP's Locations Receiver fed by the CPO over real HTTP: the CPO's own-data changes become
 * change events, which are pushed (PUT/PATCH to the Receiver endpoint from the partner's
 * endpoints) and stored (LOC-05..LOC-10, ST-05); last_updated propagation (LOC-08, PIT-08); EVSE
 * merge on a Location PATCH (PIT-12).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LocationChange, OwnLocations, ReceivedLocations } from '../../src/modules/locations/index.js';
import type { EVSE, Location } from '../../src/modules/locations/schema.js';
import { backends } from '../helpers/backends.js';
import { ocpiFetch } from '../helpers/nodes.js';
import { startPair } from '../shared/pair.js';
import type { Pair } from '../shared/pair.js';
import { at, connector, evse, location } from './fixtures.js';

for (const backend of backends) {
  describe(`Locations Receiver (${backend.name})`, { skip: backend.skip }, () => {
    let pair: Pair;
    let own: OwnLocations;
    let received: ReceivedLocations;
    let url: string;
    const changes: LocationChange[] = [];

    /** What the push outbox does with a change: one request to the partner's Receiver. */
    const push = async (change: LocationChange) => {
      const target = `${url}${change.path}`;
      const client = pair.cpoToEmsp.client;
      return change.method === 'PUT' ? client.put('locations', target, change.body) : client.patch('locations', target, change.body);
    };
    const stored = async (id: string) => received.get('NL', 'CPO', id);

    before(async () => {
      pair = await startPair(backend);
      own = pair.cpo.node.services.locations!.cpo!;
      received = pair.emsp.node.services.locations!.emsp!;
      url = pair.cpoToEmsp.endpoint('locations', 'RECEIVER');
      own.onChange((change) => void changes.push(change));
    });
    after(async () => pair?.close());

    test('LOC-07/ST-05: a Location PUT creates (201), the same PUT again replaces (200); GET returns it as stored (LOC-06)', async () => {
      const l = location('L1', at(0));
      const created = await pair.cpoToEmsp.client.put('locations', `${url}/NL/CPO/L1`, l);
      assert.equal(created.httpStatus, 201);
      assert.equal(created.envelope.status_code, 1000);
      assert.equal(created.headers.get('ocpi-from-party-id'), 'MSP');
      assert.equal(created.headers.get('ocpi-to-party-id'), 'CPO');
      const replaced = await pair.cpoToEmsp.client.put('locations', `${url}/nl/cpo/l1`, { ...l, name: 'Renamed' });
      assert.equal(replaced.httpStatus, 200);
      const got = await pair.cpoToEmsp.client.get('locations', `${url}/NL/CPO/L1`);
      assert.deepEqual(got.envelope.data, { ...l, name: 'Renamed' });
      const evseGot = await pair.cpoToEmsp.client.get('locations', `${url}/NL/CPO/L1/L1-2/2`);
      assert.equal((evseGot.envelope.data as { id: string }).id, '2');
    });

    test('own-data changes become events; pushing them keeps the eMSP copy identical (PUT and PATCH at every level)', async () => {
      changes.length = 0;
      const ref = { countryCode: 'NL', partyId: 'CPO', locationId: 'L2' };
      const { last_updated: _l, ...input } = location('L2', at(0));
      await own.putLocation({ ...input, evses: input.evses!.map(({ last_updated: _e, ...e }) => e) });
      await own.patchEvse(ref, 'L2-1', { status: 'CHARGING' });
      await own.patchConnector(ref, 'L2-1', '2', { max_electric_power: 50000 });
      await own.putEvse(ref, { ...evse('L2-3', at(1)), last_updated: undefined } as never);
      await own.putConnector(ref, 'L2-3', connector('3', at(2)));
      await own.patchLocation(ref, { name: 'Patched name' });
      assert.deepEqual(
        changes.map((c) => `${c.method} ${c.level} ${c.path}`),
        [
          'PUT location /NL/CPO/L2',
          'PATCH evse /NL/CPO/L2/L2-1',
          'PATCH connector /NL/CPO/L2/L2-1/2',
          'PUT evse /NL/CPO/L2/L2-3',
          'PUT connector /NL/CPO/L2/L2-3/3',
          'PATCH location /NL/CPO/L2',
        ],
      );
      const statuses: number[] = [];
      for (const change of changes) statuses.push((await push(change)).httpStatus);
      assert.deepEqual(statuses, [201, 200, 200, 201, 201, 200]);
      const mine = (await own.get(ref))!;
      const theirs = (await stored('L2'))!;
      assert.deepEqual(theirs, mine);
      assert.equal(theirs.name, 'Patched name');
      assert.equal(theirs.evses?.length, 3);
    });

    test('PIT-08: a change that changes nothing emits nothing and bumps nothing', async () => {
      const ref = { countryCode: 'NL', partyId: 'CPO', locationId: 'L2' };
      const before = (await own.get(ref))!;
      changes.length = 0;
      await own.patchEvse(ref, 'L2-1', { status: 'CHARGING' });
      await own.patchConnector(ref, 'L2-1', '2', { max_electric_power: 50000 });
      const { last_updated: _x, ...sameEvse } = findEvse(before, 'L2-3');
      await own.putEvse(ref, sameEvse);
      assert.deepEqual(changes, []);
      assert.deepEqual(await own.get(ref), before);
    });

    test('LOC-08: a Connector PATCH sets the EVSE and Location last_updated; an EVSE PATCH the Location only', async () => {
      await pair.cpoToEmsp.client.put('locations', `${url}/NL/CPO/L3`, location('L3', at(0)));
      await pair.cpoToEmsp.client.patch('locations', `${url}/NL/CPO/L3/L3-1/1`, { max_amperage: 16, last_updated: at(5) });
      let l = (await stored('L3'))!;
      assert.equal(l.last_updated, at(5));
      assert.equal(findEvse(l, 'L3-1').last_updated, at(5));
      assert.equal(findEvse(l, 'L3-1').connectors[0]!.max_amperage, 16);
      assert.equal(findEvse(l, 'L3-1').connectors[1]!.last_updated, at(0), 'the sibling connector is untouched');
      assert.equal(findEvse(l, 'L3-2').last_updated, at(0), 'the sibling EVSE is untouched');

      await pair.cpoToEmsp.client.patch('locations', `${url}/NL/CPO/L3/L3-2`, { status: 'BLOCKED', last_updated: at(9) });
      l = (await stored('L3'))!;
      assert.equal(l.last_updated, at(9));
      assert.equal(findEvse(l, 'L3-2').status, 'BLOCKED');
      assert.equal(findEvse(l, 'L3-2').connectors[0]!.last_updated, at(0));

      // A Connector PUT under it (LOC-08 for PUT).
      await pair.cpoToEmsp.client.put('locations', `${url}/NL/CPO/L3/L3-2/7`, connector('7', at(12)));
      l = (await stored('L3'))!;
      assert.equal(l.last_updated, at(12));
      assert.equal(findEvse(l, 'L3-2').last_updated, at(12));
      assert.equal(findEvse(l, 'L3-2').connectors.length, 3);
    });

    test('PIT-08: re-sending what is stored changes nothing, and an older child does not move the parent back', async () => {
      const before = (await stored('L3'))!;
      await pair.cpoToEmsp.client.put('locations', `${url}/NL/CPO/L3/L3-2/7`, connector('7', at(12)));
      assert.deepEqual(await stored('L3'), before);
      await pair.cpoToEmsp.client.patch('locations', `${url}/NL/CPO/L3/L3-1/2`, { max_amperage: 20, last_updated: at(1) });
      const after = (await stored('L3'))!;
      assert.equal(after.last_updated, before.last_updated);
      assert.equal(findEvse(after, 'L3-1').connectors[1]!.last_updated, at(1));
    });

    test('PIT-12: a Location PATCH carrying evses merges them by uid (unknown uid added, others kept)', async () => {
      await pair.cpoToEmsp.client.put('locations', `${url}/NL/CPO/L4`, location('L4', at(0)));
      await pair.cpoToEmsp.client.patch('locations', `${url}/NL/CPO/L4`, {
        last_updated: at(30),
        name: 'Merged',
        evses: [{ uid: 'l4-2', status: 'OUTOFORDER', connectors: [{ id: '1', max_amperage: 10 }] }, evse('L4-9', at(29))],
      });
      const l = (await stored('L4'))!;
      assert.equal(l.name, 'Merged');
      assert.deepEqual(l.evses!.map((e) => e.uid), ['L4-1', 'L4-2', 'L4-9']);
      assert.equal(findEvse(l, 'L4-1').status, 'AVAILABLE');
      assert.equal(findEvse(l, 'L4-1').last_updated, at(0));
      assert.equal(findEvse(l, 'L4-2').status, 'OUTOFORDER');
      assert.equal(findEvse(l, 'L4-2').last_updated, at(30), 'a nested change without its own last_updated gets the PATCH’s');
      assert.equal(findEvse(l, 'L4-2').connectors[0]!.max_amperage, 10);
      assert.equal(findEvse(l, 'L4-2').connectors[1]!.max_amperage, 125);
      assert.equal(l.last_updated, at(30));
    });

    test('LOC-10: an EVSE or Connector PUT under an unknown Location/EVSE is 404 + 2003; nothing stored', async () => {
      const evse404 = await ocpiFetch(`${url}/NL/CPO/GHOST/E1`, pair.cpoToEmsp.token, { method: 'PUT', body: evse('E1', at(0)) });
      assert.equal(evse404.status, 404);
      assert.equal(evse404.json.status_code, 2003);
      const connector404 = await ocpiFetch(`${url}/NL/CPO/L4/GHOST/1`, pair.cpoToEmsp.token, { method: 'PUT', body: connector('1', at(0)) });
      assert.equal(connector404.status, 404);
      assert.equal(connector404.json.status_code, 2003);
      assert.equal(await stored('GHOST'), undefined);
      assert.equal((await stored('L4'))!.evses!.some((e) => e.uid === 'GHOST'), false);
    });

    test('LOC-09: PATCH of an object that does not exist is 404; GET of an unknown one 404', async () => {
      const token = pair.cpoToEmsp.token;
      const location404 = await ocpiFetch(`${url}/NL/CPO/GHOST`, token, { method: 'PATCH', body: { name: 'x', last_updated: at(0) } });
      assert.equal(location404.status, 404);
      assert.equal(location404.json.status_code, 2003);
      const evse404 = await ocpiFetch(`${url}/NL/CPO/L4/GHOST`, token, { method: 'PATCH', body: { status: 'BLOCKED', last_updated: at(0) } });
      assert.equal(evse404.status, 404);
      const get404 = await ocpiFetch(`${url}/NL/CPO/L4/L4-1/99`, token);
      assert.equal(get404.status, 404);
      assert.equal(await stored('GHOST'), undefined);
    });

    test('LOC-05: POST and DELETE are not offered (405)', async () => {
      for (const method of ['POST', 'DELETE']) {
        const answer = await ocpiFetch(`${url}/NL/CPO/L4`, pair.cpoToEmsp.token, { method, body: {} });
        assert.equal(answer.status, 405, method);
      }
      assert.ok(await stored('L4'));
    });

    test('received changes are emitted for the eMSP’s consumers', async () => {
      const seen: string[] = [];
      const off = received.changes.on((c) => void seen.push(`${c.method} ${c.level} ${c.location.id}`));
      await pair.cpoToEmsp.client.patch('locations', `${url}/NL/CPO/L4/L4-1`, { status: 'CHARGING', last_updated: at(40) });
      await pair.cpoToEmsp.client.patch('locations', `${url}/NL/CPO/L4/L4-1`, { status: 'CHARGING', last_updated: at(40) });
      off();
      assert.deepEqual(seen, ['PATCH evse L4']);
    });
  });
}

function findEvse(location: Location, uid: string): EVSE {
  const found = location.evses?.find((e) => e.uid === uid);
  assert.ok(found, `EVSE ${uid}`);
  return found;
}
