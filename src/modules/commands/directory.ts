/**
 * What a CPO must know before it accepts a command or a profile request: its own Location (2003
 * otherwise, CMD-03) and whose a Session is (UNKNOWN_SESSION / REJECTED, CMD-03, CP-04). Locations
 * come from the Locations module's own data; sessions from the node's chargers, which know the
 * sessions running on them and the token each runs for (until the Sessions module offers a read API).
 */
import { chargePointsOf } from '../../chargepoint/attach.js';
import type { ChargingSessionInfo } from '../../chargepoint/port.js';
import type { PartyKey } from '../credentials/partner.js';
import { locationsService } from '../locations/index.js';
import type { Location } from '../locations/schema.js';
import type { NodeContext } from '../module.js';

export interface CpoDirectory {
  /** The own party's Location `locationId`, or undefined. */
  findLocation(own: PartyKey, locationId: string): Promise<Location | undefined>;
  /** The running session `sessionId` of the own party `own`, with the token it runs for. */
  findSession(own: PartyKey, sessionId: string): Promise<ChargingSessionInfo | undefined>;
}

export function defaultDirectory(ctx: NodeContext): CpoDirectory {
  return {
    findLocation: (own, locationId) => locationsService(ctx).own.get({ countryCode: own.countryCode, partyId: own.partyId, locationId }),
    findSession: (_own, sessionId) => chargePointsOf(ctx).findSession(sessionId),
  };
}
