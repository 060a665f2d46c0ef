/**
 * Sessions module (mod_sessions.asciidoc): Session, ChargingPreferences and their enums
 * (SES-14..16), plus the PATCH body (SES-06). ChargingPeriod, CdrToken and AuthMethod come from
 * CDRs, as in the spec. ProfileType lives in core/types.ts (Tokens use it too) and is re-exported.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import {
  CiString,
  CountryCode,
  Currency,
  DateTimeOf,
  Enum,
  List,
  OcpiNumber,
  OcpiString,
  Opt,
  PartyId,
  Patch,
  Price,
  ProfileType,
} from '../../core/types.js';
import { AuthMethod, CdrToken, ChargingPeriod } from '../cdrs/schema.js';

export { ProfileType, ProfileTypeValues } from '../../core/types.js';

/**
 * SessionStatus (SES-16). RESERVATION, not RESERVED (PIT-15): the spec's reservation prose says
 * RESERVED but the enum says RESERVATION.
 */
export const SessionStatusValues = ['ACTIVE', 'COMPLETED', 'INVALID', 'PENDING', 'RESERVATION'] as const;
export const SessionStatus = Enum(SessionStatusValues, { description: 'Status of a session' });
export type SessionStatus = Static<typeof SessionStatus>;

/** ChargingPreferencesResponse (SES-16): the `data` of PUT charging_preferences. */
export const ChargingPreferencesResponseValues = [
  'ACCEPTED',
  'DEPARTURE_REQUIRED',
  'ENERGY_NEED_REQUIRED',
  'NOT_POSSIBLE',
  'PROFILE_TYPE_NOT_SUPPORTED',
] as const;
export const ChargingPreferencesResponse = Enum(ChargingPreferencesResponseValues, {
  description: 'Answer to a charging preferences request',
});
export type ChargingPreferencesResponse = Static<typeof ChargingPreferencesResponse>;

/** ChargingPreferences (SES-15): body of PUT {sessions_url}/{session_id}/charging_preferences. */
export const ChargingPreferences = Type.Object(
  {
    profile_type: ProfileType,
    departure_time: Opt(DateTimeOf({ description: 'Expected departure (estimate)' })),
    energy_need: Opt(OcpiNumber({ description: 'Requested energy in kWh' })),
    discharge_allowed: Opt(Type.Boolean({ description: 'The EV may be discharged when needed (default false)' })),
  },
  { description: 'Charging preferences of the driver for a session' },
);
export type ChargingPreferences = Static<typeof ChargingPreferences>;

/** Session (SES-14). */
export const Session = Type.Object(
  {
    country_code: CountryCode({ description: 'ISO 3166-1 alpha-2 country code of the CPO owning this session' }),
    party_id: PartyId({ description: 'ID of the CPO owning this session' }),
    id: CiString(36, { description: 'Id of the session in the CPO platform' }),
    start_date_time: DateTimeOf({ description: 'When the session became ACTIVE (while PENDING: when it was created)' }),
    end_date_time: Opt(DateTimeOf({ description: 'When the session was completed' })),
    kwh: OcpiNumber({ description: 'Energy charged so far, in kWh' }),
    cdr_token: CdrToken,
    auth_method: AuthMethod,
    authorization_reference: Opt(CiString(36, { description: 'Last authorization reference given by the eMSP' })),
    location_id: CiString(36, { description: 'Location.id of the session' }),
    evse_uid: CiString(36, { description: 'EVSE.uid of the session (#NA for an unassigned reservation)' }),
    connector_id: CiString(36, { description: 'Connector.id of the session (#NA for an unassigned reservation)' }),
    meter_id: Opt(OcpiString(255, { description: 'Identification of the kWh meter' })),
    currency: Currency(),
    charging_periods: List(ChargingPeriod),
    total_cost: Opt(Price),
    status: SessionStatus,
    last_updated: DateTimeOf({ description: 'When this session was last updated (or created)' }),
  },
  { description: 'A charging session (or reservation)' },
);
export type Session = Static<typeof Session>;

/**
 * PATCH body of a Session (SES-06): partial, `last_updated` required; `charging_periods` given in a
 * PATCH are appended to the existing ones.
 */
export const SessionPatch = Patch(Session.properties, ['last_updated'], { description: 'Partial Session update' });
export type SessionPatch = Static<typeof SessionPatch>;
