/**
 * The CDRs module (mod_cdrs): Sender for the CPO role, Receiver for the eMSP role.
 * `node.context.services.cdrs` is the library API of a running node.
 */
import type { OcpiModule } from '../module.js';
import { declare } from '../versions/interfaces.js';
import { CpoCdrs } from './cpo.js';
import { EmspCdrs } from './emsp.js';
import { cdrStore } from './store.js';

export interface CdrsApi {
  /** CPO role: own CDRs and their creation events; undefined when the node is no CPO. */
  cpo?: CpoCdrs;
  /** eMSP role: CDRs CPOs sent; undefined when the node is no eMSP. */
  emsp?: EmspCdrs;
}

declare module '../module.js' {
  interface NodeServices {
    cdrs: CdrsApi;
  }
}

export const cdrsModule: OcpiModule = {
  name: 'cdrs',
  interfaces: [declare('cdrs', 'SENDER', 'CPO'), declare('cdrs', 'RECEIVER', 'EMSP')],
  register(app, ctx) {
    const store = cdrStore(ctx);
    const api: CdrsApi = {};
    if (ctx.ownRoles.has('CPO')) {
      api.cpo = new CpoCdrs(ctx, store);
      api.cpo.register(app);
    }
    if (ctx.ownRoles.has('EMSP')) {
      api.emsp = new EmspCdrs(ctx, store);
      api.emsp.register(app);
    }
    ctx.services.cdrs = api;
  },
};
