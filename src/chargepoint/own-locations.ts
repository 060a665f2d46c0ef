/**
 * The in-process chargers serve the CPO's own Locations: every EVSE and Connector published there
 * is a simulated charger, kept in step with every change, so that a partner's START_SESSION on a
 * published EVSE is answered by a charger that knows it (instead of REJECTED by one without EVSEs).
 */
import type { NodeContext } from '../modules/module.js';
import { connectorMaxPowerW } from '../modules/locations/power.js';
import type { EVSE, Location } from '../modules/locations/schema.js';
import type { InProcessChargePoints, SimulatedEvse } from './in-process.js';

/** Statuses in which an EVSE cannot charge: the charger answers EVSE_INOPERATIVE. */
const INOPERATIVE: readonly EVSE['status'][] = ['INOPERATIVE', 'OUTOFORDER', 'PLANNED', 'BLOCKED'];

/** Loads the own Locations into the chargers and follows their changes; returns the unsubscribe. */
export async function serveOwnLocations(ctx: NodeContext, chargers: InProcessChargePoints): Promise<() => void> {
  const own = ctx.services.locations?.cpo;
  if (!own) return () => undefined;
  const stop = own.onChange((change) => serveLocation(chargers, change.location));
  for (const location of await own.list()) serveLocation(chargers, location);
  return stop;
}

export function serveLocation(chargers: InProcessChargePoints, location: Location): void {
  for (const evse of location.evses ?? []) {
    if (evse.status === 'REMOVED') chargers.forgetEvse(location.id, evse.uid);
    else chargers.serveEvse(simulatedEvse(location.id, evse));
  }
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
