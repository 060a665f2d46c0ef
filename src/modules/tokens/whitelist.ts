/**
 * How a CPO authorizes a token its eMSP pushed (TOK-15): locally from the whitelist, or by asking
 * the eMSP in real time, as the token's WhitelistType demands.
 */
import type { AllowedType, Token, WhitelistType } from './schema.js';

/**
 * LOCAL: decide from the stored token. REALTIME: ask the eMSP; no answer means no charging.
 * REALTIME_ELSE_LOCAL: ask the eMSP; only when it cannot be reached, decide locally.
 */
export type WhitelistRoute = 'LOCAL' | 'REALTIME' | 'REALTIME_ELSE_LOCAL';

/**
 * ALWAYS: never ask. ALLOWED: the CPO may choose; evroam decides locally, which spares the driver a
 * round trip. ALLOWED_OFFLINE: ask, and fall back on the whitelist when the eMSP is unreachable.
 * NEVER: always ask. `valid` = false never skips the question the whitelist demands (TOK-15).
 */
export function whitelistRoute(whitelist: WhitelistType): WhitelistRoute {
  switch (whitelist) {
    case 'ALWAYS':
    case 'ALLOWED':
      return 'LOCAL';
    case 'ALLOWED_OFFLINE':
      return 'REALTIME_ELSE_LOCAL';
    case 'NEVER':
      return 'REALTIME';
  }
}

/** A local decision knows only `valid`: an invalidated token is BLOCKED (TOK-06). */
export function localDecision(token: Pick<Token, 'valid'>): AllowedType {
  return token.valid ? 'ALLOWED' : 'BLOCKED';
}
