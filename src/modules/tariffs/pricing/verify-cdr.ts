/**
 * The eMSP side: recompute a received CDR's totals from the tariffs it references and its own
 * charging periods, and report every difference with its reason. The same billing rules as
 * {@link priceSession} apply; only the units come from the CDR's charging periods instead of a
 * timeline.
 */
import type { Zone } from 'luxon';
import type { Bill, Money } from './billing.js';
import { bill } from './billing.js';
import type { Decimal } from './decimal.js';
import { dec, isNumeric, SECONDS_PER_HOUR, show, ZERO } from './decimal.js';
import { PricingInputError } from './errors.js';
import { formatDateTime, parseDateTime } from './instants.js';
import { localMoment, localTimeBoundaries } from './local-time.js';
import type { PricingComponent, PricingTariff, TariffDimension, TariffInput } from './model.js';
import type { Price } from '../../../core/types.js';
import type { CDR } from '../../cdrs/schema.js';
import { normalizeTariff } from './model.js';
import { unknownCollector, zoneFor } from './price-session.js';
import { cdrTotals, explanation, hours } from './report.js';
import type { MomentContext, Range } from './restrictions.js';
import { exactly } from './restrictions.js';
import type { Phase, UnknownSink } from './selection.js';
import { findComponent, selectTariff } from './selection.js';
import type { CdrTotals, PricingExplanation } from './types.js';
import type { ActiveComponents, PricingUnit, Volumes } from './units.js';

/**
 * What the verification reads of a CDR: any OCPI CDR (the schema's type), or just its pricing
 * fields; the embedded tariffs need only what pricing reads.
 */
export type CdrInput = Pick<CDR, 'currency' | 'start_date_time' | 'end_date_time' | 'charging_periods' | 'total_cost' | 'total_energy' | 'total_time'> &
  Partial<
    Pick<
      CDR,
      | 'id'
      | 'total_fixed_cost'
      | 'total_energy_cost'
      | 'total_time_cost'
      | 'total_parking_time'
      | 'total_parking_cost'
      | 'total_reservation_cost'
      | 'credit'
    >
  > & { tariffs?: readonly TariffInput[] | null };

export interface VerifyCdrOptions {
  /** IANA time zone of the CDR's Location; required when a tariff restricts local time. */
  time_zone?: string | null;
  /** Largest accepted difference of an amount; 0.005 by default (any correct rounding to the cent). */
  tolerance?: number | string;
  /** Largest accepted difference of a quantity (kWh, hours); 0.0005 by default. */
  quantity_tolerance?: number | string;
  /** Decimals of the computed OCPI numbers; 4 by default. */
  decimals?: number;
}

export interface TotalDifference {
  /** The CDR field, e.g. `total_cost.incl_vat`, `currency`, `charging_periods[2].tariff_id`. */
  field: string;
  reported: number | string | null;
  computed: number | string | null;
  reason: string;
}

export interface CdrVerification {
  /** No differences. */
  ok: boolean;
  currency: string;
  computed: CdrTotals;
  /** The CDR's own totals (absent optional fields stay absent). */
  reported: Partial<CdrTotals>;
  differences: TotalDifference[];
  /** What could not be checked or had to be assumed; not differences. */
  notes: string[];
  explanation: PricingExplanation;
}

interface ParsedPeriod {
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

function tariffsById(cdr: CdrInput, given: readonly TariffInput[], notes: string[]): Map<string, PricingTariff> {
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

function parsePeriods(
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

interface Context {
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
function periodUnits(period: ParsedPeriod, energyBefore: Decimal, c: Context): PricingUnit[] {
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

function subtractVolumes(a: Volumes, b: Volumes): Volumes {
  return {
    energy: a.energy.sub(b.energy),
    time: a.time.sub(b.time),
    parking: a.parking.sub(b.parking),
    reservation: a.reservation.sub(b.reservation),
  };
}

function addVolumes(a: Volumes, b: Volumes): Volumes {
  return {
    energy: a.energy.add(b.energy),
    time: a.time.add(b.time),
    parking: a.parking.add(b.parking),
    reservation: a.reservation.add(b.reservation),
  };
}

function priceOf(p: Price | null | undefined): { excl: number; incl: number | undefined } | undefined {
  if (p === undefined || p === null) return undefined;
  return { excl: p.excl_vat, incl: p.incl_vat ?? undefined };
}

function dimensionSummary(b: Bill, key: 'energy' | 'time' | 'parking' | 'reservation', label: string): string {
  const dimension = key === 'energy' ? 'ENERGY' : key === 'time' ? 'TIME' : key === 'parking' ? 'PARKING_TIME' : 'TIME';
  const unitName = key === 'energy' ? 'kWh' : 'h';
  const groups = new Map<PricingComponent | undefined, { volume: Decimal; billed: Decimal; cost: Money }>();
  b.units.forEach((u, i) => {
    const volume = u.volumes[key];
    if (volume.isZero()) return;
    if ((key === 'reservation') !== (u.phase !== 'session')) return;
    const c = u.components[dimension as keyof ActiveComponents];
    const g = groups.get(c) ?? { volume: ZERO, billed: ZERO, cost: { excl: ZERO, incl: ZERO } };
    const cost = b.costs[i]?.[key] ?? { excl: ZERO, incl: ZERO };
    groups.set(c, {
      volume: g.volume.add(volume),
      billed: g.billed.add(b.billed[i]?.[key] ?? ZERO),
      cost: { excl: g.cost.excl.add(cost.excl), incl: g.cost.incl.add(cost.incl) },
    });
  });
  if (groups.size === 0) return `no ${label} in the charging periods`;
  const scale = (v: Decimal) => (key === 'energy' ? v : hours(v));
  const parts = [...groups.entries()].map(([c, g]) => {
    const q = `${show(scale(g.volume), 4)} ${unitName}`;
    if (c === undefined) return `${q} with no ${dimension} price component active (free)`;
    const billed = g.billed.eq(g.volume) ? '' : ` billed as ${show(scale(g.billed), 4)} ${unitName} (step_size ${c.stepSize})`;
    const vat = c.vat === undefined ? 'no VAT' : `VAT ${show(c.vat)}%`;
    return `${q}${billed} at ${show(c.price)} per ${unitName} (tariff ${c.tariffId} element ${c.elementIndex}, ${vat}) = ${show(g.cost.excl, 4)} excl. / ${show(g.cost.incl, 4)} incl. VAT`;
  });
  return parts.join('; ');
}

function flatSummary(b: Bill, reservation: boolean): string {
  const flat = reservation ? b.flat.reservation : b.flat.session;
  if (flat === undefined) return `no FLAT price component applies${reservation ? ' to the reservation' : ''}`;
  const c = flat.component;
  return `one FLAT fee of tariff ${c.tariffId} element ${c.elementIndex}: ${show(c.price)} excl. / ${show(flat.cost.incl, 4)} incl. VAT`;
}

function reasons(b: Bill, credit: boolean): Record<keyof CdrTotals, string> {
  const t = b.totals;
  const limits =
    b.limits.length === 0
      ? ''
      : `; ${b.limits.join(' and ')} of tariff ${b.limitsTariff?.id} applied to the sum ${show(t.beforeLimits.excl, 4)} excl. / ${show(t.beforeLimits.incl, 4)} incl. VAT`;
  return {
    total_cost: `sum of energy, time, parking, fixed and reservation costs = ${show(t.beforeLimits.excl, 4)} excl. / ${show(t.beforeLimits.incl, 4)} incl. VAT${limits}${credit ? '; negated for a Credit CDR' : ''}`,
    total_fixed_cost: flatSummary(b, false),
    total_energy: 'sum of the ENERGY volumes of the charging periods',
    total_energy_cost: dimensionSummary(b, 'energy', 'ENERGY'),
    total_time: 'end_date_time minus the start of the charging session, in hours',
    total_time_cost: dimensionSummary(b, 'time', 'TIME'),
    total_parking_time: 'sum of the PARKING_TIME volumes of the charging periods',
    total_parking_cost: dimensionSummary(b, 'parking', 'PARKING_TIME'),
    total_reservation_cost: `${dimensionSummary(b, 'reservation', 'RESERVATION_TIME')}; ${flatSummary(b, true)}`,
  };
}

function negate(totals: CdrTotals): CdrTotals {
  const neg = (p: { excl_vat: number; incl_vat?: number | null }) => ({
    excl_vat: -p.excl_vat || 0,
    incl_vat: -(p.incl_vat ?? 0) || 0,
  });
  return { ...totals, total_cost: neg(totals.total_cost) };
}

/**
 * Recomputes a CDR's totals from its charging periods and the tariffs it references (`tariffs`
 * given here take precedence over the copies embedded in the CDR), and compares them with the
 * CDR's own. Throws {@link PricingInputError} when the CDR or a tariff cannot be read.
 */
export function verifyCdr(
  cdr: CdrInput,
  tariffs: TariffInput | readonly TariffInput[] = [],
  options: VerifyCdrOptions = {},
): CdrVerification {
  if (typeof cdr !== 'object' || cdr === null) fail('cdr', 'must be a CDR object');
  const notes: string[] = [];
  const differences: TotalDifference[] = [];
  const given: readonly TariffInput[] = Array.isArray(tariffs) ? tariffs : [tariffs as TariffInput];
  const byId = tariffsById(cdr, given, notes);
  if (byId.size === 0) fail('tariffs', 'no tariff given and the CDR embeds none');
  const periods = parsePeriods(cdr, byId, differences, notes);
  const used = [...new Set(periods.map((p) => p.tariff).filter((t): t is PricingTariff => t !== undefined))];
  const zone = zoneFor(used, options.time_zone);
  const unknown = unknownCollector();

  const session = periods.filter((p) => !p.reservation);
  const reservations = periods.filter((p) => p.reservation);
  const context: Context = {
    zone,
    sessionStart: session[0]?.start,
    reservationStart: reservations[0]?.start,
    expired: session.length === 0,
    onUnknown: unknown.sink,
    notes,
  };
  let energyBefore = ZERO;
  const units: PricingUnit[] = [];
  for (const p of periods) {
    units.push(...periodUnits(p, p.reservation ? ZERO : energyBefore, context));
    if (!p.reservation) energyBefore = energyBefore.add(p.volumes.energy);
  }
  const limitsTariff = (session[0] ?? periods[0])?.tariff;
  const billed = bill(units, limitsTariff);

  const decimals = options.decimals ?? 4;
  const cdrEnd = parseDateTime(cdr.end_date_time, 'cdr.end_date_time');
  const totalTime = context.sessionStart === undefined ? ZERO : dec(cdrEnd - context.sessionStart).div(1000);
  const credit = cdr.credit === true;
  const plain = cdrTotals(billed, totalTime, decimals);
  const computed = credit ? negate(plain) : plain;
  const currency = limitsTariff?.currency ?? cdr.currency;

  for (const t of used) {
    if (t.currency !== cdr.currency) {
      differences.push({
        field: 'currency',
        reported: cdr.currency,
        computed: t.currency,
        reason: `tariff ${t.id} is in ${t.currency}, the CDR in ${cdr.currency}`,
      });
    }
  }

  const money = dec(options.tolerance ?? '0.005');
  const quantity = dec(options.quantity_tolerance ?? '0.0005');
  const why = reasons(billed, credit);
  const reported: Partial<CdrTotals> = {};
  const carries = (type: string) => cdr.charging_periods.some((p) => p.dimensions.some((d) => d.type === type));

  const compare = (field: string, got: number | null | undefined, want: number, tolerance: Decimal, reason: string) => {
    if (got === undefined || got === null) return;
    if (!isNumeric(got)) fail(`cdr.${field}`, 'must be a number');
    if (dec(got).sub(dec(want)).abs().gt(tolerance)) {
      differences.push({ field, reported: got, computed: want, reason });
    }
  };
  const priceFields = [
    'total_cost',
    'total_fixed_cost',
    'total_energy_cost',
    'total_time_cost',
    'total_parking_cost',
    'total_reservation_cost',
  ] as const;
  for (const field of priceFields) {
    const p = priceOf(cdr[field]);
    if (p === undefined) continue;
    reported[field] = { excl_vat: p.excl, ...(p.incl === undefined ? {} : { incl_vat: p.incl }) };
    compare(`${field}.excl_vat`, p.excl, computed[field].excl_vat, money, why[field]);
    compare(`${field}.incl_vat`, p.incl, computed[field].incl_vat ?? 0, money, why[field]);
  }
  const quantities = [
    ['total_energy', 'ENERGY'],
    ['total_time', undefined],
    ['total_parking_time', 'PARKING_TIME'],
  ] as const;
  for (const [field, dimension] of quantities) {
    const value = cdr[field];
    if (value === undefined || value === null) continue;
    reported[field] = value;
    if (dimension !== undefined && !carries(dimension) && value !== 0) {
      notes.push(`${field} cannot be checked: no charging period carries any ${dimension} volume`);
      continue;
    }
    compare(field, value, computed[field], quantity, why[field]);
  }
  if (!carries('ENERGY') && billed.units.some((u) => u.components.ENERGY !== undefined)) {
    notes.push('the tariff prices ENERGY but no charging period carries an ENERGY volume: energy costs cannot be recomputed');
  }

  return {
    ok: differences.length === 0,
    currency,
    computed,
    reported,
    differences,
    notes: [...notes, ...unknown.warnings],
    explanation: explanation(
      billed,
      units.map((u) => u.volumes.time.gt(0)),
    ),
  };
}

