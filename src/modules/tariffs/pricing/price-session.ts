/**
 * The engine's entry point for a CPO: price a session timeline under its tariff, producing the
 * OCPI charging periods and CDR totals (mod_tariffs, mod_cdrs).
 */
import type { Zone } from 'luxon';
import { bill } from './billing.js';
import type { Decimal } from './decimal.js';
import { dec, toOcpiNumber, ZERO } from './decimal.js';
import { PricingInputError } from './errors.js';
import { formatDateTime } from './instants.js';
import { resolveZone } from './local-time.js';
import type { PricingTariff, TariffInput } from './model.js';
import { normalizeTariff } from './model.js';
import { cdrTotals, explanation, hours } from './report.js';
import type { UnknownSink } from './selection.js';
import { selectTariff } from './selection.js';
import type { Measured, SlicedTimeline } from './slicing.js';
import { sliceTimeline } from './slicing.js';
import type { ParsedTimeline, SessionTimeline } from './timeline.js';
import { parseTimeline } from './timeline.js';
import type { ChargingPeriod, PricedSession, PricingOptions } from './types.js';
import type { PricingUnit } from './units.js';
import { isReservation } from './units.js';

export interface PriceSessionInput {
  /** The Tariff, or the tariffs of the Connector: the one valid at the start for the session's tariff_type applies (docs/pricing.md D1). */
  tariffs: TariffInput | readonly TariffInput[];
  /** IANA time zone of the Location (`Location.time_zone`); required when a restriction uses local time. */
  time_zone?: string | null;
  session: SessionTimeline;
  options?: PricingOptions;
}

export function normalizeTariffs(tariffs: TariffInput | readonly TariffInput[]): PricingTariff[] {
  if (Array.isArray(tariffs)) {
    if (tariffs.length === 0) throw new PricingInputError('tariffs', 'must list at least one Tariff');
    return tariffs.map((t, i) => normalizeTariff(t as TariffInput, `tariffs[${i}]`));
  }
  return [normalizeTariff(tariffs as TariffInput, 'tariff')];
}

/** Collects one warning per element and restriction that lacked the data to be evaluated. */
export function unknownCollector(): { sink: UnknownSink; warnings: string[] } {
  const seen = new Set<string>();
  const warnings: string[] = [];
  const sink: UnknownSink = (element, tariff, restrictions) => {
    for (const r of restrictions) {
      const key = `${tariff.id}/${element.index}/${r}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const quantity = r.endsWith('current') ? 'current' : 'power';
      warnings.push(
        `tariff ${tariff.id} element ${element.index}: ${r} cannot be evaluated without ${quantity} data; the element was treated as not active there`,
      );
    }
  };
  return { sink, warnings };
}

export function zoneFor(tariffs: readonly PricingTariff[], timeZone: string | null | undefined): Zone | undefined {
  if (timeZone !== undefined && timeZone !== null) return resolveZone(timeZone, 'time_zone');
  const local = tariffs.find((t) => t.usesLocalTime);
  if (local !== undefined) {
    throw new PricingInputError(
      'time_zone',
      `is required: tariff ${local.id} has restrictions on time of day, date or day of week, which are in the Location's local time`,
    );
  }
  return undefined;
}

function firstInstant(timeline: ParsedTimeline): number {
  return timeline.reservation?.start ?? (timeline.session as { start: number }).start;
}

function lastInstant(timeline: ParsedTimeline): number {
  return timeline.session?.end ?? (timeline.reservation as { end: number }).end;
}

function reservationWarnings(tariff: PricingTariff, timeline: ParsedTimeline): string[] {
  const warnings: string[] = [];
  for (const e of tariff.elements) {
    if (e.restrictions.reservation === undefined) continue;
    const other = e.components.filter((c) => c.type !== 'FLAT' && c.type !== 'TIME').map((c) => c.type);
    if (other.length > 0) {
      warnings.push(
        `tariff ${tariff.id} element ${e.index}: a reservation element can only price FLAT and TIME; ${other.join(', ')} ignored`,
      );
    }
  }
  if (timeline.reservation && !tariff.elements.some((e) => e.restrictions.reservation !== undefined)) {
    warnings.push(`tariff ${tariff.id} has no reservation elements: the reservation costs nothing`);
  }
  return warnings;
}

function volume(type: ChargingPeriod['dimensions'][number]['type'], value: Decimal, decimals: number) {
  return { type, volume: toOcpiNumber(value, decimals) };
}

function chargingPeriod(unit: PricingUnit, charging: boolean, measured: Measured, decimals: number): ChargingPeriod {
  const v = unit.volumes;
  const dims: ChargingPeriod['dimensions'] = [];
  if (isReservation(unit.phase)) {
    dims.push(volume('RESERVATION_TIME', hours(v.reservation), decimals));
  } else {
    if (charging || !v.energy.isZero()) dims.push(volume('ENERGY', v.energy, decimals));
    if (charging) dims.push(volume('TIME', hours(v.time), decimals));
    else dims.push(volume('PARKING_TIME', hours(v.parking), decimals));
    const measuredDims = [
      ['MIN_CURRENT', measured.minCurrent],
      ['MAX_CURRENT', measured.maxCurrent],
      ['MIN_POWER', measured.minPower],
      ['MAX_POWER', measured.maxPower],
    ] as const;
    for (const [type, value] of measuredDims) if (value !== undefined) dims.push(volume(type, value, decimals));
  }
  return { start_date_time: formatDateTime(unit.start), dimensions: dims, tariff_id: unit.tariff.id };
}

/** Slices, prices and reports one parsed timeline under one tariff. */
function price(
  timeline: ParsedTimeline,
  tariff: PricingTariff,
  zone: Zone | undefined,
  decimals: number,
): PricedSession {
  const unknown = unknownCollector();
  const sliced: SlicedTimeline = sliceTimeline(timeline, tariff, zone, unknown.sink);
  const billed = bill(sliced.units, tariff);
  const session = timeline.session;
  const totalTime: Decimal = session === undefined ? ZERO : dec(session.end - session.start).div(1000);
  return {
    currency: tariff.currency,
    tariff_id: tariff.id,
    start_date_time: formatDateTime(firstInstant(timeline)),
    end_date_time: formatDateTime(lastInstant(timeline)),
    charging_periods: sliced.units.map((u, i) =>
      chargingPeriod(u, sliced.charging[i] ?? false, sliced.measured[i] ?? {}, decimals),
    ),
    ...cdrTotals(billed, totalTime, decimals),
    explanation: explanation(billed, sliced.charging),
    warnings: [...reservationWarnings(tariff, timeline), ...unknown.warnings],
  };
}

/**
 * Prices a session: chooses the tariff valid at its start (the reservation start when there was
 * one), cuts the timeline into charging periods wherever another price component becomes active,
 * applies step_size, VAT and min/max price, and returns the OCPI charging periods and CDR totals.
 *
 * Throws {@link PricingInputError} (with the path of the offending field) on invalid input.
 */
export function priceSession(input: PriceSessionInput): PricedSession {
  const tariffs = normalizeTariffs(input.tariffs);
  const timeline = parseTimeline(input.session, 'session');
  const at = firstInstant(timeline);
  const tariff = selectTariff(tariffs, at, timeline.tariffType);
  if (tariff === undefined) {
    throw new PricingInputError(
      Array.isArray(input.tariffs) ? 'tariffs' : 'tariff',
      `no tariff is valid at ${formatDateTime(at)}${timeline.tariffType ? ` for tariff_type ${timeline.tariffType}` : ''} (start_date_time/end_date_time/type)`,
    );
  }
  const zone = zoneFor([tariff], input.time_zone);
  const decimals = input.options?.decimals ?? 4;
  return price(timeline, tariff, zone, decimals);
}
