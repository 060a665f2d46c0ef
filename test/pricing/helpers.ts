/** Builders for tariffs and session timelines in pricing tests. */
import { DateTime } from 'luxon';
import type { SessionTimeline, TariffInput } from '../../src/modules/tariffs/pricing/index.js';
import type { PriceComponent, TariffElement, TariffRestrictions } from '../../src/modules/tariffs/schema.js';

export const AMSTERDAM = 'Europe/Amsterdam';

type Dim = 'ENERGY' | 'FLAT' | 'PARKING_TIME' | 'TIME';

/** A PriceComponent; `vat` undefined leaves the field out. */
export function pc(type: Dim, price: number, step_size: number, vat?: number): PriceComponent {
  return vat === undefined ? { type, price, step_size } : { type, price, vat, step_size };
}

export function el(price_components: PriceComponent[], restrictions?: TariffRestrictions): TariffElement {
  return restrictions === undefined ? { price_components } : { price_components, restrictions };
}

export function tariff(id: string, elements: TariffElement[], extra: Partial<TariffInput> = {}): TariffInput {
  return { country_code: 'DE', party_id: 'ALL', id, currency: 'EUR', elements, ...extra };
}

/** Local wall time in `zone` (`YYYY-MM-DDTHH:mm[:ss]`) as an OCPI DateTime in UTC. */
export function at(local: string, zone = AMSTERDAM): string {
  const dt = DateTime.fromISO(local, { zone });
  if (!dt.isValid) throw new Error(`bad local time ${local}`);
  return dt.toUTC().toISO({ suppressMilliseconds: true })!.replace('.000', '');
}

/** Adds minutes to an OCPI DateTime. */
export function plus(dateTime: string, minutes: number): string {
  return new Date(Date.parse(dateTime) + minutes * 60_000).toISOString().replace('.000Z', 'Z');
}

/**
 * A plain session: charging for `charging` minutes from `start` (energy `kwh` spread evenly, at
 * `current` A / `power` kW if given), then parked for `parking` minutes.
 */
export function session(opts: {
  start: string;
  charging: number;
  parking?: number;
  kwh?: number;
  current?: number;
  power?: number;
}): SessionTimeline {
  const stop = plus(opts.start, opts.charging);
  const end = plus(stop, opts.parking ?? 0);
  const first: Record<string, unknown> = { date_time: opts.start, energy_import: 0 };
  if (opts.current !== undefined) first.current = opts.current;
  if (opts.power !== undefined) first.power = opts.power;
  return {
    start_date_time: opts.start,
    end_date_time: end,
    ...(opts.parking ? { charging_stopped_date_time: stop } : {}),
    meter_values: [first as never, { date_time: stop, energy_import: opts.kwh ?? 0 }],
  };
}
