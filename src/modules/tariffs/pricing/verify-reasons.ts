/** Why a recomputed CDR total is what it is: one sentence per total, from the bill. */
import type { Bill, Money } from './billing.js';
import type { Decimal } from './decimal.js';
import { show, ZERO } from './decimal.js';
import type { PricingComponent } from './model.js';
import { hours } from './report.js';
import type { CdrTotals } from './types.js';
import type { ActiveComponents } from './units.js';

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

export function reasons(b: Bill, credit: boolean): Record<keyof CdrTotals, string> {
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
