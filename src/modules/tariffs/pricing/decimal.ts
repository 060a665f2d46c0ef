/**
 * Exact decimal arithmetic for the tariff engine. Money and quantities never pass through JS
 * floats: JSON numbers are converted through their shortest string form, so `0.1` stays `0.1`.
 *
 * A private Decimal constructor keeps the engine independent of any global decimal.js settings
 * another module might change. 40 significant digits is far beyond what a charging session needs
 * (hours are seconds / 3600, which does not terminate), so rounding happens only at the output.
 */
import { Decimal as DecimalJs } from 'decimal.js';

export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Decimal = DecimalJs;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);
export const SECONDS_PER_HOUR = new Decimal(3600);
export const WH_PER_KWH = new Decimal(1000);

/** A JSON number or numeric string as an exact Decimal; `undefined`/`null` stay absent. */
export function dec(value: number | string | Decimal): Decimal;
export function dec(value: number | string | Decimal | null | undefined): Decimal | undefined;
export function dec(value: number | string | Decimal | null | undefined): Decimal | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof DecimalJs) return new Decimal(value);
  return new Decimal(typeof value === 'number' ? String(value) : value);
}

/** Whether a value is a finite JSON number or a decimal numeric string. */
export function isNumeric(value: unknown): value is number | string {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'string' || value.trim() === '') return false;
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value.trim());
}

/**
 * Rounds for output. OCPI numbers use 4 decimals unless stated otherwise (types.asciidoc,
 * types_number_type); half-up is the usual commercial rounding.
 */
export function toOcpiNumber(value: Decimal, decimals: number): number {
  const rounded = value.toDecimalPlaces(decimals, DecimalJs.ROUND_HALF_UP);
  return rounded.isZero() ? 0 : rounded.toNumber();
}

/**
 * Smallest multiple of `step` that is greater than or equal to `value` (for value ≥ 0). Digits
 * beyond the 24th decimal are division noise (a third of an hour, shares of a period), not a
 * quantity anyone measured: they must not push a total into the next step.
 */
export function ceilToStep(value: Decimal, step: Decimal): Decimal {
  if (step.lte(0) || value.lte(0)) return value;
  return value.toDecimalPlaces(24, DecimalJs.ROUND_HALF_UP).div(step).ceil().mul(step);
}

/** A compact exact text for explanations: trailing zeros removed, at most `decimals` places. */
export function show(value: Decimal, decimals = 6): string {
  return value.toDecimalPlaces(decimals, DecimalJs.ROUND_HALF_UP).toString();
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.add(v);
  return total;
}

export function decMax(a: Decimal, b: Decimal): Decimal {
  return a.gte(b) ? a : b;
}

export function decMin(a: Decimal, b: Decimal): Decimal {
  return a.lte(b) ? a : b;
}
