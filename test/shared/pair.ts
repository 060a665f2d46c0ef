/**
 * A CPO node and an eMSP node registered with each other over real HTTP, with an OcpiClient for
 * each direction (the token each side got at registration, routing FROM own party TO the other).
 */
import type { OwnPartyConfig } from '../../src/config/schema.js';
import type { EvroamConfig } from '../../src/config/schema.js';
import { OcpiClient } from '../../src/client/index.js';
import type { Partner } from '../../src/modules/credentials/partner.js';
import { partnerEndpoint } from '../../src/modules/credentials/partner.js';
import type { Backend } from '../helpers/backends.js';
import { CPO_PARTY, EMSP_PARTY, startNode } from '../helpers/nodes.js';
import type { TestNode } from '../helpers/nodes.js';

export interface Link {
  /** The partner record at the calling side. */
  partner: Partner;
  client: OcpiClient;
  /** The token the calling side presents. */
  token: string;
  endpoint(module: string, role: 'SENDER' | 'RECEIVER'): string;
}

export interface Pair {
  cpo: TestNode;
  emsp: TestNode;
  /** The eMSP calling the CPO. */
  emspToCpo: Link;
  /** The CPO calling the eMSP. */
  cpoToEmsp: Link;
  close(): Promise<void>;
}

export function party(p: OwnPartyConfig) {
  return { countryCode: p.country_code, partyId: p.party_id };
}

export async function startPair(
  backend: Backend,
  options: { cpoParty?: OwnPartyConfig; emspParty?: OwnPartyConfig; cpoConfig?: Partial<EvroamConfig> } = {},
): Promise<Pair> {
  const cpoParty = options.cpoParty ?? CPO_PARTY;
  const emspParty = options.emspParty ?? EMSP_PARTY;
  const cpo = await startNode(backend, { parties: [cpoParty], ...(options.cpoConfig ? { config: options.cpoConfig } : {}) });
  const emsp = await startNode(backend, { parties: [emspParty] });
  // These suites push each change themselves to check the receiver's answers (201/200 …); the
  // durable outbox must not deliver the same changes in between: its dispatcher stays stopped.
  for (const node of [cpo, emsp]) await node.node.context.push.close();
  const { partner: invited, tokenA } = await cpo.node.partners.invite('the eMSP');
  const atEmsp = await emsp.node.credentials.registerWith('the CPO', cpo.node.versionsUrl, tokenA);
  const atCpo = (await cpo.node.partners.get(invited.id))!;
  const link = (partner: Partner, from: OwnPartyConfig, to: OwnPartyConfig): Link => ({
    partner,
    token: partner.tokenToPartner!,
    client: new OcpiClient({ token: partner.tokenToPartner!, routing: { from: party(from), to: party(to) } }),
    endpoint: (module, role) => {
      const url = partnerEndpoint(partner, module, role);
      if (!url) throw new Error(`partner has no ${module} ${role} endpoint`);
      return url;
    },
  });
  return {
    cpo,
    emsp,
    emspToCpo: link(atEmsp, emspParty, cpoParty),
    cpoToEmsp: link(atCpo, cpoParty, emspParty),
    async close() {
      await cpo.close();
      await emsp.close();
    },
  };
}
