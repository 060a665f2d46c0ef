/**
 * The Tokens module (mod_tokens): Receiver for the CPO role, Sender with real-time authorization
 * for the eMSP role. `node.context.services.tokens` is the library API of a running node.
 */
import type { OcpiModule } from '../module.js';
import { declare } from '../versions/interfaces.js';
import { CpoTokens } from './cpo.js';
import { EmspTokens } from './emsp.js';
import { tokenStore } from './store.js';

export interface TokensApi {
  /** eMSP role: own tokens, change events, authorization policy; undefined when the node is no eMSP. */
  emsp?: EmspTokens;
  /** CPO role: pushed tokens (whitelist) and real-time authorization requests; undefined when no CPO. */
  cpo?: CpoTokens;
}

declare module '../module.js' {
  interface NodeServices {
    tokens: TokensApi;
  }
}

export const tokensModule: OcpiModule = {
  name: 'tokens',
  interfaces: [declare('tokens', 'RECEIVER', 'CPO'), declare('tokens', 'SENDER', 'EMSP')],
  async register(app, ctx) {
    const store = tokenStore(ctx);
    const api: TokensApi = {};
    if (ctx.ownRoles.has('CPO')) {
      api.cpo = new CpoTokens(ctx, store);
      api.cpo.register(app);
    }
    if (ctx.ownRoles.has('EMSP')) {
      api.emsp = new EmspTokens(ctx, store);
      await api.emsp.register(app);
    }
    ctx.services.tokens = api;
  },
};
