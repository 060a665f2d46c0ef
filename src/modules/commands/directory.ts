/**
 * What a CPO must know before it accepts a command or a profile request: whether a Location is its
 * own (2003 otherwise, CMD-03) and whose a Session is (UNKNOWN_SESSION / REJECTED, CMD-03, CP-04).
 * The Locations and Sessions modules are the natural sources; until they offer a read API this
 * directory asks the node's chargers, which know their locations and running sessions.
 */
import { chargePointsOf } from '../../chargepoint/attach.js';
import type { ChargingSessionInfo } from '../../chargepoint/port.js';
import type { PartyKey } from '../credentials/partner.js';
import type { NodeContext } from '../module.js';

export interface CpoDirectory {
  /** Whether `locationId` is a Location of the own party `own`. */
  locationExists(own: PartyKey, locationId: string): Promise<boolean>;
  /** The running session `sessionId` of the own party `own`, with the token it runs for. */
  findSession(own: PartyKey, sessionId: string): Promise<ChargingSessionInfo | undefined>;
}

export function chargerDirectory(ctx: NodeContext): CpoDirectory {
  return {
    locationExists: (_own, locationId) => chargePointsOf(ctx).hasLocation(locationId),
    findSession: (_own, sessionId) => chargePointsOf(ctx).findSession(sessionId),
  };
}
