/**
 * A pricing unit is a stretch of time during which every price component stays the same. Session
 * pricing builds them from the timeline; CDR verification builds them from the CDR's charging
 * periods. Step sizes, costs and totals are computed on units only, so both sides share one set of
 * billing rules.
 */
import type { Decimal } from './decimal.js';
import type { PricingComponent, PricingTariff } from './model.js';
import type { Phase } from './selection.js';

export interface Volumes {
  /** kWh */
  energy: Decimal;
  /** Seconds charging (EV requesting power). */
  time: Decimal;
  /** Seconds not charging while connected. */
  parking: Decimal;
  /** Seconds of reservation before the session. */
  reservation: Decimal;
}

/**
 * Active components. In reservation phases `TIME` prices the reservation time (mod_tariffs
 * TariffDimensionType TIME: "can also be used in combination with a RESERVATION restriction").
 */
export interface ActiveComponents {
  ENERGY?: PricingComponent;
  TIME?: PricingComponent;
  PARKING_TIME?: PricingComponent;
  FLAT?: PricingComponent;
}

export interface PricingUnit {
  start: number;
  end: number;
  phase: Phase;
  tariff: PricingTariff;
  /** Index of the charging period this unit belongs to. */
  period: number;
  volumes: Volumes;
  components: ActiveComponents;
}

export function isReservation(phase: Phase): boolean {
  return phase !== 'session';
}

export function subtractVolumes(a: Volumes, b: Volumes): Volumes {
  return {
    energy: a.energy.sub(b.energy),
    time: a.time.sub(b.time),
    parking: a.parking.sub(b.parking),
    reservation: a.reservation.sub(b.reservation),
  };
}

export function addVolumes(a: Volumes, b: Volumes): Volumes {
  return {
    energy: a.energy.add(b.energy),
    time: a.time.add(b.time),
    parking: a.parking.add(b.parking),
    reservation: a.reservation.add(b.reservation),
  };
}
