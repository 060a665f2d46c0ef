/**
 * CDRs module (mod_cdrs.asciidoc): CDR, CdrToken, CdrLocation, ChargingPeriod, CdrDimension,
 * SignedData, SignedValue and their enums (CDR-12..17). ChargingPeriod, CdrToken and AuthMethod
 * are defined here, as in the spec, and reused by Sessions.
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
  NonEmptyList,
  OcpiInt,
  OcpiNumber,
  OcpiString,
  Opt,
  PartyId,
  Price,
} from '../../core/types.js';
import { ConnectorFormat, ConnectorType, GeoLocation, PowerType } from '../locations/schema.js';
import { Tariff } from '../tariffs/schema.js';
import { TokenType } from '../tokens/schema.js';

/** AuthMethod (CDR-17). */
export const AuthMethodValues = ['AUTH_REQUEST', 'COMMAND', 'WHITELIST'] as const;
export const AuthMethod = Enum(AuthMethodValues, { description: 'Method used for authorization' });
export type AuthMethod = Static<typeof AuthMethod>;

/** CdrDimensionType (CDR-17). */
export const CdrDimensionTypeValues = [
  'CURRENT',
  'ENERGY',
  'ENERGY_EXPORT',
  'ENERGY_IMPORT',
  'MAX_CURRENT',
  'MIN_CURRENT',
  'MAX_POWER',
  'MIN_POWER',
  'PARKING_TIME',
  'POWER',
  'RESERVATION_TIME',
  'STATE_OF_CHARGE',
  'TIME',
] as const;
export const CdrDimensionType = Enum(CdrDimensionTypeValues, { description: 'Type of a measured dimension' });
export type CdrDimensionType = Static<typeof CdrDimensionType>;

/**
 * Dimension types that only belong in Sessions and SHALL NOT appear in CDRs (CDR-17). The CDR
 * schema still accepts them (a received CDR is not refused for an informational dimension); a CDR
 * sender filters them out.
 */
export const SESSION_ONLY_DIMENSION_TYPES: readonly CdrDimensionType[] = [
  'CURRENT',
  'ENERGY_EXPORT',
  'ENERGY_IMPORT',
  'POWER',
  'STATE_OF_CHARGE',
];

/** CdrDimension (CDR-15). */
export const CdrDimension = Type.Object(
  {
    type: CdrDimensionType,
    volume: OcpiNumber({ description: 'Volume consumed, in the unit of the dimension type' }),
  },
  { description: 'A measured value of a charging period' },
);
export type CdrDimension = Static<typeof CdrDimension>;

/** ChargingPeriod (CDR-15): also used by Sessions. */
export const ChargingPeriod = Type.Object(
  {
    start_date_time: DateTimeOf({ description: 'Start of the period; it ends where the next one starts' }),
    dimensions: NonEmptyList(CdrDimension, { description: 'Values of this period' }),
    tariff_id: Opt(CiString(36, { description: 'Tariff relevant for this period' })),
  },
  { description: 'A period of a charging session with constant pricing' },
);
export type ChargingPeriod = Static<typeof ChargingPeriod>;

/** CdrToken (CDR-14): also used by Sessions. */
export const CdrToken = Type.Object(
  {
    country_code: CountryCode({ description: 'ISO 3166-1 alpha-2 country code of the eMSP owning the token' }),
    party_id: PartyId({ description: 'ID of the eMSP owning the token' }),
    uid: CiString(36, { description: 'Unique ID of the token, together with its type' }),
    type: TokenType,
    contract_id: CiString(36, { description: 'EV driver contract (eMA ID recommended)' }),
  },
  { description: 'The token used for a session' },
);
export type CdrToken = Static<typeof CdrToken>;

/**
 * CdrLocation (CDR-13). Note the shorter limits than Location: address 45, state 20 (PIT-20).
 * evse_uid, evse_id and connector_id may be `#NA` for a reservation that never became a session.
 */
export const CdrLocation = Type.Object(
  {
    id: CiString(36, { description: 'Location id' }),
    name: Opt(OcpiString(255, { description: 'Display name of the location' })),
    address: OcpiString(45, { description: 'Street and house number' }),
    city: OcpiString(45, { description: 'City or town' }),
    postal_code: Opt(OcpiString(10, { description: 'Postal code' })),
    state: Opt(OcpiString(20, { description: 'State or province' })),
    country: OcpiString(3, { description: 'ISO 3166-1 alpha-3 country code' }),
    coordinates: GeoLocation,
    evse_uid: CiString(36, { description: 'uid of the EVSE used' }),
    evse_id: CiString(48, { description: 'eMI3 EVSE ID of the EVSE used' }),
    connector_id: CiString(36, { description: 'Id of the connector used' }),
    connector_standard: ConnectorType,
    connector_format: ConnectorFormat,
    connector_power_type: PowerType,
  },
  { description: 'Where the session took place: the location with only the EVSE and connector used' },
);
export type CdrLocation = Static<typeof CdrLocation>;

/** SignedValue (CDR-16). */
export const SignedValue = Type.Object(
  {
    nature: CiString(32, { description: 'Event this value belongs to, e.g. Start, End, Intermediate' }),
    plain_data: OcpiString(5000, { description: 'The un-encoded data' }),
    signed_data: OcpiString(5000, { description: 'Signed data blob, Base64' }),
  },
  { description: 'One signed meter value' },
);
export type SignedValue = Static<typeof SignedValue>;

/** SignedData (CDR-16), e.g. for German Eichrecht. */
export const SignedData = Type.Object(
  {
    encoding_method: CiString(36, { description: 'Name of the encoding, e.g. OCMF' }),
    encoding_method_version: Opt(OcpiInt({ description: 'Version of the encoding method' })),
    public_key: Opt(OcpiString(512, { description: 'Public key used to sign the data, Base64' })),
    signed_values: NonEmptyList(SignedValue, { description: 'One or more signed values' }),
    url: Opt(OcpiString(512, { description: 'URL where the driver can check the signed data' })),
  },
  { description: 'Signed meter data of the session' },
);
export type SignedData = Static<typeof SignedData>;

/** CDR (CDR-12). */
export const CDR = Type.Object(
  {
    country_code: CountryCode({ description: 'ISO 3166-1 alpha-2 country code of the CPO owning this CDR' }),
    party_id: PartyId({ description: 'ID of the CPO owning this CDR' }),
    id: CiString(39, { description: 'Id of the CDR, unique per country_code/party_id (≤ 36 for non-credit CDRs)' }),
    start_date_time: DateTimeOf({ description: 'Start of the session (or of the reservation)' }),
    end_date_time: DateTimeOf({ description: 'End of the session' }),
    session_id: Opt(CiString(36, { description: 'Id of the session of this CDR' })),
    cdr_token: CdrToken,
    auth_method: AuthMethod,
    authorization_reference: Opt(CiString(36, { description: 'Last authorization reference given by the eMSP' })),
    cdr_location: CdrLocation,
    meter_id: Opt(OcpiString(255, { description: 'Meter identification in the charge point' })),
    currency: Currency(),
    tariffs: List(Tariff),
    charging_periods: NonEmptyList(ChargingPeriod, { description: 'Charging periods of the session' }),
    signed_data: Opt(SignedData),
    total_cost: Price,
    total_fixed_cost: Opt(Price),
    total_energy: OcpiNumber({ description: 'Total energy charged in kWh' }),
    total_energy_cost: Opt(Price),
    total_time: OcpiNumber({ description: 'Total duration of the session in hours, charging and not charging' }),
    total_time_cost: Opt(Price),
    total_parking_time: Opt(OcpiNumber({ description: 'Duration in hours during which the EV was not charging' })),
    total_parking_cost: Opt(Price),
    total_reservation_cost: Opt(Price),
    remark: Opt(OcpiString(255, { description: 'Remark, e.g. why the session was stopped' })),
    invoice_reference_id: Opt(CiString(39, { description: 'Reference to an invoice' })),
    credit: Opt(Type.Boolean({ description: 'True for a credit CDR (then credit_reference_id is set)' })),
    credit_reference_id: Opt(CiString(39, { description: 'Id of the CDR this credit CDR credits' })),
    home_charging_compensation: Opt(Type.Boolean({ description: 'Session at the driver’s home charger' })),
    last_updated: DateTimeOf({ description: 'When this CDR was last updated (or created)' }),
  },
  { description: 'Charge detail record: the final, immutable record of a session' },
);
export type CDR = Static<typeof CDR>;
