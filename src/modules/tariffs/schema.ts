/**
 * Tariffs module (mod_tariffs.asciidoc): Tariff, TariffElement, PriceComponent,
 * TariffRestrictions and their enums (TAR-13..16).
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import {
  CiString,
  CountryCode,
  Currency,
  DateOnly,
  DateTimeOf,
  DisplayText,
  Enum,
  List,
  NonEmptyList,
  OcpiInt,
  OcpiNumber,
  Opt,
  PartyId,
  Price,
  TimeOfDay,
  UrlOf,
} from '../../core/types.js';
import { EnergyMix } from '../locations/schema.js';

/** DayOfWeek (TAR-16). */
export const DayOfWeekValues = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export const DayOfWeek = Enum(DayOfWeekValues, { description: 'Day of the week' });
export type DayOfWeek = Static<typeof DayOfWeek>;

/**
 * TariffDimensionType (TAR-16): ENERGY in kWh (step_size multiplier 1 Wh), FLAT (no unit),
 * PARKING_TIME and TIME in hours (step_size multiplier 1 s).
 */
export const TariffDimensionTypeValues = ['ENERGY', 'FLAT', 'PARKING_TIME', 'TIME'] as const;
export const TariffDimensionType = Enum(TariffDimensionTypeValues, { description: 'Dimension being priced' });
export type TariffDimensionType = Static<typeof TariffDimensionType>;

/** ReservationRestrictionType (TAR-16). */
export const ReservationRestrictionTypeValues = ['RESERVATION', 'RESERVATION_EXPIRES'] as const;
export const ReservationRestrictionType = Enum(ReservationRestrictionTypeValues, {
  description: 'The element describes the cost of a reservation (or of an expired one)',
});
export type ReservationRestrictionType = Static<typeof ReservationRestrictionType>;

/** TariffType (TAR-16). */
export const TariffTypeValues = ['AD_HOC_PAYMENT', 'PROFILE_CHEAP', 'PROFILE_FAST', 'PROFILE_GREEN', 'REGULAR'] as const;
export const TariffType = Enum(TariffTypeValues, { description: 'Sessions this tariff is for' });
export type TariffType = Static<typeof TariffType>;

/** PriceComponent (TAR-14). A missing `vat` means no VAT applies, unlike 0 (TAR-11). */
export const PriceComponent = Type.Object(
  {
    type: TariffDimensionType,
    price: OcpiNumber({ description: 'Price per unit excl. VAT' }),
    vat: Opt(OcpiNumber({ description: 'VAT percentage; absent = no VAT applicable' })),
    step_size: OcpiInt({
      minimum: 0,
      description: 'Billing step in multiples of the dimension’s step_size multiplier (1 Wh, 1 s)',
    }),
  },
  { description: 'How one dimension is priced' },
);
export type PriceComponent = Static<typeof PriceComponent>;

/** TariffRestrictions (TAR-15): all optional; times/dates in the Location's local time (TAR-10). */
export const TariffRestrictions = Type.Object(
  {
    start_time: Opt(TimeOfDay({ description: 'Start time of day, local time HH:MM (inclusive)' })),
    end_time: Opt(TimeOfDay({ description: 'End time of day, local time HH:MM (exclusive); before start_time = next day' })),
    start_date: Opt(DateOnly({ description: 'Start date, local time YYYY-MM-DD (inclusive)' })),
    end_date: Opt(DateOnly({ description: 'End date, local time YYYY-MM-DD (exclusive)' })),
    min_kwh: Opt(OcpiNumber({ description: 'Minimum consumed energy in kWh (inclusive)' })),
    max_kwh: Opt(OcpiNumber({ description: 'Maximum consumed energy in kWh (exclusive)' })),
    min_current: Opt(OcpiNumber({ description: 'Minimum current over all phases in A (inclusive)' })),
    max_current: Opt(OcpiNumber({ description: 'Maximum current over all phases in A (exclusive)' })),
    min_power: Opt(OcpiNumber({ description: 'Minimum power in kW (inclusive)' })),
    max_power: Opt(OcpiNumber({ description: 'Maximum power in kW (exclusive)' })),
    min_duration: Opt(OcpiInt({ description: 'Minimum session duration in seconds (inclusive)' })),
    max_duration: Opt(OcpiInt({ description: 'Maximum session duration in seconds (exclusive)' })),
    day_of_week: List(DayOfWeek),
    reservation: Opt(ReservationRestrictionType),
  },
  { description: 'When a tariff element applies; all given restrictions must match' },
);
export type TariffRestrictions = Static<typeof TariffRestrictions>;

/** TariffElement (TAR-14). */
export const TariffElement = Type.Object(
  {
    price_components: NonEmptyList(PriceComponent, { description: 'How each dimension is priced' }),
    restrictions: Opt(TariffRestrictions),
  },
  { description: 'Price components and the restrictions under which they apply' },
);
export type TariffElement = Static<typeof TariffElement>;

/** Tariff (TAR-13). */
export const Tariff = Type.Object(
  {
    country_code: CountryCode({ description: 'ISO 3166-1 alpha-2 country code of the CPO owning this tariff' }),
    party_id: PartyId({ description: 'ID of the CPO owning this tariff' }),
    id: CiString(36, { description: 'Id of the tariff within the CPO platform' }),
    currency: Currency(),
    type: Opt(TariffType),
    tariff_alt_text: List(DisplayText),
    tariff_alt_url: Opt(UrlOf({ description: 'Web page explaining the tariff' })),
    min_price: Opt(Price),
    max_price: Opt(Price),
    elements: NonEmptyList(TariffElement, { description: 'Tariff elements, first match per dimension applies' }),
    start_date_time: Opt(DateTimeOf({ description: 'When this tariff becomes active (UTC)' })),
    end_date_time: Opt(DateTimeOf({ description: 'When this tariff stops being valid (UTC)' })),
    energy_mix: Opt(EnergyMix),
    last_updated: DateTimeOf({ description: 'When this tariff was last updated (or created)' }),
  },
  { description: 'A tariff' },
);
export type Tariff = Static<typeof Tariff>;
