/**
 * A CPO node and an eMSP node registered with each other over real HTTP on loopback, plus a
 * "rogue" node (an eMSP and a CPO party of its own) registered with both, for party isolation
 * attacks. Shared by the Tokens, Sessions and CDRs suites.
 */
import { OcpiClient } from '../../src/client/ocpi-client.js';
import type { OwnPartyConfig } from '../../src/config/schema.js';
import type { Partner } from '../../src/modules/credentials/partner.js';
import { partnerEndpoint } from '../../src/modules/credentials/partner.js';
import type { Backend } from '../helpers/backends.js';
import { CPO_PARTY, EMSP_PARTY, startNode } from '../helpers/nodes.js';
import type { TestNode } from '../helpers/nodes.js';

export const ROGUE_PARTY: OwnPartyConfig = { role: 'EMSP', country_code: 'BE', party_id: 'ROG', business_details: { name: 'Rogue eMSP' } };
export const ROGUE_CPO_PARTY: OwnPartyConfig = { role: 'CPO', country_code: 'BE', party_id: 'RCP', business_details: { name: 'Rogue CPO' } };

export interface RoamingPair {
  cpo: TestNode;
  emsp: TestNode;
  rogue: TestNode;
  /** The CPO as the eMSP knows it (tokenToPartner calls the CPO). */
  cpoAtEmsp: Partner;
  /** The eMSP as the CPO knows it (tokenToPartner calls the eMSP). */
  emspAtCpo: Partner;
  /** The CPO as the rogue knows it (tokenToPartner calls the CPO). */
  rogueAtRogue: Partner;
  /** The eMSP as the rogue knows it (tokenToPartner calls the eMSP). */
  emspAtRogue: Partner;
  /** The eMSP's client towards the CPO (routing DE/MSP → NL/CPO). */
  emspClient: OcpiClient;
  /** The CPO's client towards the eMSP (routing NL/CPO → DE/MSP). */
  cpoClient: OcpiClient;
  /** A partner's endpoint URL for a module and interface role. */
  endpoint(partner: Partner, module: string, role: 'SENDER' | 'RECEIVER'): string;
  close(): Promise<void>;
}

const party = (p: OwnPartyConfig) => ({ countryCode: p.country_code, partyId: p.party_id });

export async function startRoamingPair(backend: Backend): Promise<RoamingPair> {
  const cpo = await startNode(backend, { parties: [CPO_PARTY] });
  const emsp = await startNode(backend, { parties: [EMSP_PARTY] });
  const rogue = await startNode(backend, { parties: [ROGUE_PARTY, ROGUE_CPO_PARTY] });
  // The suites send every push themselves (with OcpiClient, from the modules' change events), so
  // the durable outbox must not deliver the same changes in between: its dispatcher stays stopped.
  for (const node of [cpo, emsp, rogue]) await node.node.context.push.close();
  const { partner: invited, tokenA } = await cpo.node.partners.invite('the eMSP');
  const cpoAtEmsp = await emsp.node.credentials.registerWith('the CPO', cpo.node.versionsUrl, tokenA);
  const emspAtCpo = (await cpo.node.partners.get(invited.id))!;
  const rogueInvite = await cpo.node.partners.invite('the rogue eMSP');
  const rogueAtRogue = await rogue.node.credentials.registerWith('the CPO', cpo.node.versionsUrl, rogueInvite.tokenA);
  const emspInvite = await emsp.node.partners.invite('the rogue');
  const emspAtRogue = await rogue.node.credentials.registerWith('the eMSP', emsp.node.versionsUrl, emspInvite.tokenA);
  return {
    cpo,
    emsp,
    rogue,
    cpoAtEmsp,
    emspAtCpo,
    rogueAtRogue,
    emspAtRogue,
    emspClient: new OcpiClient({ token: cpoAtEmsp.tokenToPartner!, routing: { from: party(EMSP_PARTY), to: party(CPO_PARTY) } }),
    cpoClient: new OcpiClient({ token: emspAtCpo.tokenToPartner!, routing: { from: party(CPO_PARTY), to: party(EMSP_PARTY) } }),
    endpoint(partner, module, role) {
      const url = partnerEndpoint(partner, module, role);
      if (url === undefined) throw new Error(`${partner.name} offers no ${module} ${role}`);
      return url;
    },
    async close() {
      await cpo.close();
      await emsp.close();
      await rogue.close();
    },
  };
}
