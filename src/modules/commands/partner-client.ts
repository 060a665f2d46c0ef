/** The outbound client for one partner, with the token evroam calls it with (CMD-04: "with the eMSP's token"). */
import { OcpiClient } from '../../client/index.js';
import type { Routing } from '../../client/index.js';
import type { Partner } from '../credentials/partner.js';
import type { NodeContext } from '../module.js';

export function partnerClient(ctx: NodeContext, partner: Partner, routing: Routing): OcpiClient {
  if (partner.status !== 'REGISTERED' || partner.tokenToPartner === undefined) {
    throw new Error(`partner ${partner.id} is not registered: nothing can be sent to it`);
  }
  return new OcpiClient({
    token: partner.tokenToPartner,
    legacyPlainToken: partner.legacyPlainToken,
    routing,
    timeoutMs: ctx.config.limits.requestTimeoutMs,
    logger: ctx.logger,
  });
}
