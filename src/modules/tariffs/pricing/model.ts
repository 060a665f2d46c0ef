/**
 * The engine's own view of a Tariff: prices as Decimals, restrictions parsed once (times of day as
 * minutes, days of week as Luxon weekday numbers), validity as epoch milliseconds. Everything the
 * engine decides is decided on this model, so the OCPI JSON shape (with its `null`-or-absent
 * optionals) is read in exactly one place.
 */
import type { Decimal } from './decimal.js';
import { dec, isNumeric } from './decimal.js';
import { PricingInputError } from './errors.js';
import { parseDateTime } from './instants.js';
import type { Price } from '../../../core/types.js';
import type { PriceComponent, Tariff, TariffRestrictions } from '../schema.js';

export const TARIFF_DIMENSIONS = ['ENERGY', 'FLAT', 'PARKING_TIME', 'TIME'] as const;
export type TariffDimension = (typeof TARIFF_DIMENSIONS)[number];

export const DAYS_OF_WEEK = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

export type ReservationRestriction = 'RESERVATION' | 'RESERVATION_EXPIRES';

/**
 * What the engine reads of a Tariff: any OCPI Tariff will do (the schema's type), and so will a
 * Tariff without the fields pricing never looks at (last_updated, alt texts, energy mix).
 */
export type TariffInput = Pick<Tariff, 'id' | 'currency' | 'elements'> &
  Partial<Pick<Tariff, 'country_code' | 'party_id' | 'type' | 'min_price' | 'max_price' | 'start_date_time' | 'end_date_time'>>;

export interface PriceBound {
  excl: Decimal;
  /** Absent when the tariff gives no amount including VAT. */
  incl: Decimal | undefined;
}

export interface PricingComponent {
  type: TariffDimension;
  price: Decimal;
  /** VAT percentage; `undefined` means no VAT applies (TAR-11), which is not the same as 0. */
  vat: Decimal | undefined;
  /** In Wh for ENERGY, seconds for TIME and PARKING_TIME; meaningless for FLAT. */
  stepSize: number;
  tariffId: string;
  elementIndex: number;
  componentIndex: number;
}

export interface PricingRestrictions {
  startMinute?: number;
  endMinute?: number;
  startDate?: string;
  endDate?: string;
  minKwh?: Decimal;
  maxKwh?: Decimal;
  minCurrent?: Decimal;
  maxCurrent?: Decimal;
  minPower?: Decimal;
  maxPower?: Decimal;
  minDuration?: Decimal;
  maxDuration?: Decimal;
  /** Luxon weekday numbers, Monday = 1 … Sunday = 7. */
  daysOfWeek?: ReadonlySet<number>;
  reservation?: ReservationRestriction;
}

export interface PricingElement {
  index: number;
  components: PricingComponent[];
  restrictions: PricingRestrictions;
}

export interface PricingTariff {
  id: string;
  currency: string;
  type: string | undefined;
  minPrice: PriceBound | undefined;
  maxPrice: PriceBound | undefined;
  validFrom: number | undefined;
  validTo: number | undefined;
  elements: PricingElement[];
  /** Any time-of-day, date or day-of-week restriction: pricing then needs the local time zone. */
  usesLocalTime: boolean;
}

const TIME_OF_DAY = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;
const DATE_ONLY = /^([12][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

function fail(path: string, message: string): never {
  throw new PricingInputError(path, message);
}

function optionalNumber(value: unknown, path: string): Decimal | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isNumeric(value)) fail(path, 'must be a number');
  return dec(value);
}

function requiredNumber(value: unknown, path: string): Decimal {
  const n = optionalNumber(value, path);
  if (n === undefined) fail(path, 'is required');
  return n;
}

function minutesOfDay(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const m = typeof value === 'string' ? TIME_OF_DAY.exec(value) : null;
  if (!m) fail(path, 'must be a time of day HH:MM (00:00–23:59)');
  return Number(m[1]) * 60 + Number(m[2]);
}

function dateOnly(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !DATE_ONLY.test(value)) fail(path, 'must be a date YYYY-MM-DD');
  return value;
}

function priceBound(value: Price | null | undefined, path: string): PriceBound | undefined {
  if (value === undefined || value === null) return undefined;
  return {
    excl: requiredNumber(value.excl_vat, `${path}.excl_vat`),
    incl: optionalNumber(value.incl_vat, `${path}.incl_vat`),
  };
}

function normalizeRestrictions(r: TariffRestrictions | null | undefined, path: string): PricingRestrictions {
  if (r === undefined || r === null) return {};
  const out: PricingRestrictions = {};
  const set = <K extends keyof PricingRestrictions>(key: K, value: PricingRestrictions[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set('startMinute', minutesOfDay(r.start_time, `${path}.start_time`));
  set('endMinute', minutesOfDay(r.end_time, `${path}.end_time`));
  set('startDate', dateOnly(r.start_date, `${path}.start_date`));
  set('endDate', dateOnly(r.end_date, `${path}.end_date`));
  set('minKwh', optionalNumber(r.min_kwh, `${path}.min_kwh`));
  set('maxKwh', optionalNumber(r.max_kwh, `${path}.max_kwh`));
  set('minCurrent', optionalNumber(r.min_current, `${path}.min_current`));
  set('maxCurrent', optionalNumber(r.max_current, `${path}.max_current`));
  set('minPower', optionalNumber(r.min_power, `${path}.min_power`));
  set('maxPower', optionalNumber(r.max_power, `${path}.max_power`));
  set('minDuration', optionalNumber(r.min_duration, `${path}.min_duration`));
  set('maxDuration', optionalNumber(r.max_duration, `${path}.max_duration`));
  // `*` cardinality: an empty list restricts nothing, exactly like an absent one.
  if (r.day_of_week !== undefined && r.day_of_week !== null && r.day_of_week.length > 0) {
    const days = new Set<number>();
    r.day_of_week.forEach((day, i) => {
      const n = DAYS_OF_WEEK.indexOf(day as DayOfWeek);
      if (n < 0) fail(`${path}.day_of_week[${i}]`, `must be one of ${DAYS_OF_WEEK.join(', ')}`);
      days.add(n + 1);
    });
    out.daysOfWeek = days;
  }
  if (r.reservation !== undefined && r.reservation !== null) {
    if (r.reservation !== 'RESERVATION' && r.reservation !== 'RESERVATION_EXPIRES') {
      fail(`${path}.reservation`, 'must be RESERVATION or RESERVATION_EXPIRES');
    }
    out.reservation = r.reservation;
  }
  return out;
}

function normalizeComponent(
  c: PriceComponent,
  tariffId: string,
  elementIndex: number,
  componentIndex: number,
  path: string,
): PricingComponent {
  if (!TARIFF_DIMENSIONS.includes(c.type as TariffDimension)) {
    fail(`${path}.type`, `must be one of ${TARIFF_DIMENSIONS.join(', ')}`);
  }
  const step = c.step_size as unknown;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) {
    fail(`${path}.step_size`, 'must be a non-negative integer');
  }
  return {
    type: c.type as TariffDimension,
    price: requiredNumber(c.price, `${path}.price`),
    vat: optionalNumber(c.vat, `${path}.vat`),
    stepSize: step,
    tariffId,
    elementIndex,
    componentIndex,
  };
}

function usesLocalTime(r: PricingRestrictions): boolean {
  return (
    r.startMinute !== undefined ||
    r.endMinute !== undefined ||
    r.startDate !== undefined ||
    r.endDate !== undefined ||
    r.daysOfWeek !== undefined
  );
}

/** Reads and checks one OCPI Tariff; `path` prefixes error locations (e.g. `tariffs[1]`). */
export function normalizeTariff(tariff: TariffInput, path = 'tariff'): PricingTariff {
  if (typeof tariff !== 'object' || tariff === null) fail(path, 'must be a Tariff object');
  if (typeof tariff.id !== 'string' || tariff.id === '') fail(`${path}.id`, 'is required');
  if (typeof tariff.currency !== 'string' || tariff.currency === '') fail(`${path}.currency`, 'is required');
  if (!Array.isArray(tariff.elements as unknown) || tariff.elements.length === 0) {
    fail(`${path}.elements`, 'must list at least one TariffElement');
  }
  const elements = tariff.elements.map((e, i): PricingElement => {
    const ePath = `${path}.elements[${i}]`;
    if (!Array.isArray(e.price_components as unknown) || e.price_components.length === 0) {
      fail(`${ePath}.price_components`, 'must list at least one PriceComponent');
    }
    return {
      index: i,
      components: e.price_components.map((c, j) =>
        normalizeComponent(c, tariff.id, i, j, `${ePath}.price_components[${j}]`),
      ),
      restrictions: normalizeRestrictions(e.restrictions, `${ePath}.restrictions`),
    };
  });
  const instant = (v: string | null | undefined, p: string) =>
    v === undefined || v === null ? undefined : parseDateTime(v, p);
  return {
    id: tariff.id,
    currency: tariff.currency,
    type: tariff.type ?? undefined,
    minPrice: priceBound(tariff.min_price, `${path}.min_price`),
    maxPrice: priceBound(tariff.max_price, `${path}.max_price`),
    validFrom: instant(tariff.start_date_time, `${path}.start_date_time`),
    validTo: instant(tariff.end_date_time, `${path}.end_date_time`),
    elements,
    usesLocalTime: elements.some((e) => usesLocalTime(e.restrictions)),
  };
}
