/**
 * The in-process chargers serve the CPO's own Locations: every EVSE and Connector published there
 * is a simulated charger, so that a partner's START_SESSION on a published EVSE is answered by a
 * charger that knows it (instead of REJECTED by one without EVSEs). The chargers look a location
 * up when they are asked about it, so they follow every change and hold nothing they are not asked
 * about (a CPO with 100k Locations loads none of them at start).
 */
import type { NodeContext } from '../modules/module.js';
import { connectorMaxPowerW } from '../modules/locations/power.js';
import type { EVSE, Location } from '../modules/locations/schema.js';
import { ownPartiesOf } from '../modules/shared/routing.js';
import type { InProcessChargePoints, SimulatedEvse } from './in-process.js';

/** Statuses in which an EVSE cannot charge: the charger answers EVSE_INOPERATIVE. */
const INOPERATIVE: readonly EVSE['status'][] = ['INOPERATIVE', 'OUTOFORDER', 'PLANNED', 'BLOCKED'];

export function serveOwnLocations(ctx: NodeContext, chargers: InProcessChargePoints): void {
  chargers.serveFrom(async (locationId) => {
    const location = await ownLocation(ctx, locationId);
    return location && simulatedEvses(location);
  });
}

/** The own Location with this id, of whichever own CPO party. */
export async function ownLocation(ctx: NodeContext, locationId: string): Promise<Location | undefined> {
  for (const party of ownPartiesOf(ctx, 'CPO')) {
    const found = await ctx.services.locations?.cpo?.get({ countryCode: party.countryCode, partyId: party.partyId, locationId });
    if (found) return found;
  }
  return undefined;
}

/** The chargers behind a Location's EVSEs; a REMOVED EVSE has none (LOC-11). */
export function simulatedEvses(location: Location): SimulatedEvse[] {
  return (location.evses ?? []).filter((e) => e.status !== 'REMOVED').map((e) => simulatedEvse(location.id, e));
}

/** The charger behind a published EVSE: its connectors, their power, whether it can charge now. */
export function simulatedEvse(locationId: string, evse: EVSE): SimulatedEvse {
  const connectorPowerW = Object.fromEntries(evse.connectors.map((c) => [c.id, connectorMaxPowerW(c)]));
  return {
    locationId,
    evseUid: evse.uid,
    connectorIds: evse.connectors.map((c) => c.id),
    maxPowerW: Math.max(...Object.values(connectorPowerW)),
    connectorPowerW,
    operative: !INOPERATIVE.includes(evse.status),
    chargingProfiles: evse.capabilities?.includes('CHARGING_PROFILE_CAPABLE') ?? false,
  };
}
