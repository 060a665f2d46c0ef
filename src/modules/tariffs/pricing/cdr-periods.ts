/**
 * A received CDR as pricing units: its charging periods with their volumes, each cut further
 * only where a restriction changes inside it (which a correct CDR never needs, CDR-09).
 */
import type { Zone } from 'luxon';
import type { Decimal } from './decimal.js';
import { dec, isNumeric, SECONDS_PER_HOUR, ZERO } from './decimal.js';
import { PricingInputError } from './errors.js';
import { formatDateTime, parseDateTime } from './instants.js';
import { localMoment, localTimeBoundaries } from './local-time.js';
import type { PricingComponent, PricingTariff, TariffDimension, TariffInput } from './model.js';
import { normalizeTariff } from './model.js';
import type { MomentContext, Range } from './restrictions.js';
import { exactly } from './restrictions.js';
import type { Phase, UnknownSink } from './selection.js';
import { findComponent, selectTariff } from './selection.js';
import type { CdrInput, TotalDifference } from './types.js';
import type { ActiveComponents, PricingUnit, Volumes } from './units.js';
import { addVolumes, subtractVolumes } from './units.js';

export interface ParsedPeriod {
  index: number;
  start: number;
  end: number;
  tariff: PricingTariff | undefined;
  reservation: boolean;
  volumes: Volumes;
  current: Range | undefined;
  power: Range | undefined;
}

const TIME_DIMENSIONS = new Set(['TIME', 'PARKING_TIME', 'RESERVATION_TIME']);

/**
 * Hours to seconds. A volume with at most 4 decimals (OCPI's default precision) is a rounded
 * value: when it lies within its rounding error (0.18 s) of a whole second, the whole second is
 * taken, so step_size = 1 does not bill a second that was never used.
 */
function hoursToSeconds(volume: Decimal): Decimal {
  const s = volume.mul(SECONDS_PER_HOUR);
  const whole = s.round();
  return volume.decimalPlaces() <= 4 && s.sub(whole).abs().lte(0.18) ? whole : s;
}

function fail(path: string, message: string): never {
  throw new PricingInputError(path, message);
}

export function tariffsById(cdr: CdrInput, given: readonly TariffInput[], notes: string[]): Map<string, PricingTariff> {
  const map = new Map<string, PricingTariff>();
  given.forEach((t, i) => map.set(t.id, normalizeTariff(t, `tariffs[${i}]`)));
  (cdr.tariffs ?? []).forEach((t, i) => {
    const own = normalizeTariff(t, `cdr.tariffs[${i}]`);
    const other = map.get(own.id);
    if (other === undefined) map.set(own.id, own);
    else if (canonical(t) !== canonical(given.find((g) => g.id === own.id))) {
      notes.push(`the CDR embeds tariff ${own.id} with different content than the tariff given; the given one was used`);
    }
  });
  return map;
}

function canonical(value: unknown): string {
  const pick = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(pick)
      : typeof v === 'object' && v !== null
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([k, x]) => x !== null && x !== undefined && k !== 'last_updated')
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, pick(x)]),
          )
        : v;
  return JSON.stringify(pick(value));
}

export function parsePeriods(
  cdr: CdrInput,
  tariffs: Map<string, PricingTariff>,
  differences: TotalDifference[],
  notes: string[],
): ParsedPeriod[] {
  if (!Array.isArray(cdr.charging_periods as unknown) || cdr.charging_periods.length === 0) {
    fail('cdr.charging_periods', 'must list at least one ChargingPeriod');
  }
  const cdrStart = parseDateTime(cdr.start_date_time, 'cdr.start_date_time');
  const cdrEnd = parseDateTime(cdr.end_date_time, 'cdr.end_date_time');
  const starts = cdr.charging_periods.map((p, i) =>
    parseDateTime(p.start_date_time, `cdr.charging_periods[${i}].start_date_time`),
  );
  const all = [...tariffs.values()];
  return cdr.charging_periods.map((p, i): ParsedPeriod => {
    const path = `cdr.charging_periods[${i}]`;
    const start = starts[i] as number;
    const end = starts[i + 1] ?? cdrEnd;
    if (end < start) fail(`${path}.start_date_time`, 'charging periods must be in time order and end by end_date_time');
    if (i === 0 && start < cdrStart) fail(`${path}.start_date_time`, 'must not be before the CDR start_date_time');

    const sums = new Map<string, Decimal>();
    const dims = Array.isArray(p.dimensions as unknown) ? p.dimensions : fail(`${path}.dimensions`, 'must be a list');
    dims.forEach((d, j) => {
      if (!isNumeric(d?.volume)) fail(`${path}.dimensions[${j}].volume`, 'must be a number');
      const v = dec(d.volume);
      sums.set(d.type, (sums.get(d.type) ?? ZERO).add(TIME_DIMENSIONS.has(d.type) ? hoursToSeconds(v) : v));
    });
    const get = (type: string) => sums.get(type);

    let tariff: PricingTariff | undefined;
    const id = p.tariff_id ?? undefined;
    if (id !== undefined) {
      tariff = tariffs.get(id);
      if (tariff === undefined) {
        differences.push({
          field: `charging_periods[${i}].tariff_id`,
          reported: id,
          computed: null,
          reason: `tariff ${id} is neither in the CDR's tariffs nor among the tariffs given; this period was priced at 0`,
        });
      }
    } else {
      tariff = all.length === 1 ? all[0] : selectTariff(all, start);
      notes.push(
        tariff === undefined
          ? `charging period ${i} has no tariff_id and no tariff is valid at its start: priced at 0`
          : `charging period ${i} has no tariff_id (the spec reads that as "no tariff relevant"); priced with tariff ${tariff.id}`,
      );
    }

    const time = get('TIME');
    const energy = get('ENERGY');
    const minPower = get('MIN_POWER');
    const maxPower = get('MAX_POWER');
    // Without power dimensions, the average power of the period is the best available reading.
    const average =
      energy !== undefined && time !== undefined && time.gt(0) ? energy.div(time.div(SECONDS_PER_HOUR)) : undefined;
    const range = (min: Decimal | undefined, max: Decimal | undefined, fallback?: Decimal): Range | undefined =>
      min === undefined && max === undefined ? (fallback === undefined ? undefined : exactly(fallback)) : { min, max };
    return {
      index: i,
      start,
      end,
      tariff,
      reservation: get('RESERVATION_TIME') !== undefined,
      volumes: {
        energy: energy ?? ZERO,
        time: time ?? ZERO,
        parking: get('PARKING_TIME') ?? ZERO,
        reservation: get('RESERVATION_TIME') ?? ZERO,
      },
      current: range(get('MIN_CURRENT'), get('MAX_CURRENT')),
      power: range(minPower, maxPower, average),
    };
  });
}

export interface CdrContext {
  zone: Zone | undefined;
  sessionStart: number | undefined;
  reservationStart: number | undefined;
  expired: boolean;
  onUnknown: UnknownSink;
  notes: string[];
}

function thresholds(tariff: PricingTariff, pick: 'energy' | 'duration'): Decimal[] {
  return tariff.elements.flatMap((e) => {
    const r = e.restrictions;
    const both = pick === 'energy' ? [r.minKwh, r.maxKwh] : [r.minDuration, r.maxDuration];
    return both.filter((x): x is Decimal => x !== undefined);
  });
}

function components(
  period: ParsedPeriod,
  tariff: PricingTariff,
  phase: Phase,
  ctx: MomentContext,
  onUnknown: UnknownSink,
): ActiveComponents {
  const out: ActiveComponents = {};
  const find = (dimension: TariffDimension, c: MomentContext) => findComponent(tariff, phase, dimension, c, onUnknown);
  const parking: MomentContext = { ...ctx, current: exactly(ZERO), power: exactly(ZERO) };
  const charging = period.volumes.time.gt(0) || (period.volumes.parking.isZero() && period.volumes.energy.gt(0));
  const set = (key: keyof ActiveComponents, c: PricingComponent | undefined) => {
    if (c !== undefined) out[key] = c;
  };
  if (phase !== 'session') {
    set('TIME', find('TIME', parking));
    set('FLAT', find('FLAT', parking));
    return out;
  }
  set('ENERGY', find('ENERGY', charging ? ctx : parking));
  if (period.volumes.time.gt(0)) set('TIME', find('TIME', ctx));
  if (period.volumes.parking.gt(0)) set('PARKING_TIME', find('PARKING_TIME', parking));
  set('FLAT', find('FLAT', charging ? ctx : parking));
  return out;
}

function describeChange(a: ActiveComponents, b: ActiveComponents): string[] {
  return (['ENERGY', 'TIME', 'PARKING_TIME', 'FLAT'] as const).filter((k) => a[k] !== b[k]);
}

/**
 * Units of one CDR period: cut wherever a restriction could change inside it (a correct CDR has
 * no such cut, CDR-09), with volumes shared out in proportion to time.
 */
export function periodUnits(period: ParsedPeriod, energyBefore: Decimal, c: CdrContext): PricingUnit[] {
  const tariff = period.tariff;
  if (tariff === undefined) return [];
  const phase: Phase = period.reservation ? (c.expired ? 'reservation_expired' : 'reservation') : 'session';
  const phaseStart = (period.reservation ? c.reservationStart : c.sessionStart) ?? period.start;
  const { start: a, end: b } = period;
  const span = b - a;
  // Energy is taken to flow evenly through a period: a threshold is crossed in proportion.
  const energyCuts: number[] = [];
  if (!period.reservation && period.volumes.energy.gt(0)) {
    for (const k of thresholds(tariff, 'energy')) {
      const fraction = k.sub(energyBefore).div(period.volumes.energy);
      const cut = a + fraction.mul(span).round().toNumber();
      // A threshold within a second of the period's edge is the CPO's own cut, blurred by rounding.
      if (cut - a >= 1000 && b - cut >= 1000) energyCuts.push(cut);
    }
  }
  const inside = [
    ...(tariff.usesLocalTime && c.zone !== undefined
      ? localTimeBoundaries(a, b, c.zone, tariff.elements.flatMap((e) => [e.restrictions.startMinute ?? 0, e.restrictions.endMinute ?? 0]))
      : []),
    ...thresholds(tariff, 'duration').map((d) => phaseStart + d.mul(1000).round().toNumber()),
    ...energyCuts,
  ].filter((t) => t > a && t < b);
  // A zero-length period still carries its volumes: it becomes one unit of its own.
  const cuts = span === 0 ? [a, b] : [...new Set([a, ...inside, b])].sort((x, y) => x - y);

  const units: PricingUnit[] = [];
  let left: Volumes = { ...period.volumes };
  for (let i = 1; i < cuts.length; i++) {
    const x = cuts[i - 1] as number;
    const y = cuts[i] as number;
    // The last part takes what is left, so the parts add up to the period's volumes exactly.
    const share = span === 0 || i === cuts.length - 1 ? undefined : dec(y - x).div(span);
    // Mid-stretch, so volumes rounded to 4 decimals cannot tip a threshold at the stretch's edge.
    const mid = dec(x + y).div(2);
    const ctx: MomentContext = {
      local: c.zone === undefined ? undefined : localMoment(mid.floor().toNumber(), c.zone),
      energyKwh: energyBefore.add(span === 0 ? ZERO : period.volumes.energy.mul(mid.sub(a).div(span))),
      durationSeconds: mid.sub(phaseStart).div(1000),
      current: period.current,
      power: period.power,
    };
    const v = period.volumes;
    const part: Volumes =
      share === undefined
        ? left
        : {
            energy: v.energy.mul(share),
            time: v.time.mul(share),
            parking: v.parking.mul(share),
            reservation: v.reservation.mul(share),
          };
    left = subtractVolumes(left, part);
    units.push({
      start: x,
      end: y,
      phase,
      tariff,
      period: period.index,
      volumes: part,
      components: components(period, tariff, phase, ctx, c.onUnknown),
    });
  }
  const merged: PricingUnit[] = [];
  for (const unit of units) {
    const last = merged[merged.length - 1];
    const changed = last === undefined ? [] : describeChange(last.components, unit.components);
    if (last !== undefined && changed.length === 0) {
      last.end = unit.end;
      last.volumes = addVolumes(last.volumes, unit.volumes);
      continue;
    }
    if (changed.length > 0) {
      c.notes.push(
        `charging period ${period.index}: the ${changed.join(', ')} price changes inside it at ${formatDateTime(unit.start)}; a new charging period should start there (CDR-09), its volumes were shared out in proportion to time`,
      );
    }
    merged.push(unit);
  }
  return merged;
}
