/**
 * step_size (TAR-12, CDR-10; mod_cdrs step_size, mod_tariffs PriceComponent class and the step_size
 * example tariff). Rounding happens once per session, on totals:
 * - ENERGY: the total energy billed at an ENERGY price is rounded up to the step_size (Wh) of the
 *   last period that billed energy;
 * - TIME and PARKING_TIME together: only the dimension of the last time-based period that was
 *   billed is rounded (its total over the session, with that period's step_size, seconds); the
 *   other is not, "as it is followed by another time based period";
 * - reservation time, separately, with the step_size of the last reservation TIME component.
 * The amount added by rounding is billed in that last period, at its price. Switching elements
 * or tariffs never rounds.
 */
import type { Decimal } from './decimal.js';
import { ceilToStep, Decimal as D, sum, WH_PER_KWH } from './decimal.js';
import type { PricingComponent } from './model.js';
import type { PricingUnit, Volumes } from './units.js';
import { isReservation } from './units.js';

export type StepDimension = 'ENERGY' | 'TIME' | 'PARKING_TIME' | 'RESERVATION_TIME';

export interface StepRounding {
  dimension: StepDimension;
  /** Unit that receives the rounded-up amount. */
  unit: number;
  component: PricingComponent;
  /** Total billed volume before rounding (kWh or seconds). */
  total: Decimal;
  /** Total after rounding. */
  rounded: Decimal;
}

type VolumeKey = keyof Volumes;

const KEY: Record<StepDimension, VolumeKey> = {
  ENERGY: 'energy',
  TIME: 'time',
  PARKING_TIME: 'parking',
  RESERVATION_TIME: 'reservation',
};

function componentFor(unit: PricingUnit, dimension: StepDimension): PricingComponent | undefined {
  return dimension === 'RESERVATION_TIME' ? unit.components.TIME : unit.components[dimension];
}

/** Whether the unit bills a positive volume of `dimension` at some price. */
function bills(unit: PricingUnit, dimension: StepDimension): boolean {
  const inPhase = dimension === 'RESERVATION_TIME' ? isReservation(unit.phase) : !isReservation(unit.phase);
  return inPhase && componentFor(unit, dimension) !== undefined && unit.volumes[KEY[dimension]].gt(0);
}

function lastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i] as T)) return i;
  return -1;
}

function round(units: readonly PricingUnit[], dimension: StepDimension, last: number): StepRounding | undefined {
  const unit = units[last];
  const component = unit && componentFor(unit, dimension);
  if (!unit || !component) return undefined;
  const total = sum(units.filter((u) => bills(u, dimension)).map((u) => u.volumes[KEY[dimension]]));
  // ENERGY steps are Wh on a kWh total; time steps are seconds on a seconds total.
  const rounded =
    dimension === 'ENERGY'
      ? ceilToStep(total.mul(WH_PER_KWH), new D(component.stepSize)).div(WH_PER_KWH)
      : ceilToStep(total, new D(component.stepSize));
  return { dimension, unit: last, component, total, rounded };
}

/** The step_size roundings of a session (at most one per rounding group). */
export function stepRoundings(units: readonly PricingUnit[]): StepRounding[] {
  const out: StepRounding[] = [];
  const push = (r: StepRounding | undefined) => {
    if (r !== undefined && r.component.stepSize > 0) out.push(r);
  };

  push(round(units, 'ENERGY', lastIndex(units, (u) => bills(u, 'ENERGY'))));

  const lastTimeBased = lastIndex(units, (u) => bills(u, 'TIME') || bills(u, 'PARKING_TIME'));
  if (lastTimeBased >= 0) {
    // Within one unit charging comes before parking, so parking is the later of the two.
    const unit = units[lastTimeBased] as PricingUnit;
    push(round(units, bills(unit, 'PARKING_TIME') ? 'PARKING_TIME' : 'TIME', lastTimeBased));
  }

  push(round(units, 'RESERVATION_TIME', lastIndex(units, (u) => bills(u, 'RESERVATION_TIME'))));
  return out;
}

/** Billed volumes per unit: the measured volumes plus what rounding added to the last unit. */
export function billedVolumes(units: readonly PricingUnit[], roundings: readonly StepRounding[]): Volumes[] {
  const billed = units.map((u) => ({ ...u.volumes }));
  for (const r of roundings) {
    const target = billed[r.unit] as Volumes;
    const key = KEY[r.dimension];
    target[key] = target[key].add(r.rounded.sub(r.total));
  }
  return billed;
}
