/**
 * Public result types of the tariff engine. Field names of the OCPI parts are OCPI's (CDR object,
 * mod_cdrs); the explanation parts are the engine's own and carry exact decimal strings.
 */
import type { Price } from '../../../core/types.js';
import type { CDR, ChargingPeriod } from '../../cdrs/schema.js';
import type { TariffInput } from './model.js';

export type { ChargingPeriod, Price };

/** The CDR totals (mod_cdrs CDR object), each Price with excl_vat and incl_vat. */
export interface CdrTotals {
  total_cost: Price;
  total_fixed_cost: Price;
  total_energy: number;
  total_energy_cost: Price;
  total_time: number;
  total_time_cost: Price;
  total_parking_time: number;
  total_parking_cost: Price;
  total_reservation_cost: Price;
}

/** The price component that priced a dimension in a period; absent in a breakdown = free. */
export interface AppliedComponent {
  tariff_id: string;
  /** Index of the TariffElement in the tariff's `elements`. */
  element: number;
  price: number;
  /** `null`: no VAT applies (not the same as 0). */
  vat: number | null;
  step_size: number;
}

export type BreakdownDimension = 'ENERGY' | 'TIME' | 'PARKING_TIME' | 'RESERVATION_TIME' | 'FLAT';

export interface DimensionBreakdown {
  type: BreakdownDimension;
  /** `kWh`, `h`, or `fee` for FLAT. */
  unit: 'kWh' | 'h' | 'fee';
  /** Measured volume (exact decimal text). */
  volume: string;
  /** Volume billed after step_size (exact decimal text). */
  billed_volume: string;
  component: AppliedComponent | null;
  cost: { excl_vat: string; incl_vat: string };
}

export interface PeriodBreakdown {
  /** Index of the charging period this stretch belongs to. */
  charging_period: number;
  start_date_time: string;
  end_date_time: string;
  phase: 'SESSION' | 'RESERVATION' | 'RESERVATION_EXPIRED';
  /** The EV was requesting power (false while parking and during a reservation). */
  charging: boolean;
  tariff_id: string;
  dimensions: DimensionBreakdown[];
}

export interface StepSizeReport {
  dimension: 'ENERGY' | 'TIME' | 'PARKING_TIME' | 'RESERVATION_TIME';
  /** Index of the period that bills the rounded-up amount. */
  period: number;
  step_size: number;
  /** Total before and after rounding, in kWh or hours (exact decimal text). */
  total: string;
  rounded_total: string;
}

export interface PriceLimitReport {
  applied: ('min_price' | 'max_price')[];
  tariff_id: string;
  /** Total cost before the limits (exact decimal text). */
  before: { excl_vat: string; incl_vat: string };
}

export interface PricingExplanation {
  periods: PeriodBreakdown[];
  step_size: StepSizeReport[];
  price_limit: PriceLimitReport | null;
}

export interface PricedSession extends CdrTotals {
  currency: string;
  /** The Tariff that priced the session. */
  tariff_id: string;
  /** CDR start: the reservation start when there was one, else the session start. */
  start_date_time: string;
  end_date_time: string;
  charging_periods: ChargingPeriod[];
  explanation: PricingExplanation;
  /** Things the engine had to assume (e.g. a current restriction without current data). */
  warnings: string[];
}

export interface PricingOptions {
  /** Decimals of the OCPI numbers in the result; 4 by default (types_number_type). */
  decimals?: number;
}

/**
 * What the verification reads of a CDR: any OCPI CDR (the schema's type), or just its pricing
 * fields; the embedded tariffs need only what pricing reads.
 */
export type CdrInput = Pick<CDR, 'currency' | 'start_date_time' | 'end_date_time' | 'charging_periods' | 'total_cost' | 'total_energy' | 'total_time'> &
  Partial<
    Pick<
      CDR,
      | 'id'
      | 'total_fixed_cost'
      | 'total_energy_cost'
      | 'total_time_cost'
      | 'total_parking_time'
      | 'total_parking_cost'
      | 'total_reservation_cost'
      | 'credit'
    >
  > & { tariffs?: readonly TariffInput[] | null };

export interface VerifyCdrOptions {
  /** IANA time zone of the CDR's Location; required when a tariff restricts local time. */
  time_zone?: string | null;
  /** Largest accepted difference of an amount; 0.005 by default (any correct rounding to the cent). */
  tolerance?: number | string;
  /** Largest accepted difference of a quantity (kWh, hours); 0.0005 by default. */
  quantity_tolerance?: number | string;
  /** Decimals of the computed OCPI numbers; 4 by default. */
  decimals?: number;
}

export interface TotalDifference {
  /** The CDR field, e.g. `total_cost.incl_vat`, `currency`, `charging_periods[2].tariff_id`. */
  field: string;
  reported: number | string | null;
  computed: number | string | null;
  reason: string;
}

export interface CdrVerification {
  /** No differences. */
  ok: boolean;
  currency: string;
  computed: CdrTotals;
  /** The CDR's own totals (absent optional fields stay absent). */
  reported: Partial<CdrTotals>;
  differences: TotalDifference[];
  /** What could not be checked or had to be assumed; not differences. */
  notes: string[];
  explanation: PricingExplanation;
}
