/**
 * The eMSP side: recompute a received CDR's totals from the tariffs it references and its own
 * charging periods, and report every difference with its reason. The same billing rules as
 * {@link priceSession} apply; only the units come from the CDR's charging periods instead of a
 * timeline.
 */
import { bill } from './billing.js';
import type { Decimal } from './decimal.js';
import { dec, isNumeric, ZERO } from './decimal.js';
import { PricingInputError } from './errors.js';
import { parseDateTime } from './instants.js';
import type { PricingTariff, TariffInput } from './model.js';
import { unknownCollector, zoneFor } from './price-session.js';
import { cdrTotals, explanation } from './report.js';
import type { Price } from '../../../core/types.js';
import type { CdrContext } from './cdr-periods.js';
import { parsePeriods, periodUnits, tariffsById } from './cdr-periods.js';
import { reasons } from './verify-reasons.js';
import type { CdrInput, CdrTotals, CdrVerification, TotalDifference, VerifyCdrOptions } from './types.js';
import type { PricingUnit } from './units.js';

export type { CdrInput, CdrVerification, TotalDifference, VerifyCdrOptions };

function fail(path: string, message: string): never {
  throw new PricingInputError(path, message);
}

function priceOf(p: Price | null | undefined): { excl: number; incl: number | undefined } | undefined {
  if (p === undefined || p === null) return undefined;
  return { excl: p.excl_vat, incl: p.incl_vat ?? undefined };
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
  const context: CdrContext = {
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

