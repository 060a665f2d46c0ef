/**
 * Pure operations on the Location → EVSE → Connector tree: lookups by identifier
 * (case-insensitive, TYP-01), PATCH merges (LOC-09; nested lists by identifier, PIT-12), content
 * comparison that ignores last_updated, and last_updated ordering (PIT-08).
 */
import { toSortableTimestamp } from '../../core/datetime.js';
import { mergeFields, mergeListById, sameContent } from '../shared/patch.js';
import type { Connector, EVSE, Location } from './schema.js';

export { sameContent };

export type LocationLevel = 'location' | 'evse' | 'connector';

export function sameId(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}

export function evseIndex(location: Location, uid: string): number {
  return (location.evses ?? []).findIndex((e) => sameId(e.uid, uid));
}

export function findEvse(location: Location, uid: string): EVSE | undefined {
  return (location.evses ?? []).find((e) => sameId(e.uid, uid));
}

export function findConnector(evse: EVSE, id: string): Connector | undefined {
  return evse.connectors.find((c) => sameId(c.id, id));
}

/** Replaces (same uid) or appends an EVSE; returns whether it was new. */
export function upsertEvse(location: Location, evse: EVSE): boolean {
  const evses = location.evses ?? [];
  const index = evses.findIndex((e) => sameId(e.uid, evse.uid));
  if (index >= 0) evses[index] = evse;
  else evses.push(evse);
  location.evses = evses;
  return index < 0;
}

/** Replaces (same id) or appends a Connector; returns whether it was new. */
export function upsertConnector(evse: EVSE, connector: Connector): boolean {
  const index = evse.connectors.findIndex((c) => sameId(c.id, connector.id));
  if (index >= 0) evse.connectors[index] = connector;
  else evse.connectors.push(connector);
  return index < 0;
}

/** LOC-01/LOC-11: a Location with at least one EVSE that is not REMOVED. */
export function hasValidEvse(location: Location): boolean {
  return (location.evses ?? []).some((e) => e.status !== 'REMOVED');
}

/** The later of two OCPI DateTimes (by instant, whatever their textual form). */
export function later(a: string, b: string): string {
  return (toSortableTimestamp(b) ?? '') > (toSortableTimestamp(a) ?? '') ? b : a;
}

/**
 * Merges a Connector PATCH. A nested patch without last_updated that changes something gets
 * `stamp` (the enclosing PATCH's last_updated).
 */
export function mergeConnector(current: Connector, patch: Record<string, unknown>, stamp: string): Connector {
  const merged = mergeFields(structuredClone(current), patch, ['id']);
  if (patch.last_updated === undefined && !sameContent(current, merged)) merged.last_updated = stamp;
  return merged;
}

/** Merges an EVSE PATCH; `connectors` merge by id (PIT-12). */
export function mergeEvse(current: EVSE, patch: Record<string, unknown>, stamp: string): EVSE {
  const merged = mergeFields(structuredClone(current), patch, ['uid', 'connectors']);
  if (Array.isArray(patch.connectors)) {
    merged.connectors = stampNew(
      mergeListById(merged.connectors, patch.connectors as Record<string, unknown>[], 'id', (c, p) => mergeConnector(c, p, stamp)),
      stamp,
    );
  }
  if (patch.last_updated === undefined && !sameContent(current, merged)) merged.last_updated = stamp;
  return merged;
}

/** Merges a Location PATCH; `evses` merge by uid, never replacing the list (PIT-12). */
export function mergeLocation(current: Location, patch: Record<string, unknown>): Location {
  const stamp = String(patch.last_updated);
  const merged = mergeFields(structuredClone(current), patch, ['country_code', 'party_id', 'id', 'evses']);
  if (Array.isArray(patch.evses)) {
    merged.evses = stampNew(
      mergeListById(merged.evses, patch.evses as Record<string, unknown>[], 'uid', (e, p) => mergeEvse(e, p, stamp)),
      stamp,
    );
    for (const evse of merged.evses) evse.connectors = Array.isArray(evse.connectors) ? stampNew(evse.connectors, stamp) : evse.connectors;
  }
  return merged;
}

/** Items appended by a merge without their own last_updated get the PATCH's. */
function stampNew<T extends { last_updated?: string }>(items: T[], stamp: string): T[] {
  for (const item of items) if (item && typeof item === 'object' && item.last_updated === undefined) item.last_updated = stamp;
  return items;
}

/** The path of an object below a Receiver's locations endpoint: `/NL/CPO/LOC1[/EVSE1[/1]]`. */
export function receiverPath(countryCode: string, partyId: string, locationId: string, evseUid?: string, connectorId?: string): string {
  return ['', countryCode, partyId, locationId, evseUid, connectorId]
    .filter((s): s is string => s !== undefined)
    .map((s, i) => (i === 0 ? s : encodeURIComponent(s)))
    .join('/');
}
