/**
 * Locations module (mod_locations.asciidoc): Location, EVSE, Connector, their classes and enums
 * (LOC-17..21), and the PATCH bodies (LOC-09). Several classes defined here are used by other
 * modules, as in the spec: GeoLocation, BusinessDetails, Image, EnergyMix, ConnectorType,
 * ConnectorFormat, PowerType.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import {
  CiString,
  CountryCode,
  DateTimeOf,
  DisplayText,
  Enum,
  List,
  NonEmptyList,
  OcpiInt,
  OcpiNumber,
  OcpiString,
  Opt,
  PartyId,
  Patch,
  TimeOfDay,
  UrlOf,
  definePattern,
} from '../../core/types.js';
import { TokenType } from '../tokens/schema.js';

// ---------------------------------------------------------------------------------------------
// Enums (LOC-21)
// ---------------------------------------------------------------------------------------------

export const StatusValues = [
  'AVAILABLE',
  'BLOCKED',
  'CHARGING',
  'INOPERATIVE',
  'OUTOFORDER',
  'PLANNED',
  'REMOVED',
  'RESERVED',
  'UNKNOWN',
] as const;
export const Status = Enum(StatusValues, { description: 'Status of an EVSE' });
export type Status = Static<typeof Status>;

export const CapabilityValues = [
  'CHARGING_PROFILE_CAPABLE',
  'CHARGING_PREFERENCES_CAPABLE',
  'CHIP_CARD_SUPPORT',
  'CONTACTLESS_CARD_SUPPORT',
  'CREDIT_CARD_PAYABLE',
  'DEBIT_CARD_PAYABLE',
  'PED_TERMINAL',
  'REMOTE_START_STOP_CAPABLE',
  'RESERVABLE',
  'RFID_READER',
  'START_SESSION_CONNECTOR_REQUIRED',
  'TOKEN_GROUP_CAPABLE',
  'UNLOCK_CAPABLE',
] as const;
export const Capability = Enum(CapabilityValues, { description: 'A functionality of an EVSE' });
export type Capability = Static<typeof Capability>;

export const ConnectorFormatValues = ['SOCKET', 'CABLE'] as const;
export const ConnectorFormat = Enum(ConnectorFormatValues, { description: 'Socket or attached cable' });
export type ConnectorFormat = Static<typeof ConnectorFormat>;

export const ConnectorTypeValues = [
  'CHADEMO',
  'CHAOJI',
  'DOMESTIC_A',
  'DOMESTIC_B',
  'DOMESTIC_C',
  'DOMESTIC_D',
  'DOMESTIC_E',
  'DOMESTIC_F',
  'DOMESTIC_G',
  'DOMESTIC_H',
  'DOMESTIC_I',
  'DOMESTIC_J',
  'DOMESTIC_K',
  'DOMESTIC_L',
  'DOMESTIC_M',
  'DOMESTIC_N',
  'DOMESTIC_O',
  'GBT_AC',
  'GBT_DC',
  'IEC_60309_2_single_16',
  'IEC_60309_2_three_16',
  'IEC_60309_2_three_32',
  'IEC_60309_2_three_64',
  'IEC_62196_T1',
  'IEC_62196_T1_COMBO',
  'IEC_62196_T2',
  'IEC_62196_T2_COMBO',
  'IEC_62196_T3A',
  'IEC_62196_T3C',
  'NEMA_5_20',
  'NEMA_6_30',
  'NEMA_6_50',
  'NEMA_10_30',
  'NEMA_10_50',
  'NEMA_14_30',
  'NEMA_14_50',
  'PANTOGRAPH_BOTTOM_UP',
  'PANTOGRAPH_TOP_DOWN',
  'TESLA_R',
  'TESLA_S',
] as const;
export const ConnectorType = Enum(ConnectorTypeValues, { description: 'Standard of the installed connector' });
export type ConnectorType = Static<typeof ConnectorType>;

export const PowerTypeValues = ['AC_1_PHASE', 'AC_2_PHASE', 'AC_2_PHASE_SPLIT', 'AC_3_PHASE', 'DC'] as const;
export const PowerType = Enum(PowerTypeValues, { description: 'AC phases or DC' });
export type PowerType = Static<typeof PowerType>;

export const ParkingTypeValues = [
  'ALONG_MOTORWAY',
  'PARKING_GARAGE',
  'PARKING_LOT',
  'ON_DRIVEWAY',
  'ON_STREET',
  'UNDERGROUND_GARAGE',
] as const;
export const ParkingType = Enum(ParkingTypeValues, { description: 'General type of parking at the location' });
export type ParkingType = Static<typeof ParkingType>;

export const ParkingRestrictionValues = ['EV_ONLY', 'PLUGGED', 'DISABLED', 'CUSTOMERS', 'MOTORCYCLES'] as const;
export const ParkingRestriction = Enum(ParkingRestrictionValues, { description: 'Restriction on the parking spot' });
export type ParkingRestriction = Static<typeof ParkingRestriction>;

export const FacilityValues = [
  'HOTEL',
  'RESTAURANT',
  'CAFE',
  'MALL',
  'SUPERMARKET',
  'SPORT',
  'RECREATION_AREA',
  'NATURE',
  'MUSEUM',
  'BIKE_SHARING',
  'BUS_STOP',
  'TAXI_STAND',
  'TRAM_STOP',
  'METRO_STATION',
  'TRAIN_STATION',
  'AIRPORT',
  'PARKING_LOT',
  'CARPOOL_PARKING',
  'FUEL_STATION',
  'WIFI',
] as const;
export const Facility = Enum(FacilityValues, { description: 'A facility the location belongs to' });
export type Facility = Static<typeof Facility>;

export const ImageCategoryValues = ['CHARGER', 'ENTRANCE', 'LOCATION', 'NETWORK', 'OPERATOR', 'OTHER', 'OWNER'] as const;
export const ImageCategory = Enum(ImageCategoryValues, { description: 'What the image is used for' });
export type ImageCategory = Static<typeof ImageCategory>;

export const EnergySourceCategoryValues = [
  'NUCLEAR',
  'GENERAL_FOSSIL',
  'COAL',
  'GAS',
  'GENERAL_GREEN',
  'SOLAR',
  'WIND',
  'WATER',
] as const;
export const EnergySourceCategory = Enum(EnergySourceCategoryValues, { description: 'Type of energy source' });
export type EnergySourceCategory = Static<typeof EnergySourceCategory>;

export const EnvironmentalImpactCategoryValues = ['NUCLEAR_WASTE', 'CARBON_DIOXIDE'] as const;
export const EnvironmentalImpactCategory = Enum(EnvironmentalImpactCategoryValues, {
  description: 'Environmental impact category',
});
export type EnvironmentalImpactCategory = Static<typeof EnvironmentalImpactCategory>;

// ---------------------------------------------------------------------------------------------
// Classes (LOC-20)
// ---------------------------------------------------------------------------------------------

export const LATITUDE_PATTERN = definePattern(
  '^-?[0-9]{1,2}\\.[0-9]{5,7}$',
  'must be a latitude in decimal degrees with 5 to 7 decimals, e.g. 50.770774',
);
export const LONGITUDE_PATTERN = definePattern(
  '^-?[0-9]{1,3}\\.[0-9]{5,7}$',
  'must be a longitude in decimal degrees with 5 to 7 decimals, e.g. -126.104965',
);

const latitude = () =>
  OcpiString(10, { pattern: LATITUDE_PATTERN, description: 'Latitude in decimal degrees (WGS 84), e.g. 50.770774' });
const longitude = () =>
  OcpiString(11, { pattern: LONGITUDE_PATTERN, description: 'Longitude in decimal degrees (WGS 84), e.g. -126.104965' });

/** GeoLocation (WGS 84). */
export const GeoLocation = Type.Object(
  { latitude: latitude(), longitude: longitude() },
  { description: 'Coordinates (WGS 84)' },
);
export type GeoLocation = Static<typeof GeoLocation>;

/** AdditionalGeoLocation: a related point, e.g. an entrance. */
export const AdditionalGeoLocation = Type.Object(
  { latitude: latitude(), longitude: longitude(), name: Opt(DisplayText) },
  { description: 'A point related to the location, such as an entrance' },
);
export type AdditionalGeoLocation = Static<typeof AdditionalGeoLocation>;

/** Image. */
export const Image = Type.Object(
  {
    url: UrlOf({ description: 'URL of the image' }),
    thumbnail: Opt(UrlOf({ description: 'URL of a thumbnail of the image' })),
    category: ImageCategory,
    type: CiString(4, { description: 'Image type: gif, jpeg, png, svg' }),
    width: Opt(OcpiInt({ minimum: 0, maximum: 99999, description: 'Width of the full-scale image' })),
    height: Opt(OcpiInt({ minimum: 0, maximum: 99999, description: 'Height of the full-scale image' })),
  },
  { description: 'Link to an image' },
);
export type Image = Static<typeof Image>;

/** BusinessDetails (also used by Credentials). */
export const BusinessDetails = Type.Object(
  {
    name: OcpiString(100, { description: 'Name of the operator' }),
    website: Opt(UrlOf({ description: 'Website of the operator' })),
    logo: Opt(Image),
  },
  { description: 'Name, website and logo of a business' },
);
export type BusinessDetails = Static<typeof BusinessDetails>;

/** EnergySource: one share of the energy mix. */
export const EnergySource = Type.Object(
  {
    source: EnergySourceCategory,
    percentage: OcpiNumber({ minimum: 0, maximum: 100, description: 'Share of this source in the mix (0–100)' }),
  },
  { description: 'Energy source and its share' },
);
export type EnergySource = Static<typeof EnergySource>;

/** EnvironmentalImpact. */
export const EnvironmentalImpact = Type.Object(
  {
    category: EnvironmentalImpactCategory,
    amount: OcpiNumber({ description: 'Amount in g/kWh' }),
  },
  { description: 'Environmental impact in g/kWh' },
);
export type EnvironmentalImpact = Static<typeof EnvironmentalImpact>;

/** EnergyMix (also used by Tariffs). supplier_name / energy_product_name are optional (PIT-23). */
export const EnergyMix = Type.Object(
  {
    is_green_energy: Type.Boolean({ description: 'True if 100% from regenerative sources' }),
    energy_sources: List(EnergySource),
    environ_impact: List(EnvironmentalImpact),
    supplier_name: Opt(OcpiString(64, { description: 'Name of the energy supplier' })),
    energy_product_name: Opt(OcpiString(64, { description: 'Name of the energy product/tariff plan' })),
  },
  { description: 'Details on the energy supplied' },
);
export type EnergyMix = Static<typeof EnergyMix>;

/** RegularHours: a weekday period in local time. */
export const RegularHours = Type.Object(
  {
    weekday: OcpiInt({ minimum: 1, maximum: 7, description: 'Day of the week, 1 = Monday … 7 = Sunday' }),
    period_begin: TimeOfDay({ description: 'Begin of the period, local time HH:MM' }),
    period_end: TimeOfDay({ description: 'End of the period, local time HH:MM, later than period_begin' }),
  },
  { description: 'Regular opening period on a weekday' },
);
export type RegularHours = Static<typeof RegularHours>;

/** ExceptionalPeriod (UTC). */
export const ExceptionalPeriod = Type.Object(
  {
    period_begin: DateTimeOf({ description: 'Begin of the exception (UTC)' }),
    period_end: DateTimeOf({ description: 'End of the exception (UTC)' }),
  },
  { description: 'Exceptional opening or closing period' },
);
export type ExceptionalPeriod = Static<typeof ExceptionalPeriod>;

/**
 * Hours. `regular_hours` is only used when `twentyfourseven` is false, and then holds at least one
 * entry; that cross-field rule is not expressed in the schema.
 */
export const Hours = Type.Object(
  {
    twentyfourseven: Type.Boolean({ description: 'Open 24/7, except the given exceptions' }),
    regular_hours: List(RegularHours),
    exceptional_openings: List(ExceptionalPeriod),
    exceptional_closings: List(ExceptionalPeriod),
  },
  { description: 'Opening times' },
);
export type Hours = Static<typeof Hours>;

/** StatusSchedule: planned status, informational only (LOC-22). */
export const StatusSchedule = Type.Object(
  {
    period_begin: DateTimeOf({ description: 'Begin of the scheduled period' }),
    period_end: Opt(DateTimeOf({ description: 'End of the scheduled period, if known' })),
    status: Status,
  },
  { description: 'Planned status of an EVSE' },
);
export type StatusSchedule = Static<typeof StatusSchedule>;

/**
 * PublishTokenType: who may see a non-published location. At least one of uid, visual_number or
 * group_id; uid ⇒ type; visual_number ⇒ issuer (cross-field rules, not in the schema).
 */
export const PublishTokenType = Type.Object(
  {
    uid: Opt(CiString(36, { description: 'Token uid' })),
    type: Opt(TokenType),
    visual_number: Opt(OcpiString(64, { description: 'Number as printed on the token' })),
    issuer: Opt(OcpiString(64, { description: 'Issuing company' })),
    group_id: Opt(CiString(36, { description: 'Token group id' })),
  },
  { description: 'Token (or group) allowed to see a non-published location' },
);
export type PublishTokenType = Static<typeof PublishTokenType>;

// ---------------------------------------------------------------------------------------------
// Objects (LOC-17..19)
// ---------------------------------------------------------------------------------------------

/** Connector (LOC-19). No status field: status lives on the EVSE. */
export const Connector = Type.Object(
  {
    id: CiString(36, { description: 'Identifier of the connector within its EVSE' }),
    standard: ConnectorType,
    format: ConnectorFormat,
    power_type: PowerType,
    max_voltage: OcpiInt({ description: 'Maximum voltage in V (line to neutral for AC_3_PHASE)' }),
    max_amperage: OcpiInt({ description: 'Maximum amperage in A' }),
    max_electric_power: Opt(OcpiInt({ description: 'Maximum power in W, when lower than V × A' })),
    tariff_ids: List(CiString(36, { description: 'Id of a currently valid tariff' })),
    terms_and_conditions: Opt(UrlOf({ description: 'URL of the operator’s terms and conditions' })),
    last_updated: DateTimeOf({ description: 'When this connector was last updated (or created)' }),
  },
  { description: 'A connector of an EVSE' },
);
export type Connector = Static<typeof Connector>;

/** EVSE (LOC-18). */
export const EVSE = Type.Object(
  {
    uid: CiString(36, { description: 'Immutable id of the EVSE, unique within the CPO platform' }),
    evse_id: Opt(CiString(48, { description: 'eMI3 EVSE ID' })),
    status: Status,
    status_schedule: List(StatusSchedule),
    capabilities: List(Capability),
    connectors: NonEmptyList(Connector, { description: 'Connectors of this EVSE' }),
    floor_level: Opt(OcpiString(4, { description: 'Floor level in the local numbering' })),
    coordinates: Opt(GeoLocation),
    physical_reference: Opt(OcpiString(16, { description: 'Number/string printed on the EVSE' })),
    directions: List(DisplayText),
    parking_restrictions: List(ParkingRestriction),
    images: List(Image),
    last_updated: DateTimeOf({ description: 'When this EVSE or one of its connectors was last updated' }),
  },
  { description: 'An EVSE: one charging point, charging one EV at a time' },
);
export type EVSE = Static<typeof EVSE>;

/** Location (LOC-17). */
export const Location = Type.Object(
  {
    country_code: CountryCode({ description: 'ISO 3166-1 alpha-2 country code of the CPO owning this location' }),
    party_id: PartyId({ description: 'ID of the CPO owning this location' }),
    id: CiString(36, { description: 'Immutable id of the location within the CPO platform' }),
    publish: Type.Boolean({ description: 'May this location be published' }),
    publish_allowed_to: List(PublishTokenType),
    name: Opt(OcpiString(255, { description: 'Display name' })),
    address: OcpiString(255, { description: 'Street and house number' }),
    city: OcpiString(45, { description: 'City or town' }),
    postal_code: Opt(OcpiString(10, { description: 'Postal code' })),
    state: Opt(OcpiString(45, { description: 'State or province' })),
    country: OcpiString(3, { description: 'ISO 3166-1 alpha-3 country code' }),
    coordinates: GeoLocation,
    related_locations: List(AdditionalGeoLocation),
    parking_type: Opt(ParkingType),
    evses: List(EVSE),
    directions: List(DisplayText),
    operator: Opt(BusinessDetails),
    suboperator: Opt(BusinessDetails),
    owner: Opt(BusinessDetails),
    facilities: List(Facility),
    time_zone: OcpiString(255, { description: 'IANA time zone, e.g. Europe/Oslo' }),
    opening_times: Opt(Hours),
    charging_when_closed: Opt(Type.Boolean({ description: 'Charging continues outside opening hours (default true)' })),
    images: List(Image),
    energy_mix: Opt(EnergyMix),
    last_updated: DateTimeOf({ description: 'When this location or one of its EVSEs/connectors was last updated' }),
  },
  { description: 'A charging location' },
);
export type Location = Static<typeof Location>;

// ---------------------------------------------------------------------------------------------
// PATCH bodies (LOC-09): partial objects with last_updated. Nested lists in a PATCH are merged by
// their identifier (PIT-12): a nested EVSE needs `uid`, a nested Connector needs `id`.
// ---------------------------------------------------------------------------------------------

/** PATCH body on a Connector URL. */
export const ConnectorPatch = Patch(Connector.properties, ['last_updated'], { description: 'Partial Connector update' });
export type ConnectorPatch = Static<typeof ConnectorPatch>;

/** A Connector inside an EVSE or Location PATCH: partial, identified by `id`. */
export const NestedConnectorPatch = Patch(Connector.properties, ['id'], {
  description: 'Partial Connector update inside a parent PATCH, identified by id',
});
export type NestedConnectorPatch = Static<typeof NestedConnectorPatch>;

/** PATCH body on an EVSE URL. */
export const EVSEPatch = Patch({ ...EVSE.properties, connectors: List(NestedConnectorPatch) }, ['last_updated'], {
  description: 'Partial EVSE update',
});
export type EVSEPatch = Static<typeof EVSEPatch>;

/** An EVSE inside a Location PATCH: partial, identified by `uid`. */
export const NestedEVSEPatch = Patch({ ...EVSE.properties, connectors: List(NestedConnectorPatch) }, ['uid'], {
  description: 'Partial EVSE update inside a Location PATCH, identified by uid',
});
export type NestedEVSEPatch = Static<typeof NestedEVSEPatch>;

/** PATCH body on a Location URL. */
export const LocationPatch = Patch({ ...Location.properties, evses: List(NestedEVSEPatch) }, ['last_updated'], {
  description: 'Partial Location update',
});
export type LocationPatch = Static<typeof LocationPatch>;
