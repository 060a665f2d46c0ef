/** Turns a {@link Bill} into OCPI totals and the engine's explanation. */
import type { Bill, Money } from './billing.js';
import { NO_MONEY } from './billing.js';
import type { Decimal } from './decimal.js';
import { ONE, SECONDS_PER_HOUR, show, toOcpiNumber } from './decimal.js';
import { formatDateTime } from './instants.js';
import type { PricingComponent } from './model.js';
import type {
  AppliedComponent,
  CdrTotals,
  DimensionBreakdown,
  PeriodBreakdown,
  Price,
  PricingExplanation,
  StepSizeReport,
} from './types.js';
import type { PricingUnit, Volumes } from './units.js';
import { isReservation } from './units.js';

/** Digits kept in the exact decimal strings of explanations. */
const EXACT = 10;

export function price(m: Money, decimals: number): Price {
  return { excl_vat: toOcpiNumber(m.excl, decimals), incl_vat: toOcpiNumber(m.incl, decimals) };
}

export function hours(s: Decimal): Decimal {
  return s.div(SECONDS_PER_HOUR);
}

export function cdrTotals(bill: Bill, totalTimeSeconds: Decimal, decimals: number): CdrTotals {
  const t = bill.totals;
  const q = bill.quantities;
  return {
    total_cost: price(t.cost, decimals),
    total_fixed_cost: price(t.fixed, decimals),
    total_energy: toOcpiNumber(q.energyKwh, decimals),
    total_energy_cost: price(t.energy, decimals),
    total_time: toOcpiNumber(hours(totalTimeSeconds), decimals),
    total_time_cost: price(t.time, decimals),
    total_parking_time: toOcpiNumber(hours(q.parkingSeconds), decimals),
    total_parking_cost: price(t.parking, decimals),
    total_reservation_cost: price(t.reservation, decimals),
  };
}

function applied(c: PricingComponent | undefined): AppliedComponent | null {
  if (c === undefined) return null;
  return {
    tariff_id: c.tariffId,
    element: c.elementIndex,
    price: c.price.toNumber(),
    vat: c.vat === undefined ? null : c.vat.toNumber(),
    step_size: c.stepSize,
  };
}

function exact(m: Money) {
  return { excl_vat: show(m.excl, EXACT), incl_vat: show(m.incl, EXACT) };
}

function dimension(
  type: DimensionBreakdown['type'],
  volume: Decimal,
  billed: Decimal,
  component: PricingComponent | undefined,
  cost: Money,
): DimensionBreakdown {
  const unit = type === 'ENERGY' ? 'kWh' : type === 'FLAT' ? 'fee' : 'h';
  const scale = (v: Decimal) => (unit === 'h' ? hours(v) : v);
  return {
    type,
    unit,
    volume: show(scale(volume), EXACT),
    billed_volume: show(scale(billed), EXACT),
    component: applied(component),
    cost: exact(cost),
  };
}

function unitBreakdown(bill: Bill, index: number, charging: boolean): PeriodBreakdown {
  const unit = bill.units[index] as PricingUnit;
  const billed = bill.billed[index] as Volumes;
  const cost = bill.costs[index];
  const c = unit.components;
  const dims: DimensionBreakdown[] = [];
  if (isReservation(unit.phase)) {
    dims.push(dimension('RESERVATION_TIME', unit.volumes.reservation, billed.reservation, c.TIME, cost?.reservation ?? NO_MONEY));
  } else {
    if (charging || !unit.volumes.energy.isZero()) {
      dims.push(dimension('ENERGY', unit.volumes.energy, billed.energy, c.ENERGY, cost?.energy ?? NO_MONEY));
    }
    if (!unit.volumes.time.isZero() || charging) {
      dims.push(dimension('TIME', unit.volumes.time, billed.time, c.TIME, cost?.time ?? NO_MONEY));
    }
    if (!unit.volumes.parking.isZero()) {
      dims.push(dimension('PARKING_TIME', unit.volumes.parking, billed.parking, c.PARKING_TIME, cost?.parking ?? NO_MONEY));
    }
  }
  for (const flat of [bill.flat.session, bill.flat.reservation]) {
    if (flat?.unit === index) dims.push(dimension('FLAT', ONE, ONE, flat.component, flat.cost));
  }
  return {
    charging_period: unit.period,
    start_date_time: formatDateTime(unit.start),
    end_date_time: formatDateTime(unit.end),
    phase: unit.phase === 'session' ? 'SESSION' : unit.phase === 'reservation' ? 'RESERVATION' : 'RESERVATION_EXPIRED',
    charging,
    tariff_id: unit.tariff.id,
    dimensions: dims,
  };
}

export function explanation(bill: Bill, charging: readonly boolean[]): PricingExplanation {
  const steps: StepSizeReport[] = bill.roundings.map((r) => {
    const scale = (v: Decimal) => (r.dimension === 'ENERGY' ? v : hours(v));
    return {
      dimension: r.dimension,
      period: (bill.units[r.unit] as PricingUnit).period,
      step_size: r.component.stepSize,
      total: show(scale(r.total), EXACT),
      rounded_total: show(scale(r.rounded), EXACT),
    };
  });
  return {
    periods: bill.units.map((_, i) => unitBreakdown(bill, i, charging[i] ?? false)),
    step_size: steps,
    price_limit:
      bill.limits.length === 0 || bill.limitsTariff === undefined
        ? null
        : { applied: bill.limits, tariff_id: bill.limitsTariff.id, before: exact(bill.totals.beforeLimits) },
  };
}
