/**
 * From pricing units to money: step_size, cost per unit and dimension, the FLAT fee, VAT per price
 * component, the CDR totals, and min_price / max_price on the total cost.
 */
import type { Decimal } from './decimal.js';
import { SECONDS_PER_HOUR, sum, ZERO } from './decimal.js';
import type { PriceBound, PricingComponent, PricingTariff } from './model.js';
import type { StepRounding } from './step-size.js';
import { billedVolumes, stepRoundings } from './step-size.js';
import type { PricingUnit, Volumes } from './units.js';
import { isReservation } from './units.js';

export interface Money {
  excl: Decimal;
  incl: Decimal;
}

export const NO_MONEY: Money = { excl: ZERO, incl: ZERO };

export function addMoney(a: Money, b: Money): Money {
  return { excl: a.excl.add(b.excl), incl: a.incl.add(b.incl) };
}

function sumMoney(items: Iterable<Money>): Money {
  let total = NO_MONEY;
  for (const m of items) total = addMoney(total, m);
  return total;
}

/**
 * VAT per price component (mod_tariffs PriceComponent class): incl. VAT = excl. VAT × (1 + vat/100).
 * Without `vat` no VAT applies, so the amount including VAT equals the amount excluding it.
 */
export function withVat(excl: Decimal, component: PricingComponent): Money {
  return { excl, incl: component.vat === undefined ? excl : excl.mul(component.vat.div(100).add(1)) };
}

export interface UnitCosts {
  energy: Money;
  time: Money;
  parking: Money;
  reservation: Money;
}

export interface FlatFee {
  unit: number;
  component: PricingComponent;
  cost: Money;
}

export type PriceLimit = 'min_price' | 'max_price';

export interface Bill {
  units: readonly PricingUnit[];
  billed: Volumes[];
  costs: UnitCosts[];
  roundings: StepRounding[];
  /** The session's FLAT fee (charged once) and the reservation's, if any. */
  flat: { session: FlatFee | undefined; reservation: FlatFee | undefined };
  totals: {
    energy: Money;
    time: Money;
    parking: Money;
    fixed: Money;
    reservation: Money;
    /** Sum of everything before min_price / max_price. */
    beforeLimits: Money;
    cost: Money;
  };
  quantities: { energyKwh: Decimal; chargingSeconds: Decimal; parkingSeconds: Decimal; reservationSeconds: Decimal };
  limits: PriceLimit[];
  limitsTariff: PricingTariff | undefined;
}

function perHour(seconds: Decimal, component: PricingComponent | undefined): Money {
  if (component === undefined || seconds.isZero()) return NO_MONEY;
  return withVat(seconds.div(SECONDS_PER_HOUR).mul(component.price), component);
}

function unitCosts(unit: PricingUnit, billed: Volumes): UnitCosts {
  const c = unit.components;
  if (isReservation(unit.phase)) {
    return { energy: NO_MONEY, time: NO_MONEY, parking: NO_MONEY, reservation: perHour(billed.reservation, c.TIME) };
  }
  return {
    energy: c.ENERGY === undefined || billed.energy.isZero() ? NO_MONEY : withVat(billed.energy.mul(c.ENERGY.price), c.ENERGY),
    time: perHour(billed.time, c.TIME),
    parking: perHour(billed.parking, c.PARKING_TIME),
    reservation: NO_MONEY,
  };
}

/**
 * FLAT is charged once (TAR-06/TAR-07): the first FLAT component that becomes active, in time
 * order. A reservation is priced on its own and may carry its own FLAT fee (mod_tariffs "Tariff
 * example with reservation price and fee").
 */
function firstFlat(units: readonly PricingUnit[], reservation: boolean): FlatFee | undefined {
  const index = units.findIndex((u) => isReservation(u.phase) === reservation && u.components.FLAT !== undefined);
  if (index < 0) return undefined;
  const component = (units[index] as PricingUnit).components.FLAT as PricingComponent;
  return { unit: index, component, cost: withVat(component.price, component) };
}

/**
 * min_price and max_price bound the total cost excluding VAT and, separately, including VAT (TAR-08).
 * A limit without `incl_vat` is given one with the session's own VAT ratio (incl/excl), or equal to
 * `excl_vat` when the session cost nothing; see docs/pricing.md.
 */
export function applyPriceLimits(
  total: Money,
  min: PriceBound | undefined,
  max: PriceBound | undefined,
): { cost: Money; applied: PriceLimit[] } {
  const ratio = total.excl.isZero() ? undefined : total.incl.div(total.excl);
  const inclOf = (bound: PriceBound) => bound.incl ?? (ratio === undefined ? bound.excl : bound.excl.mul(ratio));
  let { excl, incl } = total;
  const applied = new Set<PriceLimit>();
  const raise = (limit: PriceLimit, value: Decimal, bound: Decimal) => {
    if (value.gte(bound)) return value;
    applied.add(limit);
    return bound;
  };
  const lower = (limit: PriceLimit, value: Decimal, bound: Decimal) => {
    if (value.lte(bound)) return value;
    applied.add(limit);
    return bound;
  };
  if (min !== undefined) {
    excl = raise('min_price', excl, min.excl);
    incl = raise('min_price', incl, inclOf(min));
  }
  if (max !== undefined) {
    excl = lower('max_price', excl, max.excl);
    incl = lower('max_price', incl, inclOf(max));
  }
  return { cost: { excl, incl }, applied: [...applied] };
}

/**
 * Prices a session given as units in time order. `limitsTariff` supplies min_price / max_price
 * (the tariff of the session, or of the reservation when there was no session).
 */
export function bill(units: readonly PricingUnit[], limitsTariff: PricingTariff | undefined): Bill {
  const roundings = stepRoundings(units);
  const billed = billedVolumes(units, roundings);
  const costs = units.map((u, i) => unitCosts(u, billed[i] as Volumes));
  const flat = { session: firstFlat(units, false), reservation: firstFlat(units, true) };

  const energy = sumMoney(costs.map((c) => c.energy));
  const time = sumMoney(costs.map((c) => c.time));
  const parking = sumMoney(costs.map((c) => c.parking));
  const fixed = flat.session?.cost ?? NO_MONEY;
  const reservation = addMoney(sumMoney(costs.map((c) => c.reservation)), flat.reservation?.cost ?? NO_MONEY);
  const beforeLimits = sumMoney([energy, time, parking, fixed, reservation]);
  const limited = applyPriceLimits(beforeLimits, limitsTariff?.minPrice, limitsTariff?.maxPrice);

  const session = units.filter((u) => !isReservation(u.phase));
  return {
    units,
    billed,
    costs,
    roundings,
    flat,
    totals: { energy, time, parking, fixed, reservation, beforeLimits, cost: limited.cost },
    quantities: {
      energyKwh: sum(session.map((u) => u.volumes.energy)),
      chargingSeconds: sum(session.map((u) => u.volumes.time)),
      parkingSeconds: sum(session.map((u) => u.volumes.parking)),
      reservationSeconds: sum(units.filter((u) => isReservation(u.phase)).map((u) => u.volumes.reservation)),
    },
    limits: limited.applied,
    limitsTariff,
  };
}
