/**
 * The session timeline: the engine's own input format (documented in docs/pricing.md). It says
 * when the session started and ended, when the EV was not requesting power, what the meter read
 * and, optionally, the reservation before the session. This module checks it and answers the
 * questions pricing asks of it: is the EV charging at t, how much energy was consumed by t, what
 * current and power flowed at t.
 */
import type { Decimal } from './decimal.js';
import { dec, isNumeric, SECONDS_PER_HOUR, ZERO } from './decimal.js';
import { PricingInputError } from './errors.js';
import { parseDateTime } from './instants.js';

export interface MeterValue {
  date_time: string;
  /** Meter register of imported energy, kWh. */
  energy_import?: number | string | null;
  /** Sum of the current over all phases from this moment on, A. */
  current?: number | string | null;
  /** Power from this moment on, kW. */
  power?: number | string | null;
}

export interface TimeInterval {
  start_date_time: string;
  end_date_time: string;
}

export interface ReservationTimeline {
  /** When the reservation was made. */
  start_date_time: string;
  /** When it ended: the session start (default) or, for an expired reservation, its expiry. */
  end_date_time?: string | null;
  /** The reservation expired without a charging session (RESERVATION_EXPIRES). */
  expired?: boolean | null;
}

export interface SessionTimeline {
  /** Start of the charging session. Absent only for an expired reservation. */
  start_date_time?: string | null;
  /** End of the session: the EV left (unplugged). */
  end_date_time?: string | null;
  /** The EV stopped requesting power for good (e.g. battery full); parking until end_date_time. */
  charging_stopped_date_time?: string | null;
  /** Further stretches during which the EV did not request power. */
  not_charging?: TimeInterval[] | null;
  meter_values?: MeterValue[] | null;
  reservation?: ReservationTimeline | null;
  /** TariffType of the session (e.g. REGULAR, AD_HOC_PAYMENT) to choose among several tariffs. */
  tariff_type?: string | null;
}

export interface Interval {
  start: number;
  end: number;
}

interface Knot {
  t: number;
  /** kWh consumed since the session start. */
  e: Decimal;
}

/** A measured quantity from `t` until the next sample. */
interface Sample {
  t: number;
  value: Decimal;
}

export interface ParsedSession {
  start: number;
  end: number;
  /** Sorted, disjoint, within [start, end]. */
  notCharging: Interval[];
  knots: Knot[];
  current: Sample[];
  power: Sample[];
  /** Whether power comes from the meter values or is derived from the energy readings. */
  powerMeasured: boolean;
}

export interface ParsedTimeline {
  session: ParsedSession | undefined;
  reservation: (Interval & { expired: boolean }) | undefined;
  tariffType: string | undefined;
}

const TARIFF_TYPES = ['AD_HOC_PAYMENT', 'PROFILE_CHEAP', 'PROFILE_FAST', 'PROFILE_GREEN', 'REGULAR'] as const;

function fail(path: string, message: string): never {
  throw new PricingInputError(path, message);
}

function present<T>(v: T | null | undefined): v is T {
  return v !== undefined && v !== null;
}

function number(value: unknown, path: string): Decimal | undefined {
  if (!present(value)) return undefined;
  if (!isNumeric(value)) fail(path, 'must be a number');
  return dec(value);
}

/** Union of intervals, sorted and merged. */
function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

function parseNotCharging(input: SessionTimeline, start: number, end: number, path: string): Interval[] {
  const intervals: Interval[] = [];
  const within = (t: number, p: string) => {
    if (t < start || t > end) fail(p, 'must lie between start_date_time and end_date_time');
    return t;
  };
  if (present(input.charging_stopped_date_time)) {
    const p = `${path}.charging_stopped_date_time`;
    intervals.push({ start: within(parseDateTime(input.charging_stopped_date_time, p), p), end });
  }
  if (present(input.not_charging)) {
    if (!Array.isArray(input.not_charging)) fail(`${path}.not_charging`, 'must be a list of intervals');
    input.not_charging.forEach((interval, i) => {
      const p = `${path}.not_charging[${i}]`;
      const a = within(parseDateTime(interval?.start_date_time, `${p}.start_date_time`), `${p}.start_date_time`);
      const b = within(parseDateTime(interval?.end_date_time, `${p}.end_date_time`), `${p}.end_date_time`);
      if (b < a) fail(`${p}.end_date_time`, 'must not be before start_date_time');
      intervals.push({ start: a, end: b });
    });
  }
  return mergeIntervals(intervals);
}

interface ParsedMeterValue {
  t: number;
  energy: Decimal | undefined;
  current: Decimal | undefined;
  power: Decimal | undefined;
}

function parseMeterValues(input: SessionTimeline, path: string): ParsedMeterValue[] {
  if (!present(input.meter_values)) return [];
  if (!Array.isArray(input.meter_values)) fail(`${path}.meter_values`, 'must be a list');
  const values = input.meter_values.map((mv, i): ParsedMeterValue => {
    const p = `${path}.meter_values[${i}]`;
    if (typeof mv !== 'object' || mv === null) fail(p, 'must be an object');
    const v = {
      t: parseDateTime(mv.date_time, `${p}.date_time`),
      energy: number(mv.energy_import, `${p}.energy_import`),
      current: number(mv.current, `${p}.current`),
      power: number(mv.power, `${p}.power`),
    };
    if (v.energy === undefined && v.current === undefined && v.power === undefined) {
      fail(p, 'needs at least one of energy_import, current, power');
    }
    return v;
  });
  for (let i = 1; i < values.length; i++) {
    if ((values[i] as ParsedMeterValue).t < (values[i - 1] as ParsedMeterValue).t) {
      fail(`${path}.meter_values[${i}].date_time`, 'meter values must be in time order');
    }
  }
  return values;
}

/**
 * Energy knots relative to the session start. The consumption is measured from the last reading
 * at or before the start (the meter start), or from 0 when there is none, so both register
 * readings with a start reading and readings "since start" work.
 */
function energyKnots(values: ParsedMeterValue[], start: number, end: number): Knot[] {
  const readings = values.filter((v) => v.energy !== undefined) as (ParsedMeterValue & { energy: Decimal })[];
  const before = readings.filter((r) => r.t <= start);
  const base = before.length > 0 ? (before[before.length - 1] as { energy: Decimal }).energy : ZERO;
  const knots: Knot[] = [{ t: start, e: ZERO }];
  for (const r of readings) if (r.t > start) knots.push({ t: r.t, e: r.energy.sub(base) });
  // Readings after the end still shape the interpolation up to the end, never beyond it.
  return knots.filter((k, i) => k.t <= end || (knots[i - 1]?.t ?? start) < end);
}

function parseSession(input: SessionTimeline, path: string, values: ParsedMeterValue[]): ParsedSession {
  const start = parseDateTime(input.start_date_time, `${path}.start_date_time`);
  const end = parseDateTime(input.end_date_time, `${path}.end_date_time`);
  if (end <= start) fail(`${path}.end_date_time`, 'must be after start_date_time');
  const series = (pick: (v: ParsedMeterValue) => Decimal | undefined): Sample[] =>
    values.flatMap((v) => {
      const value = pick(v);
      return value === undefined ? [] : [{ t: v.t, value }];
    });
  const power = series((v) => v.power);
  return {
    start,
    end,
    notCharging: parseNotCharging(input, start, end, path),
    knots: energyKnots(values, start, end),
    current: series((v) => v.current),
    power,
    powerMeasured: power.length > 0,
  };
}

function parseReservation(
  input: ReservationTimeline,
  session: ParsedSession | undefined,
  path: string,
): Interval & { expired: boolean } {
  const start = parseDateTime(input.start_date_time, `${path}.start_date_time`);
  const expired = input.expired === true;
  if (expired) {
    if (session !== undefined) fail(`${path}.expired`, 'an expired reservation has no charging session: omit start_date_time and end_date_time of the session');
    if (!present(input.end_date_time)) fail(`${path}.end_date_time`, 'is required for an expired reservation (its expiry)');
  } else if (session === undefined) {
    fail(path.replace(/\.reservation$/, '') + '.start_date_time', 'is required unless the reservation expired');
  }
  const end = present(input.end_date_time)
    ? parseDateTime(input.end_date_time, `${path}.end_date_time`)
    : (session as ParsedSession).start;
  if (session !== undefined && end !== session.start) {
    fail(`${path}.end_date_time`, 'a reservation ends when the charging session starts: must equal start_date_time of the session');
  }
  if (end <= start) fail(`${path}.end_date_time`, 'must be after the reservation start_date_time');
  return { start, end, expired };
}

/** Checks a timeline and reads it into instants and Decimals. */
export function parseTimeline(input: SessionTimeline, path = 'session'): ParsedTimeline {
  if (typeof input !== 'object' || input === null) fail(path, 'must be a session timeline object');
  const values = parseMeterValues(input, path);
  const hasSession = present(input.start_date_time) || present(input.end_date_time);
  const session = hasSession ? parseSession(input, path, values) : undefined;
  const reservation = present(input.reservation)
    ? parseReservation(input.reservation, session, `${path}.reservation`)
    : undefined;
  if (session === undefined && reservation === undefined) {
    fail(`${path}.start_date_time`, 'is required');
  }
  if (present(input.tariff_type) && !TARIFF_TYPES.includes(input.tariff_type as (typeof TARIFF_TYPES)[number])) {
    fail(`${path}.tariff_type`, `must be one of ${TARIFF_TYPES.join(', ')}`);
  }
  return { session, reservation, tariffType: input.tariff_type ?? undefined };
}

// ------------------------------------------------------------------------------------------
// Questions pricing asks of a parsed session
// ------------------------------------------------------------------------------------------

export function isCharging(s: ParsedSession, t: number): boolean {
  return !s.notCharging.some((i) => t >= i.start && t < i.end);
}

/** Milliseconds of charging within [a, b]. */
export function chargingMs(s: ParsedSession, a: number, b: number): number {
  let idle = 0;
  for (const i of s.notCharging) idle += Math.max(0, Math.min(b, i.end) - Math.max(a, i.start));
  return b - a - idle;
}

/** The instant after `a` by which `ms` milliseconds of charging have passed. */
function afterChargingMs(s: ParsedSession, a: number, ms: number): number {
  let t = a;
  let left = ms;
  for (const i of s.notCharging) {
    if (i.end <= t) continue;
    const run = Math.max(0, i.start - t);
    if (run >= left) return t + left;
    left -= run;
    t = Math.max(t, i.end);
  }
  return t + left;
}

/** Index of the last item with `t` ≤ at, or -1 (items sorted by t). */
function lastAtOrBefore(items: readonly { t: number }[], at: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((items[mid] as { t: number }).t <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The knot interval [a, b] holding t (or the last knot when t is beyond every reading). */
function knotSpan(s: ParsedSession, t: number): [Knot, Knot | undefined] {
  const i = Math.max(0, lastAtOrBefore(s.knots, t));
  return [s.knots[i] as Knot, s.knots[i + 1]];
}

/**
 * kWh consumed between the session start and t. Between two readings the energy is spread over
 * the time the EV was charging (linear in charging time), so a reading taken at the end of a
 * session does not leak energy into its parking time; past the last reading it stays constant.
 */
export function energyAt(s: ParsedSession, t: number): Decimal {
  const [a, b] = knotSpan(s, t);
  if (b === undefined || t <= a.t) return a.e;
  if (t >= b.t) return b.e;
  const total = chargingMs(s, a.t, b.t);
  const fraction =
    total > 0 ? dec(chargingMs(s, a.t, t)).div(total) : dec(t - a.t).div(b.t - a.t);
  return a.e.add(b.e.sub(a.e).mul(fraction));
}

/**
 * Instants in (start, end) at which the consumed energy reaches `kwh` (exactly, up to the
 * millisecond), for each knot interval that crosses it.
 */
export function energyCrossings(s: ParsedSession, kwh: Decimal): number[] {
  const out: number[] = [];
  for (let i = 1; i < s.knots.length; i++) {
    const a = s.knots[i - 1] as Knot;
    const b = s.knots[i] as Knot;
    const rising = a.e.lt(kwh) && b.e.gte(kwh);
    const falling = a.e.gte(kwh) && b.e.lt(kwh);
    if (!rising && !falling) continue;
    const fraction = kwh.sub(a.e).div(b.e.sub(a.e));
    const total = chargingMs(s, a.t, b.t);
    const t =
      total > 0
        ? afterChargingMs(s, a.t, fraction.mul(total).round().toNumber())
        : a.t + fraction.mul(b.t - a.t).round().toNumber();
    if (t > s.start && t < s.end) out.push(t);
  }
  return out;
}

/** Sample-and-hold value of a measured quantity at t (the first sample also covers the time before it). */
function held(series: readonly Sample[], t: number): Decimal | undefined {
  return series[Math.max(0, lastAtOrBefore(series, t))]?.value;
}

export function currentAt(s: ParsedSession, t: number): Decimal | undefined {
  return held(s.current, t);
}

/**
 * Power at t: the measured value when meter values carry power, otherwise the average power of the
 * enclosing pair of energy readings (kWh per hour of charging).
 */
export function powerAt(s: ParsedSession, t: number): Decimal | undefined {
  if (s.powerMeasured) return held(s.power, t);
  const [a, b] = knotSpan(s, t);
  if (b === undefined) return s.knots.length > 1 ? ZERO : undefined;
  const ms = chargingMs(s, a.t, b.t);
  if (ms <= 0) return undefined;
  return b.e.sub(a.e).div(dec(ms).div(1000).div(SECONDS_PER_HOUR));
}

/** Instants at which measured or derived current/power may change. */
export function measurementChanges(s: ParsedSession): number[] {
  return [...s.current.map((x) => x.t), ...s.power.map((x) => x.t), ...s.knots.map((k) => k.t)];
}
