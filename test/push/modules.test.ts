/**
 * The modules' change events reach real partner nodes through the outbox (ROLE-02, ROLE-04): a CPO
 * node, its eMSP, and a second eMSP registered with the CPO, over real HTTP. Sessions go
 * to the token's eMSP only (SES-07); Locations and Tariffs to every eMSP; Tokens to the CPO.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OcpiClient } from '../../src/client/ocpi-client.js';
import type { Partner } from '../../src/modules/credentials/partner.js';
import { partnerEndpoint } from '../../src/modules/credentials/partner.js';
import type { NodeContext } from '../../src/modules/module.js';
import { connectPush } from '../../src/push/index.js';
import { backends } from '../helpers/backends.js';
import { CPO_PARTY, EMSP_PARTY, startNode } from '../helpers/nodes.js';
import type { TestNode } from '../helpers/nodes.js';
import { at, location } from '../locations/fixtures.js';
import { session } from '../sessions/fixtures.js';
import { token } from '../tokens/fixtures.js';
import { waitFor } from './helpers.js';



const delivered = async (ctx: NodeContext, partnerId: string, path: string) =>
  (await ctx.push.store.list({ partnerId })).filter((r) => r.path === path && r.status === 'delivered').map((r) => r.method);

for (const backend of backends) {
  describe(`module changes pushed to partner nodes (${backend.name})`, { skip: backend.skip }, () => {
    let cpo: TestNode;
    let emsp: TestNode;
    let other: TestNode;
    let emspAtCpo: Partner;
    let cpoAtEmsp: Partner;
    let otherAtCpo: Partner;

    before(async () => {
      cpo = await startNode(backend, { parties: [CPO_PARTY] });
      emsp = await startNode(backend, { parties: [EMSP_PARTY] });
      other = await startNode(backend, { parties: [{ role: 'EMSP', country_code: 'BE', party_id: 'OTH', business_details: { name: 'Other eMSP' } }] });
      const invite = await cpo.node.partners.invite('the eMSP');
      cpoAtEmsp = await emsp.node.credentials.registerWith('the CPO', cpo.node.versionsUrl, invite.tokenA);
      emspAtCpo = (await cpo.node.partners.get(invite.partner.id))!;
      const otherInvite = await cpo.node.partners.invite('the other eMSP');
      await other.node.credentials.registerWith('the CPO', cpo.node.versionsUrl, otherInvite.tokenA);
      otherAtCpo = (await cpo.node.partners.get(otherInvite.partner.id))!;
      for (const node of [cpo, emsp]) connectPush(node.node.context);
    });
    after(async () => {
      for (const node of [cpo, emsp, other]) await node?.close();
    });

    test('ROLE-02: an own Location and an EVSE PATCH land in every eMSP, the PATCH after the PUT', async () => {
      const own = cpo.node.services.locations!.cpo!;
      await own.putLocation(location('PUSH1', at(0)));
      await own.patchEvse({ countryCode: 'NL', partyId: 'CPO', locationId: 'PUSH1' }, 'PUSH1-1', { status: 'CHARGING', last_updated: at(1) });
      const received = emsp.node.services.locations!.emsp!;
      await waitFor('the eMSP has the EVSE CHARGING', async () => (await received.get('NL', 'CPO', 'PUSH1'))?.evses?.[0]?.status === 'CHARGING');
      const ctx = cpo.node.context;
      // The partner stores before it answers: wait for the answer to be recorded too.
      await waitFor('the PATCH recorded delivered', async () => (await delivered(ctx, emspAtCpo.id, '/NL/CPO/PUSH1/PUSH1-1')).length === 1);
      assert.deepEqual(await delivered(ctx, emspAtCpo.id, '/NL/CPO/PUSH1'), ['PUT']);
      assert.deepEqual(await delivered(ctx, emspAtCpo.id, '/NL/CPO/PUSH1/PUSH1-1'), ['PATCH']);
      await waitFor('the other eMSP got both too', async () => (await ctx.push.store.list({ partnerId: otherAtCpo.id, status: 'delivered' })).length >= 2);
    });

    test('SES-07: a Session goes to the eMSP of its token only, PUT then PATCH', async () => {
      const sessions = cpo.node.services.sessions!.cpo!;
      await sessions.own.put(session('PS1'));
      await sessions.own.patch({ countryCode: 'NL', partyId: 'CPO', id: 'PS1' }, { kwh: 4.5 });
      const ctx = cpo.node.context;
      await waitFor('both delivered to the eMSP', async () => (await delivered(ctx, emspAtCpo.id, '/NL/CPO/PS1')).length === 2);
      assert.deepEqual(await delivered(ctx, emspAtCpo.id, '/NL/CPO/PS1'), ['PUT', 'PATCH']);
      const url = partnerEndpoint(emspAtCpo, 'sessions', 'RECEIVER')!;
      const client = new OcpiClient({ token: emspAtCpo.tokenToPartner!, routing: { from: { countryCode: 'NL', partyId: 'CPO' }, to: { countryCode: 'DE', partyId: 'MSP' } } });
      const stored = await client.get('sessions', `${url}/NL/CPO/PS1`);
      assert.equal((stored.envelope.data as { kwh: number }).kwh, 4.5);
      assert.deepEqual((await ctx.push.store.list({ partnerId: otherAtCpo.id })).filter((r) => r.module === 'sessions'), [], 'never broadcast');
    });

    test('ROLE-04: an own Token reaches the CPO whitelist, and its PATCH follows', async () => {
      const tokens = emsp.node.services.tokens!.emsp!;
      await tokens.own.put(token('PUSHTOK'));
      await tokens.own.patch({ countryCode: 'DE', partyId: 'MSP', id: 'PUSHTOK', variant: 'RFID' }, { valid: false });
      const cpoTokens = cpo.node.services.tokens!.cpo!;
      await waitFor('the CPO sees the token invalid', async () => (await cpoTokens.whitelist('PUSHTOK'))[0]?.token.valid === false);
      const store = emsp.node.context.push.store;
      await waitFor('the PATCH recorded delivered', async () => (await store.list({ partnerId: cpoAtEmsp.id, status: 'delivered' })).filter((r) => r.module === 'tokens').length === 2);
      const rows = await store.list({ partnerId: cpoAtEmsp.id });
      assert.deepEqual(
        rows.filter((r) => r.module === 'tokens').map((r) => `${r.method} ${r.path} ${r.status}`),
        ['PUT /DE/MSP/PUSHTOK?type=RFID delivered', 'PATCH /DE/MSP/PUSHTOK?type=RFID delivered'],
      );
    });
  });
}
