/**
 * CDRs between a CPO and an eMSP node over HTTP (CDR-01..CDR-17, PIT-05, PIT-20): the CPO's own
 * CDRs are POSTed to the eMSP, whose answer carries the CDR's URL in the Location header; the eMSP
 * pulls the CPO's list; CDRs are immutable; foreign owners and invalid input store nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CDR } from '../../src/modules/cdrs/schema.js';
import type { CdrCreated } from '../../src/modules/cdrs/cpo.js';
import '../../src/modules/cdrs/index.js';
import type { NodeContext } from '../../src/modules/module.js';
import { backends } from '../helpers/backends.js';
import { ocpiFetch } from '../helpers/nodes.js';
import { startRoamingPair } from '../tokens/roaming-pair.js';
import type { RoamingPair } from '../tokens/roaming-pair.js';
import { cdr } from './fixtures.js';

const cdrsOf = (ctx: NodeContext) => ctx.services.cdrs!;
const ROGUE_TOKEN = { country_code: 'BE', party_id: 'ROG', uid: 'R1', type: 'RFID', contract_id: 'BE-ROG-1' } as const;

for (const backend of backends) {
  describe(`CDRs between a CPO and an eMSP (${backend.name})`, { skip: backend.skip }, () => {
    let pair: RoamingPair;
    let emspCdrsUrl: string;
    let cpoCdrsUrl: string;
    const created: CdrCreated[] = [];
    const locations = new Map<string, string>();

    before(async () => {
      pair = await startRoamingPair(backend);
      emspCdrsUrl = pair.endpoint(pair.emspAtCpo, 'cdrs', 'RECEIVER');
      cpoCdrsUrl = pair.endpoint(pair.cpoAtEmsp, 'cdrs', 'SENDER');
      // The push outbox's role, played by the test: CDRs of DE/MSP tokens are POSTed to the eMSP (CDR-06).
      cdrsOf(pair.cpo.node.context).cpo!.onChange(async (change) => {
        created.push(change);
        if (change.object.cdr_token.party_id !== 'MSP') return;
        const result = await pair.cpoClient.post('cdrs', emspCdrsUrl, change.object);
        locations.set(change.object.id, result.headers.get('location')!);
      });
    });
    after(async () => pair?.close());

    const cpoApi = () => cdrsOf(pair.cpo.node.context).cpo!;
    const post = (body: unknown, token = pair.emspAtCpo.tokenToPartner) => ocpiFetch(emspCdrsUrl, token, { method: 'POST', body });

    test('CDR-03/PIT-05/CDR-04: a new own CDR is POSTed; the Location header points to it and GET there returns it', async () => {
      await cpoApi().create(cdr('C1'));
      assert.deepEqual(created.map((c) => `${c.method} ${c.object.id}`), ['POST C1']);
      const location = locations.get('C1');
      assert.equal(location, `${emspCdrsUrl}/NL/CPO/C1`);
      const got = await ocpiFetch(location!, pair.emspAtCpo.tokenToPartner);
      assert.equal(got.status, 200);
      assert.deepEqual(got.json.data, cdr('C1'));
    });

    test('CDR-05/CDR-01: the same CDR again is 200 with the same Location; other content under its id is 2001, stored CDR untouched', async () => {
      const again = await post(cdr('C1'));
      assert.equal(again.status, 200);
      assert.equal(again.json.status_code, 1000);
      assert.equal(again.headers.get('location'), locations.get('C1'));
      const changed = await post(cdr('C1', { total_energy: 99 }));
      assert.equal(changed.json.status_code, 2001);
      assert.match(changed.json.status_message, /id/);
      assert.equal((await ocpiFetch(locations.get('C1')!, pair.emspAtCpo.tokenToPartner)).json.data.total_energy, 10);

      await assert.rejects(cpoApi().create(cdr('C1', { total_energy: 99 })), /immutable/);
      assert.equal((await cpoApi().create(cdr('C1'))).total_energy, 10, 'an identical create is a no-op');
      assert.equal(created.length, 1, 'and emits nothing');
    });

    test('CDR-05: PUT, PATCH and DELETE are 405; GET of an unknown CDR is 404; ST-05: a new CDR is 201', async () => {
      const url = locations.get('C1')!;
      for (const method of ['PUT', 'PATCH', 'DELETE']) {
        assert.equal((await ocpiFetch(url, pair.emspAtCpo.tokenToPartner, { method, body: method === 'DELETE' ? undefined : cdr('C1') })).status, 405, method);
      }
      assert.equal((await ocpiFetch(emspCdrsUrl, pair.emspAtCpo.tokenToPartner)).status, 405, 'no list at the Receiver');
      const unknown = await ocpiFetch(`${emspCdrsUrl}/NL/CPO/NOPE`, pair.emspAtCpo.tokenToPartner);
      assert.equal(unknown.status, 404);
      const fresh = await post(cdr('C2', { home_charging_compensation: true }));
      assert.equal(fresh.status, 201, 'CDR-07: also for a location never published');
      assert.equal(fresh.json.data, undefined);
    });

    test('CDR-01/CDR-17/PIT-20: the library refuses CDRs it must not send, naming the field', async () => {
      await assert.rejects(cpoApi().create(cdr('C3', { credit: true })), /credit_reference_id/);
      await assert.rejects(cpoApi().create(cdr('X'.repeat(37))), /id: must be at most 36/);
      await assert.rejects(
        cpoApi().create(cdr('C3', { charging_periods: [{ start_date_time: '2024-05-01T10:00:00Z', dimensions: [{ type: 'STATE_OF_CHARGE', volume: 80 }] }] })),
        /charging_periods\[0\]\.dimensions\[0\]\.type/,
      );
      const longAddress = cdr('C3');
      longAddress.cdr_location.address = 'a'.repeat(46);
      await assert.rejects(cpoApi().create(longAddress), /cdr_location\.address/);
      await assert.rejects(cpoApi().create(cdr('C3', { country_code: 'BE', party_id: 'RCP' })), /not an own CPO party/);
      const credit = await cpoApi().create(cdr('C1-C', { credit: true, credit_reference_id: 'C1', total_cost: { excl_vat: -3, incl_vat: -3.63 } }));
      assert.equal(credit.credit_reference_id, 'C1');
      assert.deepEqual(created.map((c) => c.object.id), ['C1', 'C1-C']);
    });

    test('CDR-02/PAG-06: the eMSP pulls the CDRs of its tokens with date filters and pagination; others stay hidden', async () => {
      for (let i = 0; i < 3; i++) await cpoApi().create(cdr(`L${i}`, { last_updated: `2024-07-01T10:0${i}:00Z` }));
      await cpoApi().create(cdr('ROGUE1', { cdr_token: ROGUE_TOKEN, last_updated: '2024-07-01T10:01:30Z' }));
      const page = await ocpiFetch(`${cpoCdrsUrl}?date_from=2024-07-01T10:01:00Z&date_to=2024-07-01T10:03:00Z&limit=1`, pair.cpoAtEmsp.tokenToPartner);
      assert.equal(page.headers.get('x-total-count'), '2');
      assert.deepEqual(page.json.data.map((c: CDR) => c.id), ['L1']);
      assert.match(page.headers.get('link') ?? '', /offset=1/);
      const crawled: string[] = [];
      for await (const c of pair.emspClient.list('cdrs', cpoCdrsUrl, { dateFrom: '2024-07-01T00:00:00Z', limit: 2, schema: CDR })) crawled.push(c.id);
      assert.deepEqual(crawled, ['L0', 'L1', 'L2']);
      const rogue = await ocpiFetch(cpoCdrsUrl, pair.rogueAtRogue.tokenToPartner);
      assert.deepEqual(rogue.json.data.map((c: CDR) => c.id), ['ROGUE1']);
      assert.equal((await ocpiFetch(cpoCdrsUrl, pair.cpoAtEmsp.tokenToPartner, { method: 'POST', body: cdr('Z') })).status, 405);
    });

    test('T-29/PIT-09: a CDR of a CPO party the caller did not register is refused (404/2001), stored nowhere', async () => {
      const rogueToken = pair.emspAtRogue.tokenToPartner;
      const foreign = await post(cdr('EVIL', { total_energy: 1 }), rogueToken);
      assert.equal(foreign.status, 404);
      assert.equal(foreign.json.status_code, 2001);
      assert.equal(foreign.headers.get('location'), null);
      const read = await ocpiFetch(locations.get('C1')!, rogueToken);
      assert.equal(read.status, 404, 'nor can it read the CPO\'s CDRs');
      assert.equal((await ocpiFetch(`${emspCdrsUrl}/NL/CPO/EVIL`, pair.emspAtCpo.tokenToPartner)).status, 404);
      const own = await post(cdr('MINE', { country_code: 'BE', party_id: 'RCP' }), rogueToken);
      assert.equal(own.status, 201, 'its own party is fine');
      assert.equal(own.headers.get('location'), `${emspCdrsUrl}/BE/RCP/MINE`);
    });

    test('CDR-06/T-31: a CDR about another eMSP\'s token is misrouted: 2001 naming cdr_token, nothing stored', async () => {
      const misrouted = await post(cdr('MISROUTED', { cdr_token: ROGUE_TOKEN }));
      assert.equal(misrouted.json.status_code, 2001);
      assert.match(misrouted.json.status_message, /cdr_token/);
      assert.equal(misrouted.headers.get('location'), null);
      assert.equal((await ocpiFetch(`${emspCdrsUrl}/NL/CPO/MISROUTED`, pair.emspAtCpo.tokenToPartner)).status, 404);
    });

    test('TYP-03/TYP-12: the invalid-input matrix is 2001 naming the field, never 5xx, nothing stored', async () => {
      const cases: Array<[string, unknown, RegExp]> = [
        ['over-long string', cdr('BAD', { remark: 'r'.repeat(256) }), /remark/],
        ['PIT-20 CdrLocation limit', { ...cdr('BAD'), cdr_location: { ...cdr('BAD').cdr_location, state: 's'.repeat(21) } }, /cdr_location\.state/],
        ['unknown enum', cdr('BAD', { auth_method: 'BY_MAGIC' as never }), /auth_method/],
        ['missing field', (({ total_cost: _c, ...rest }) => rest)(cdr('BAD')), /total_cost/],
        ['missing owner', (({ party_id: _p, ...rest }) => rest)(cdr('BAD')), /party_id/],
        ['empty charging_periods', cdr('BAD', { charging_periods: [] }), /charging_periods/],
        ['bad DateTime', cdr('BAD', { end_date_time: '2024-05-01T11:00:00.123456Z' }), /end_date_time/],
        ['not an object', [cdr('BAD')], /object/],
      ];
      for (const [name, body, field] of cases) {
        const answer = await post(body);
        assert.ok(answer.status < 500, name);
        assert.equal(answer.json.status_code, 2001, name);
        assert.match(answer.json.status_message, field, name);
      }
      assert.equal((await ocpiFetch(`${emspCdrsUrl}/NL/CPO/BAD`, pair.emspAtCpo.tokenToPartner)).status, 404);
      const malformed = await ocpiFetch(emspCdrsUrl, pair.emspAtCpo.tokenToPartner, { method: 'POST', rawBody: '{"id":' });
      assert.equal(malformed.status, 400);
    });
  });
}
