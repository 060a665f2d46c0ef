/** Sessions in the shared object table, with the party of their token for visibility (SES-07). */
import type { NodeContext } from '../module.js';
import { tokenOwnerColumn } from '../cdrs/token-owner.js';
import { ObjectStore } from '../shared/object-store.js';
import { mergeFields } from '../shared/patch.js';
import type { Session } from './schema.js';

export function sessionStore(ctx: NodeContext): ObjectStore<Session> {
  return new ObjectStore<Session>(ctx.db, ctx.dialect, 'sessions', { columns: tokenOwnerColumn, logger: ctx.logger });
}

/** The identity of a Session is never changed by a PATCH (checked against the URL beforehand, T-30). */
const IDENTITY = ['country_code', 'party_id', 'id'] as const;

/**
 * A Session PATCH (SES-06): fields replace, except `charging_periods`, which are appended; an
 * absent, null or empty list changes nothing (replacing or removing periods takes a PUT).
 */
export function mergeSessionPatch(current: Session, patch: Record<string, unknown>): Session {
  const { charging_periods: periods, ...fields } = patch;
  // A new object: callers compare the result with `current` to detect a real change.
  const merged = mergeFields({ ...current }, fields, IDENTITY);
  if (Array.isArray(periods) && periods.length > 0) {
    merged.charging_periods = [...(current.charging_periods ?? []), ...(periods as NonNullable<Session['charging_periods']>)];
  }
  return merged;
}
