/**
 * OCPI DateTime (TYP-04, PIT-16): RFC 3339 in UTC, `Z` or no designator, 0 to 3 fraction digits.
 * Offsets such as +00:00 are not allowed by the spec.
 */
import { DATETIME_PATTERN } from './types.js';

// The one DateTime pattern lives with the model's primitive types; parsing here agrees with validation.
const DATETIME = new RegExp(DATETIME_PATTERN);

/** evroam emits `YYYY-MM-DDTHH:MM:SSZ`, or with 3 fraction digits when there are milliseconds. */
export function formatDateTime(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}

/** Parses an OCPI DateTime; undefined when the text is not one of the allowed forms. */
export function parseDateTime(text: string): Date | undefined {
  if (!DATETIME.test(text)) return undefined;
  const date = new Date(text.endsWith('Z') ? text : `${text}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The form evroam stores in indexed columns: fixed width, so that text order is time order in
 * every database (`2024-01-01T12:00:00.000Z`).
 */
export function toSortableTimestamp(text: string): string | undefined {
  return parseDateTime(text)?.toISOString();
}
