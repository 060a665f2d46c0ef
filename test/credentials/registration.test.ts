/**
 * The credentials lifecycle between two real evroam nodes over HTTP on loopback: a CPO and an
 * eMSP register in both directions, rotate, unregister (CRED-04..CRED-15, PIT-03, PIT-11).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends } from '../helpers/backends.js';
import { CPO_PARTY, EMSP_PARTY, ocpiFetch, startNode } from '../helpers/nodes.js';
import type { TestNode } from '../helpers/nodes.js';

for (const backend of backends) {
  describe(`credentials registration between two nodes (${backend.name})`, { skip: backend.skip }, () => {
    let cpo: TestNode;
    let emsp: TestNode;

    before(async () => {
      cpo = await startNode(backend, { parties: [CPO_PARTY] });
      emsp = await startNode(backend, { parties: [EMSP_PARTY] });
    });
    after(async () => {
      await cpo?.close();
      await emsp?.close();
    });

    test('CRED-05/06/07: eMSP starts, CPO receives; token A works once, then C and B work both ways', async () => {
      const { partner: invited, tokenA } = await cpo.node.partners.invite('the eMSP');
      const atEmsp = await emsp.node.credentials.registerWith('the CPO', cpo.node.versionsUrl, tokenA);
      assert.equal(atEmsp.status, 'REGISTERED');
      assert.equal(atEmsp.version, '2.2.1');
      assert.deepEqual(atEmsp.roles.map((r) => `${r.role}/${r.country_code}/${r.party_id}`), ['CPO/NL/CPO']);
      assert.ok(atEmsp.endpoints.some((e) => e.identifier === 'credentials'));

      const atCpo = (await cpo.node.partners.get(invited.id))!;
      assert.equal(atCpo.status, 'REGISTERED');
      assert.deepEqual(atCpo.roles.map((r) => `${r.role}/${r.country_code}/${r.party_id}`), ['EMSP/DE/MSP']);
      assert.equal(atCpo.versionsUrl, emsp.node.versionsUrl);

      // CRED-07: A is dead.
      const withA = await ocpiFetch(cpo.node.versionsUrl, tokenA);
      assert.equal(withA.status, 401);
      assert.equal(withA.json.status_code, 2000);

      // CRED-08: the eMSP calls the CPO with C, the CPO calls the eMSP with B.
      const withC = await ocpiFetch(cpo.node.versionsUrl, atEmsp.tokenToPartner!);
      assert.equal(withC.status, 200);
      const withB = await ocpiFetch(emsp.node.versionsUrl, atCpo.tokenToPartner!);
      assert.equal(withB.status, 200);

      const audit = await cpo.node.partners.auditTrail(invited.id);
      assert.deepEqual(audit.map((a) => a.event), ['invited', 'registered']);
    });

    test('CRED-05/06: the CPO starts, the eMSP receives', async () => {
      const { partner: invited, tokenA } = await emsp.node.partners.invite('the CPO');
      const atCpo = await cpo.node.credentials.registerWith('the eMSP', emsp.node.versionsUrl, tokenA);
      assert.equal(atCpo.status, 'REGISTERED');
      const atEmsp = (await emsp.node.partners.get(invited.id))!;
      assert.equal(atEmsp.status, 'REGISTERED');
      assert.equal((await ocpiFetch(emsp.node.versionsUrl, tokenA)).status, 401);
      assert.equal((await ocpiFetch(emsp.node.versionsUrl, atCpo.tokenToPartner!)).status, 200);
      assert.equal((await ocpiFetch(cpo.node.versionsUrl, atEmsp.tokenToPartner!)).status, 200);
    });

    test('CRED-13/PIT-11: rotation replaces both tokens and re-fetches endpoints; CRED-15: unregister revokes', async () => {
      const { partner: invited, tokenA } = await cpo.node.partners.invite('rotating eMSP');
      const first = await emsp.node.credentials.registerWith('rotating CPO', cpo.node.versionsUrl, tokenA);
      const cpoSideBefore = (await cpo.node.partners.get(invited.id))!;

      const rotated = await emsp.node.credentials.rotateWith(first.id);
      assert.notEqual(rotated.tokenToPartner, first.tokenToPartner);
      const cpoSideAfter = (await cpo.node.partners.get(invited.id))!;
      assert.notEqual(cpoSideAfter.tokenToPartner, cpoSideBefore.tokenToPartner);

      assert.equal((await ocpiFetch(cpo.node.versionsUrl, first.tokenToPartner!)).status, 401, 'old C refused');
      assert.equal((await ocpiFetch(cpo.node.versionsUrl, rotated.tokenToPartner!)).status, 200, 'new C accepted');
      assert.equal((await ocpiFetch(emsp.node.versionsUrl, cpoSideBefore.tokenToPartner!)).status, 401, 'old B refused');
      assert.equal((await ocpiFetch(emsp.node.versionsUrl, cpoSideAfter.tokenToPartner!)).status, 200, 'new B accepted');

      const result = await emsp.node.credentials.unregisterWith(first.id);
      assert.deepEqual(result, {});
      assert.equal((await cpo.node.partners.get(invited.id))!.status, 'UNREGISTERED');
      assert.equal((await emsp.node.partners.get(first.id))!.status, 'UNREGISTERED');
      assert.equal((await ocpiFetch(cpo.node.versionsUrl, rotated.tokenToPartner!)).status, 401);
      assert.equal((await ocpiFetch(emsp.node.versionsUrl, cpoSideAfter.tokenToPartner!)).status, 401);

      const events = (await cpo.node.partners.auditTrail(invited.id)).map((a) => a.event);
      assert.deepEqual(events, ['invited', 'registered', 'rotated', 'unregistered']);
    });

    test('ROLE-05/CRED-02: a dual-role node sends both roles in one credentials object', async () => {
      const dual = await startNode(backend, { parties: [CPO_PARTY, { ...EMSP_PARTY, country_code: 'NL', party_id: 'DUO' }] });
      try {
        const { partner: invited, tokenA } = await cpo.node.partners.invite('dual');
        await dual.node.credentials.registerWith('cpo', cpo.node.versionsUrl, tokenA);
        const atCpo = (await cpo.node.partners.get(invited.id))!;
        assert.deepEqual(atCpo.roles.map((r) => `${r.role}/${r.country_code}/${r.party_id}`).sort(), ['CPO/NL/CPO', 'EMSP/NL/DUO']);
      } finally {
        await dual.close();
      }
    });

    test('CRED-07: two concurrent POSTs with one token A register once; the other is refused', async () => {
      const { partner: invited, tokenA } = await cpo.node.partners.invite('racer');
      const body = (token: string) => ({ token, url: emsp.node.versionsUrl, roles: [{ role: 'EMSP', country_code: 'DE', party_id: 'MSP', business_details: { name: 'x' } }] });
      // The eMSP must accept the tokens the CPO will call back with: issue them as invitations there.
      const b1 = (await emsp.node.partners.invite('cb1')).tokenA;
      const b2 = (await emsp.node.partners.invite('cb2')).tokenA;
      const url = `${cpo.baseUrl}/ocpi/2.2.1/credentials`;
      const answers = await Promise.all([ocpiFetch(url, tokenA, { method: 'POST', body: body(b1) }), ocpiFetch(url, tokenA, { method: 'POST', body: body(b2) })]);
      const codes = answers.map((a) => `${a.status}/${a.json.status_code}`).sort();
      assert.deepEqual(codes, ['200/1000', '401/2000']);
      const events = (await cpo.node.partners.auditTrail(invited.id)).map((a) => a.event);
      assert.equal(events.filter((e) => e === 'registered').length, 1);
    });
  });
}
