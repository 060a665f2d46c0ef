/**
 * Charging profiles module (mod_charging_profiles.asciidoc): ChargingProfile, the request and
 * result objects and their enums (CP-08, CP-09).
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { DateTimeOf, Enum, List, OcpiInt, OcpiNumber, Opt, UrlOf } from '../../core/types.js';

/** ChargingRateUnit (CP-09): W = total power, A = current per phase. */
export const ChargingRateUnitValues = ['W', 'A'] as const;
export const ChargingRateUnit = Enum(ChargingRateUnitValues, { description: 'W: total power; A: current per phase' });
export type ChargingRateUnit = Static<typeof ChargingRateUnit>;

/** ChargingProfileResponseType (CP-09). */
export const ChargingProfileResponseTypeValues = [
  'ACCEPTED',
  'NOT_SUPPORTED',
  'REJECTED',
  'TOO_OFTEN',
  'UNKNOWN_SESSION',
] as const;
export const ChargingProfileResponseType = Enum(ChargingProfileResponseTypeValues, {
  description: 'Response of the CPO to a charging profile request',
});
export type ChargingProfileResponseType = Static<typeof ChargingProfileResponseType>;

/** ChargingProfileResultType (CP-09). */
export const ChargingProfileResultTypeValues = ['ACCEPTED', 'REJECTED', 'UNKNOWN'] as const;
export const ChargingProfileResultType = Enum(ChargingProfileResultTypeValues, {
  description: 'Result of a charging profile request at the EVSE',
});
export type ChargingProfileResultType = Static<typeof ChargingProfileResultType>;

/** ChargingProfilePeriod (CP-08). `limit` has at most one fraction digit (not checked by the schema). */
export const ChargingProfilePeriod = Type.Object(
  {
    start_period: OcpiInt({ minimum: 0, description: 'Start of the period in seconds from the start of the profile' }),
    limit: OcpiNumber({ description: 'Charging rate limit in the charging_rate_unit (at most one fraction digit)' }),
  },
  { description: 'A period of a charging profile' },
);
export type ChargingProfilePeriod = Static<typeof ChargingProfilePeriod>;

/** ChargingProfile (CP-08). Limits are upper bounds, not targets (CP-07). */
export const ChargingProfile = Type.Object(
  {
    start_date_time: Opt(DateTimeOf({ description: 'Start of an absolute profile; absent = relative to charging start' })),
    duration: Opt(OcpiInt({ minimum: 0, description: 'Duration of the profile in seconds' })),
    charging_rate_unit: ChargingRateUnit,
    min_charging_rate: Opt(OcpiNumber({ description: 'Minimum charging rate supported by the EV (one fraction digit)' })),
    charging_profile_period: List(ChargingProfilePeriod),
  },
  { description: 'Limits on power or current over time' },
);
export type ChargingProfile = Static<typeof ChargingProfile>;

/** ActiveChargingProfile (CP-08). */
export const ActiveChargingProfile = Type.Object(
  {
    start_date_time: DateTimeOf({ description: 'When the charge point calculated this profile; times are relative to it' }),
    charging_profile: ChargingProfile,
  },
  { description: 'The charging profile currently in force for a session' },
);
export type ActiveChargingProfile = Static<typeof ActiveChargingProfile>;

/** SetChargingProfile (CP-02): body of PUT {chargingprofiles_url}/{session_id} on the Receiver. */
export const SetChargingProfile = Type.Object(
  {
    charging_profile: ChargingProfile,
    response_url: UrlOf({ description: 'URL the ChargingProfileResult is POSTed to' }),
  },
  { description: 'Request to set a charging profile on a session' },
);
export type SetChargingProfile = Static<typeof SetChargingProfile>;

/** ChargingProfileResponse (CP-08): the `data` of the synchronous answer to GET/PUT/DELETE. */
export const ChargingProfileResponse = Type.Object(
  {
    result: ChargingProfileResponseType,
    timeout: OcpiInt({ minimum: 0, description: 'Seconds the requester should wait for the result' }),
  },
  { description: 'Synchronous answer of the CPO to a charging profile request' },
);
export type ChargingProfileResponse = Static<typeof ChargingProfileResponse>;

/** ActiveChargingProfileResult (CP-08): POSTed to the response_url of a GET. */
export const ActiveChargingProfileResult = Type.Object(
  {
    result: ChargingProfileResultType,
    profile: Opt(ActiveChargingProfile),
  },
  { description: 'Result of a request for the active charging profile' },
);
export type ActiveChargingProfileResult = Static<typeof ActiveChargingProfileResult>;

/** ChargingProfileResult (CP-08): POSTed to the response_url of a PUT. */
export const ChargingProfileResult = Type.Object(
  { result: ChargingProfileResultType },
  { description: 'Result of setting a charging profile' },
);
export type ChargingProfileResult = Static<typeof ChargingProfileResult>;

/** ClearProfileResult (CP-08): POSTed to the response_url of a DELETE. */
export const ClearProfileResult = Type.Object(
  { result: ChargingProfileResultType },
  { description: 'Result of clearing a charging profile' },
);
export type ClearProfileResult = Static<typeof ClearProfileResult>;
