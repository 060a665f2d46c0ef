/**
 * The Location's local time (TAR-10): restrictions on time of day, date and day of week are read
 * on the wall clock of the Location's `time_zone`, through Luxon so DST is handled by the IANA
 * database. The engine slices a session wherever the wall clock could change a restriction's
 * verdict: at every restricted time of day, at every local midnight and at every offset change.
 */
import { DateTime, IANAZone } from 'luxon';
import type { Zone } from 'luxon';
import { PricingInputError } from './errors.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface LocalMoment {
  /** Minutes since local midnight, with the seconds as a fraction. */
  minuteOfDay: number;
  /** Luxon weekday: Monday = 1 … Sunday = 7. */
  weekday: number;
  /** Local calendar date, `YYYY-MM-DD`. */
  date: string;
}

/** An IANA zone such as `Europe/Amsterdam` (or `UTC`); anything else is an input error. */
export function resolveZone(name: unknown, path: string): Zone {
  if (typeof name !== 'string' || !IANAZone.isValidZone(name)) {
    throw new PricingInputError(path, `must be an IANA time zone such as Europe/Amsterdam (got ${JSON.stringify(name)})`);
  }
  return IANAZone.create(name);
}

export function localMoment(t: number, zone: Zone): LocalMoment {
  const dt = DateTime.fromMillis(t, { zone });
  return {
    minuteOfDay: dt.hour * 60 + dt.minute + dt.second / 60 + dt.millisecond / MINUTE,
    weekday: dt.weekday,
    date: dt.toISODate() ?? '',
  };
}

/** Local calendar dates (as UTC-midnight "wall" timestamps) from the day before `from` to the day after `to`. */
function wallDays(from: number, to: number, zone: Zone): number[] {
  const first = DateTime.fromMillis(from, { zone });
  const last = DateTime.fromMillis(to, { zone });
  const start = Date.UTC(first.year, first.month - 1, first.day) - DAY;
  const end = Date.UTC(last.year, last.month - 1, last.day) + DAY;
  const days: number[] = [];
  for (let d = start; d <= end; d += DAY) days.push(d);
  return days;
}

/**
 * Every instant in (from, to) at which the zone's UTC offset changes. Offsets change at most a few
 * times a year, so a day-by-day scan with a binary search inside a changing day is plenty.
 */
export function offsetTransitions(from: number, to: number, zone: Zone): number[] {
  const out: number[] = [];
  for (let a = from; a < to; a += DAY) {
    let lo = a;
    let hi = Math.min(a + DAY, to);
    if (zone.offset(lo) === zone.offset(hi)) continue;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (zone.offset(mid) === zone.offset(lo)) lo = mid;
      else hi = mid;
    }
    if (hi > from && hi < to) out.push(hi);
  }
  return out;
}

/**
 * Every instant in (from, to) at which the local wall clock reads one of `minutes` (minutes since
 * midnight). A wall time can occur twice (DST fold) or not at all (DST gap): in a gap the verdict
 * of a restriction changes at the jump itself, which {@link offsetTransitions} supplies.
 */
export function wallClockInstants(from: number, to: number, zone: Zone, minutes: readonly number[]): number[] {
  const out: number[] = [];
  for (const day of wallDays(from, to, zone)) {
    for (const m of minutes) {
      const wall = day + m * MINUTE;
      const offsets = new Set([zone.offset(wall - 2 * DAY), zone.offset(wall), zone.offset(wall + 2 * DAY)]);
      for (const offset of offsets) {
        const t = wall - offset * MINUTE;
        if (zone.offset(t) === offset && t > from && t < to) out.push(t);
      }
    }
  }
  return out;
}

/** All instants in (from, to) where a local-time restriction using `minutes` can change verdict. */
export function localTimeBoundaries(from: number, to: number, zone: Zone, minutes: readonly number[]): number[] {
  const all = new Set([0, ...minutes]);
  return [...wallClockInstants(from, to, zone, [...all]), ...offsetTransitions(from, to, zone)];
}
