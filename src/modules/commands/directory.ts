/**
 * What a CPO must know before it accepts a command or a profile request: its own Location (2003
 * otherwise, CMD-03) and whose a Session is (UNKNOWN_SESSION / REJECTED, CMD-03, CP-04). Locations
 * come from the Locations module's own data; sessions from the Sessions module's own sessions and,
 * for sessions no Session object was published for (yet), from the chargers that run them.
 */
import { chargePointsOf } from '../../chargepoint/attach.js';
import type { ChargingSessionInfo } from '../../chargepoint/port.js';
import { parseDateTime } from '../../core/datetime.js';
import type { PartyKey } from '../credentials/partner.js';
import { locationsService } from '../locations/index.js';
import type { Location } from '../locations/schema.js';
import type { NodeContext } from '../module.js';
import type { Session } from '../sessions/schema.js';

export interface CpoDirectory {
  /** The own party's Location `locationId`, or undefined. */
  findLocation(own: PartyKey, locationId: string): Promise<Location | undefined>;
  /** The own party's session `sessionId`, with the token it runs for. */
  findSession(own: PartyKey, sessionId: string): Promise<ChargingSessionInfo | undefined>;
}

export function defaultDirectory(ctx: NodeContext): CpoDirectory {
  return {
    findLocation: (own, locationId) => locationsService(ctx).own.get({ countryCode: own.countryCode, partyId: own.partyId, locationId }),
    async findSession(own, sessionId) {
      const published = await ctx.services.sessions?.cpo?.own.get({ countryCode: own.countryCode, partyId: own.partyId, id: sessionId });
      if (published) return published.status === 'COMPLETED' || published.status === 'INVALID' ? undefined : fromSession(published);
      return chargePointsOf(ctx).findSession(sessionId);
    },
  };
}

function fromSession(session: Session): ChargingSessionInfo {
  const token = session.cdr_token;
  const info: ChargingSessionInfo = {
    sessionId: session.id,
    locationId: session.location_id,
    evseUid: session.evse_uid,
    connectorId: session.connector_id,
    token: { countryCode: token.country_code, partyId: token.party_id, uid: token.uid, type: token.type, contractId: token.contract_id },
    // Stored sessions passed the schema, so the DateTime parses.
    startedAt: parseDateTime(session.start_date_time)!,
  };
  if (session.authorization_reference != null) info.authorizationReference = session.authorization_reference;
  return info;
}
