/**
 * Which Tariff, and which PriceComponent per dimension, applies at a moment.
 *
 * Per dimension the first TariffElement (list order) that has a PriceComponent of that dimension
 * and whose restrictions all hold supplies the price; no such element means the dimension costs
 * nothing at that moment (TAR-06). Elements with a `reservation` restriction price only the
 * reservation, the others only the charging session (see docs/pricing.md, "Reservations").
 */
import type { MomentContext } from './restrictions.js';
import { matchRestrictions } from './restrictions.js';
import type { PricingComponent, PricingElement, PricingTariff, TariffDimension } from './model.js';

/** What a slice of time is: part of the charging session, or of a reservation before it. */
export type Phase = 'session' | 'reservation' | 'reservation_expired';

/**
 * The elements that may price a phase, as groups searched in order. For an expired reservation the
 * RESERVATION_EXPIRES elements come first: when both kinds price TIME, the expired reservation is
 * priced by the RESERVATION_EXPIRES element (mod_tariffs ReservationRestrictionType NOTE).
 */
export function elementGroups(tariff: PricingTariff, phase: Phase): PricingElement[][] {
  const kind = (e: PricingElement) => e.restrictions.reservation;
  switch (phase) {
    case 'session':
      return [tariff.elements.filter((e) => kind(e) === undefined)];
    case 'reservation':
      return [tariff.elements.filter((e) => kind(e) === 'RESERVATION')];
    case 'reservation_expired':
      return [
        tariff.elements.filter((e) => kind(e) === 'RESERVATION_EXPIRES'),
        tariff.elements.filter((e) => kind(e) === 'RESERVATION'),
      ];
  }
}

/** Receives restrictions that could not be evaluated (missing current/power data). */
export type UnknownSink = (element: PricingElement, tariff: PricingTariff, restrictions: string[]) => void;

export function findComponent(
  tariff: PricingTariff,
  phase: Phase,
  dimension: TariffDimension,
  ctx: MomentContext,
  onUnknown?: UnknownSink,
): PricingComponent | undefined {
  for (const group of elementGroups(tariff, phase)) {
    for (const element of group) {
      // Two components of one dimension in one element: the first one counts.
      const component = element.components.find((c) => c.type === dimension);
      if (component === undefined) continue;
      const verdict = matchRestrictions(element.restrictions, ctx);
      if (verdict.unknown.length > 0) onUnknown?.(element, tariff, verdict.unknown);
      if (verdict.match) return component;
    }
  }
  return undefined;
}

/**
 * The tariff of a session: the first in the given order that is valid at `at` (its
 * start_date_time ≤ at ≤ end_date_time) and, when the session states a tariff type, whose type is
 * absent or equal (a Tariff without `type` is valid for all sessions).
 */
export function selectTariff(
  tariffs: readonly PricingTariff[],
  at: number,
  tariffType?: string,
): PricingTariff | undefined {
  return tariffs.find(
    (t) =>
      (t.validFrom === undefined || t.validFrom <= at) &&
      (t.validTo === undefined || at <= t.validTo) &&
      (tariffType === undefined || t.type === undefined || t.type === tariffType),
  );
}
