/**
 * Instants are epoch milliseconds (integers) inside the engine: exact, ordered, and cheap to
 * compare. OCPI DateTimes are UTC; a missing designator also means UTC (types_datetime_type).
 */
import { PricingInputError } from './errors.js';

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?$/;

/** Parses an OCPI DateTime (offsets are tolerated and converted) to epoch milliseconds. */
export function parseDateTime(value: unknown, path: string): number {
  const m = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  if (!m) throw new PricingInputError(path, 'must be a DateTime such as 2015-06-29T20:39:09Z');
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(t);
  if (check.getUTCDate() !== Number(d) || check.getUTCHours() !== Number(h)) {
    throw new PricingInputError(path, 'is not a valid calendar date and time');
  }
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    t -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return t;
}

/** Formats epoch milliseconds as an OCPI DateTime in UTC (milliseconds only when present). */
export function formatDateTime(t: number): string {
  const iso = new Date(t).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}
