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
 * The tariff of a session, among those valid at `at` (start_date_time ≤ at ≤ end_date_time): the
 * first whose `type` is the session's TariffType (REGULAR when the session states none), else the
 * first without `type` (valid for all sessions), else — only when the session states no type —
 * the first valid one. A Connector has at most one active tariff per type (mod_locations
 * Connector `tariff_ids`), so list order only decides between tariffs that break that rule.
 */
export function selectTariff(
  tariffs: readonly PricingTariff[],
  at: number,
  tariffType?: string,
): PricingTariff | undefined {
  const valid = tariffs.filter(
    (t) => (t.validFrom === undefined || t.validFrom <= at) && (t.validTo === undefined || at <= t.validTo),
  );
  const wanted = tariffType ?? 'REGULAR';
  return (
    valid.find((t) => t.type === wanted) ??
    valid.find((t) => t.type === undefined) ??
    (tariffType === undefined ? valid[0] : undefined)
  );
}
