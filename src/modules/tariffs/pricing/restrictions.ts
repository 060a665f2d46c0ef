/**
 * Whether a TariffElement's restrictions hold at one moment (TAR-10, mod_tariffs
 * TariffRestrictions class). Restrictions are a logical AND and are evaluated per moment, never
 * over the whole session. The engine evaluates them at the start of each slice, which matches
 * their closed-open form: start_time, start_date, min_* are inclusive; end_time, end_date, max_*
 * are exclusive.
 */
import type { Decimal } from './decimal.js';
import type { LocalMoment } from './local-time.js';
import type { PricingRestrictions } from './model.js';

const END_OF_DAY = 24 * 60;

/** What is known of a measured quantity during a slice: its lowest and highest value. */
export interface Range {
  min: Decimal | undefined;
  max: Decimal | undefined;
}

export function exactly(value: Decimal): Range {
  return { min: value, max: value };
}

export interface MomentContext {
  /** The local wall clock; only needed when a restriction uses local time. */
  local: LocalMoment | undefined;
  /** Energy consumed since the session started, kWh. */
  energyKwh: Decimal;
  /** Seconds since the charging session (or, for reservation elements, the reservation) started. */
  durationSeconds: Decimal;
  /** Sum of the current over all phases, A; undefined when not measured. */
  current: Range | undefined;
  /** Power, kW; undefined when not measured. */
  power: Range | undefined;
}

export interface RestrictionVerdict {
  match: boolean;
  /** Restrictions that could not be evaluated for lack of data (the element is then not active). */
  unknown: string[];
}

/**
 * Time-of-day window. `end_time` 00:00 means the end of the day; `end_time` < `start_time` wraps
 * past midnight; equal times are read as a 24-hour window.
 */
export function inTimeOfDay(minute: number, start: number | undefined, end: number | undefined): boolean {
  const from = start ?? 0;
  const until = end === undefined || end === 0 ? END_OF_DAY : end;
  if (from < until) return minute >= from && minute < until;
  if (from > until) return minute >= from || minute < until;
  return true;
}

/** `min` inclusive, `max` exclusive, on a quantity known only as a range. */
function atLeast(range: Range | undefined, bound: Decimal): boolean | 'unknown' {
  if (range?.min !== undefined && range.min.gte(bound)) return true;
  if (range?.max !== undefined && range.max.lt(bound)) return false;
  return 'unknown';
}

function below(range: Range | undefined, bound: Decimal): boolean | 'unknown' {
  if (range?.max !== undefined && range.max.lt(bound)) return true;
  if (range?.min !== undefined && range.min.gte(bound)) return false;
  return 'unknown';
}

export function matchRestrictions(r: PricingRestrictions, ctx: MomentContext): RestrictionVerdict {
  const unknown: string[] = [];
  const checks: boolean[] = [];
  const measured = (name: string, verdict: boolean | 'unknown') => {
    if (verdict === 'unknown') unknown.push(name);
    else checks.push(verdict);
  };

  const local = ctx.local;
  if (r.startMinute !== undefined || r.endMinute !== undefined) {
    checks.push(local !== undefined && inTimeOfDay(local.minuteOfDay, r.startMinute, r.endMinute));
  }
  if (r.startDate !== undefined) checks.push(local !== undefined && local.date >= r.startDate);
  if (r.endDate !== undefined) checks.push(local !== undefined && local.date < r.endDate);
  if (r.daysOfWeek !== undefined) checks.push(local !== undefined && r.daysOfWeek.has(local.weekday));

  if (r.minKwh !== undefined) checks.push(ctx.energyKwh.gte(r.minKwh));
  if (r.maxKwh !== undefined) checks.push(ctx.energyKwh.lt(r.maxKwh));
  if (r.minDuration !== undefined) checks.push(ctx.durationSeconds.gte(r.minDuration));
  if (r.maxDuration !== undefined) checks.push(ctx.durationSeconds.lt(r.maxDuration));

  if (r.minCurrent !== undefined) measured('min_current', atLeast(ctx.current, r.minCurrent));
  if (r.maxCurrent !== undefined) measured('max_current', below(ctx.current, r.maxCurrent));
  if (r.minPower !== undefined) measured('min_power', atLeast(ctx.power, r.minPower));
  if (r.maxPower !== undefined) measured('max_power', below(ctx.power, r.maxPower));

  const known = checks.every(Boolean);
  // Missing data only matters when everything else would let the element apply.
  return { match: known && unknown.length === 0, unknown: known ? unknown : [] };
}
