/**
 * The URL parameters of the charging profiles Receiver (CP-01..CP-03): session_id in the path,
 * duration and response_url in the query. Each bad value is 2001 naming the parameter (ST-03).
 */
import { OcpiError } from '../../core/status.js';
import { CISTRING_PATTERN, URL_PATTERN } from '../../core/types.js';

const CISTRING = new RegExp(CISTRING_PATTERN);
const URL = new RegExp(URL_PATTERN);

export function sessionIdParam(value: string | undefined): string {
  if (value === undefined || value === '') throw OcpiError.invalid('session_id: is required');
  if (value.length > 36) throw OcpiError.invalid(`session_id: must be at most 36 characters (got ${value.length})`);
  if (!CISTRING.test(value)) throw OcpiError.invalid('session_id: must be printable ASCII (CiString)');
  return value;
}

export function durationParam(value: unknown): number {
  if (value === undefined || value === '') throw OcpiError.invalid('duration: is required');
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) throw OcpiError.invalid('duration: must be a non-negative integer number of seconds');
  return Number(value);
}

export function responseUrlParam(value: unknown): string {
  if (value === undefined || value === '') throw OcpiError.invalid('response_url: is required');
  if (typeof value !== 'string') throw OcpiError.invalid('response_url: must be given once');
  if (value.length > 255) throw OcpiError.invalid(`response_url: must be at most 255 characters (got ${value.length})`);
  if (!URL.test(value)) throw OcpiError.invalid('response_url: must be a URL');
  return value;
}

/** CP-08: limit and min_charging_rate carry at most one fraction digit (the schema cannot say so). */
export function assertOneDecimal(value: number | null | undefined, path: string): void {
  if (value === undefined || value === null) return;
  if (Math.abs(value * 10 - Math.round(value * 10)) > 1e-9) throw OcpiError.invalid(`${path}: must have at most one decimal (got ${value})`);
}
