/**
 * The Sessions module (mod_sessions): Sender with charging preferences for the CPO role, Receiver
 * for the eMSP role. `node.context.services.sessions` is the library API of a running node.
 */
import type { OcpiModule } from '../module.js';
import { declare } from '../versions/interfaces.js';
import { CpoSessions } from './cpo.js';
import { EmspSessions } from './emsp.js';
import { sessionStore } from './store.js';

export interface SessionsApi {
  /** CPO role: own sessions, change events, charging preferences; undefined when the node is no CPO. */
  cpo?: CpoSessions;
  /** eMSP role: sessions CPOs pushed; undefined when the node is no eMSP. */
  emsp?: EmspSessions;
}

declare module '../module.js' {
  interface NodeServices {
    sessions: SessionsApi;
  }
}

export const sessionsModule: OcpiModule = {
  name: 'sessions',
  interfaces: [declare('sessions', 'SENDER', 'CPO'), declare('sessions', 'RECEIVER', 'EMSP')],
  register(app, ctx) {
    const store = sessionStore(ctx);
    const api: SessionsApi = {};
    if (ctx.ownRoles.has('CPO')) {
      api.cpo = new CpoSessions(ctx, store);
      api.cpo.register(app);
    }
    if (ctx.ownRoles.has('EMSP')) {
      api.emsp = new EmspSessions(ctx, store);
      api.emsp.register(app);
    }
    ctx.services.sessions = api;
  },
};
