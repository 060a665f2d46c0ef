/**
 * Properties over random tariffs and sessions (fast-check): the totals are the sums over the
 * charging periods, periods tile the session, step_size rounds up by less than one step, price
 * limits hold, and a priced session verifies as its own CDR.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { priceSession, verifyCdr } from '../../src/modules/tariffs/pricing/index.js';
import type { PricedSession, SessionTimeline, TariffInput } from '../../src/modules/tariffs/pricing/index.js';
import type { PriceComponent, TariffElement, TariffRestrictions } from '../../src/modules/tariffs/schema.js';
import { AMSTERDAM, plus } from './helpers.js';

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
const hhmm = fc.integer({ min: 0, max: 95 }).map((q) => {
  const m = q * 15;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
});
const money = fc.integer({ min: 0, max: 600 }).map((c) => c / 100);

const component: fc.Arbitrary<PriceComponent> = fc
  .record({
    type: fc.constantFrom('ENERGY', 'FLAT', 'PARKING_TIME', 'TIME'),
    price: money,
    vat: fc.option(fc.constantFrom(0, 5.5, 10, 20, 21), { nil: undefined }),
    step_size: fc.constantFrom(0, 1, 60, 300, 900, 1000),
  })
  .map(({ vat, ...c }) => (vat === undefined ? c : { ...c, vat }));

// Thresholds end in .5 and measured values are whole numbers: no reading sits on a threshold.
const half = (max: number) => fc.integer({ min: 0, max }).map((n) => n + 0.5);
const restrictions: fc.Arbitrary<TariffRestrictions> = fc.record(
  {
    start_time: hhmm,
    end_time: hhmm,
    day_of_week: fc.subarray([...DAYS], { minLength: 1 }),
    min_kwh: half(40),
    max_kwh: half(80),
    min_power: half(50),
    max_power: half(100),
    min_current: half(40),
    max_current: half(64),
    min_duration: fc.integer({ min: 0, max: 20_000 }),
    max_duration: fc.integer({ min: 0, max: 40_000 }),
  },
  { requiredKeys: [] },
);

const element: fc.Arbitrary<TariffElement> = fc.record(
  { price_components: fc.array(component, { minLength: 1, maxLength: 3 }), restrictions },
  { requiredKeys: ['price_components'] },
);

const reservationElement: fc.Arbitrary<TariffElement> = fc.record({
  price_components: fc.array(
    fc.record({ type: fc.constantFrom('FLAT', 'TIME'), price: money, step_size: fc.constantFrom(0, 1, 60, 300) }),
    { minLength: 1, maxLength: 2 },
  ),
  restrictions: fc.constantFrom({ reservation: 'RESERVATION' as const }, { reservation: 'RESERVATION_EXPIRES' as const }),
});

const limit = fc.option(
  fc.record({ excl_vat: fc.integer({ min: 0, max: 3000 }).map((c) => c / 100) }).chain((p) =>
    fc.option(fc.integer({ min: 0, max: 600 }).map((c) => p.excl_vat + c / 100), { nil: undefined }).map((incl) =>
      incl === undefined ? p : { ...p, incl_vat: Math.round(incl * 100) / 100 },
    ),
  ),
  { nil: undefined },
);

const tariff: fc.Arbitrary<TariffInput> = fc
  .record({
    elements: fc.array(element, { minLength: 1, maxLength: 5 }),
    reservation: fc.array(reservationElement, { maxLength: 2 }),
    min_price: limit,
    max_price: limit,
  })
  .map(({ elements, reservation, min_price, max_price }) => ({
    country_code: 'DE',
    party_id: 'ALL',
    id: 'P',
    currency: 'EUR',
    elements: [...reservation, ...elements],
    ...(min_price ? { min_price } : {}),
    ...(max_price ? { max_price } : {}),
  }));

const BASE = Date.UTC(2024, 0, 1);
const timeline: fc.Arbitrary<SessionTimeline> = fc
  .record({
    startMinute: fc.integer({ min: 0, max: 365 * 24 * 60 }),
    charging: fc.integer({ min: 1, max: 900 }),
    parking: fc.integer({ min: 0, max: 600 }),
    readings: fc.array(
      fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), kw: fc.integer({ min: 1, max: 150 }), a: fc.integer({ min: 6, max: 96 }) }),
      { minLength: 1, maxLength: 4 },
    ),
    reservation: fc.option(fc.record({ minutes: fc.integer({ min: 1, max: 90 }), expired: fc.boolean() }), { nil: undefined }),
  })
  .map(({ startMinute, charging, parking, readings, reservation }) => {
    const start = new Date(BASE + startMinute * 60_000).toISOString().replace('.000Z', 'Z');
    if (reservation?.expired) {
      return { reservation: { start_date_time: start, end_date_time: plus(start, reservation.minutes), expired: true } };
    }
    const sessionStart = reservation ? plus(start, reservation.minutes) : start;
    const stop = plus(sessionStart, charging);
    // Cumulative energy from the power held between readings (kW × h), readings at whole minutes.
    const marks = [...new Set([0, ...readings.map((r) => Math.floor(r.at * charging))])].sort((x, y) => x - y);
    let kwh = new Decimal(0);
    const meter_values = marks.map((m, i) => {
      const r = readings[i % readings.length]!;
      if (i > 0) kwh = kwh.add(new Decimal(readings[(i - 1) % readings.length]!.kw).mul(m - marks[i - 1]!).div(60));
      return { date_time: plus(sessionStart, m), energy_import: kwh.toString(), power: r.kw, current: r.a };
    });
    const last = readings[(marks.length - 1) % readings.length]!;
    kwh = kwh.add(new Decimal(last.kw).mul(charging - marks[marks.length - 1]!).div(60));
    meter_values.push({ date_time: stop, energy_import: kwh.toString(), power: last.kw, current: last.a });
    return {
      start_date_time: sessionStart,
      end_date_time: plus(stop, parking),
      ...(parking > 0 ? { charging_stopped_date_time: stop } : {}),
      meter_values,
      ...(reservation ? { reservation: { start_date_time: start } } : {}),
    };
  });

const price = (t: TariffInput, s: SessionTimeline) => priceSession({ tariffs: t, time_zone: AMSTERDAM, session: s });

const near = (a: Decimal.Value, b: Decimal.Value, tolerance: Decimal.Value, label: string) =>
  assert.ok(new Decimal(a).sub(b).abs().lte(tolerance), `${label}: ${a} vs ${b}`);

function sumBreakdown(r: PricedSession, type: string, pick: (d: { volume: string; cost: { excl_vat: string; incl_vat: string } }) => string) {
  let total = new Decimal(0);
  for (const p of r.explanation.periods) for (const d of p.dimensions) if (d.type === type) total = total.add(pick(d));
  return total;
}

const RUNS = { numRuns: Number(process.env.PRICING_RUNS ?? 300) };

describe('pricing properties (fast-check)', () => {
  test('CDR-12 totals are the sums over the charging periods', () => {
    fc.assert(
      fc.property(tariff, timeline, (t, s) => {
        const r = price(t, s);
        const n = r.charging_periods.length;
        const volume = (type: string) =>
          r.charging_periods.reduce((acc, p) => acc.add(p.dimensions.filter((d) => d.type === type).reduce((x, d) => x.add(d.volume), new Decimal(0))), new Decimal(0));
        near(volume('ENERGY'), r.total_energy, 0.0001 * (n + 1), 'total_energy');
        near(volume('PARKING_TIME'), r.total_parking_time, 0.0001 * (n + 1), 'total_parking_time');
        near(volume('TIME').add(volume('PARKING_TIME')), r.total_time, 0.0001 * (n + 1), 'total_time');
        near(sumBreakdown(r, 'ENERGY', (d) => d.volume), r.total_energy, 0.0001, 'explained energy');
        for (const [type, field] of [
          ['ENERGY', 'total_energy_cost'],
          ['TIME', 'total_time_cost'],
          ['PARKING_TIME', 'total_parking_cost'],
        ] as const) {
          near(sumBreakdown(r, type, (d) => d.cost.excl_vat), r[field].excl_vat, 0.0001, `${field} excl`);
          near(sumBreakdown(r, type, (d) => d.cost.incl_vat), r[field].incl_vat!, 0.0001, `${field} incl`);
        }
        const parts = ['total_fixed_cost', 'total_energy_cost', 'total_time_cost', 'total_parking_cost', 'total_reservation_cost'] as const;
        const sum = (k: 'excl_vat' | 'incl_vat') => parts.reduce((acc, f) => acc.add(r[f][k] ?? 0), new Decimal(0));
        const flats = sumBreakdown(r, 'FLAT', (d) => d.cost.excl_vat).add(sumBreakdown(r, 'RESERVATION_TIME', (d) => d.cost.excl_vat));
        near(flats.add(sumBreakdown(r, 'ENERGY', (d) => d.cost.excl_vat)).add(sumBreakdown(r, 'TIME', (d) => d.cost.excl_vat)).add(sumBreakdown(r, 'PARKING_TIME', (d) => d.cost.excl_vat)), sum('excl_vat'), 0.0003, 'explained total');
        if (r.explanation.price_limit === null) {
          near(sum('excl_vat'), r.total_cost.excl_vat, 0.0003, 'total_cost excl');
          near(sum('incl_vat'), r.total_cost.incl_vat!, 0.0003, 'total_cost incl');
        }
      }),
      RUNS,
    );
  });

  test('CDR-09 charging periods tile the CDR from start to end, each with its tariff_id', () => {
    fc.assert(
      fc.property(tariff, timeline, (t, s) => {
        const r = price(t, s);
        assert.equal(r.charging_periods[0]?.start_date_time, r.start_date_time);
        const starts = r.charging_periods.map((p) => Date.parse(p.start_date_time));
        starts.forEach((x, i) => i > 0 && assert.ok(x > starts[i - 1]!, 'strictly increasing'));
        assert.ok(starts[starts.length - 1]! < Date.parse(r.end_date_time));
        for (const p of r.charging_periods) {
          assert.equal(p.tariff_id, 'P');
          assert.ok(p.dimensions.length > 0);
        }
        const explained = r.explanation.periods;
        assert.equal(explained[explained.length - 1]?.end_date_time, r.end_date_time);
      }),
      RUNS,
    );
  });

  test('CDR-10 step_size rounds a total up by less than one step, to a multiple of it', () => {
    fc.assert(
      fc.property(tariff, timeline, (t, s) => {
        const r = price(t, s);
        const groups = new Set<string>();
        for (const step of r.explanation.step_size) {
          const group = step.dimension === 'TIME' || step.dimension === 'PARKING_TIME' ? 'time' : step.dimension;
          assert.ok(!groups.has(group), `one rounding per group (${group})`);
          groups.add(group);
          const unit = step.dimension === 'ENERGY' ? new Decimal(step.step_size).div(1000) : new Decimal(step.step_size).div(3600);
          const total = new Decimal(step.total);
          const rounded = new Decimal(step.rounded_total);
          assert.ok(rounded.gte(total));
          if (unit.gt(0)) {
            assert.ok(rounded.sub(total).lt(unit.add(1e-9)), 'less than one step');
            near(rounded.div(unit).round().mul(unit), rounded, 1e-8, 'multiple of the step');
          }
        }
      }),
      RUNS,
    );
  });

  test('TAR-08 min_price and max_price bound the total cost', () => {
    fc.assert(
      fc.property(tariff, timeline, (t, s) => {
        const r = price(t, s);
        const min = t.min_price;
        const max = t.max_price;
        if (min && (!max || max.excl_vat >= min.excl_vat)) assert.ok(r.total_cost.excl_vat >= min.excl_vat);
        if (max && (!min || max.excl_vat >= min.excl_vat)) assert.ok(r.total_cost.excl_vat <= max.excl_vat);
        if (max?.incl_vat != null && (min?.incl_vat == null || max.incl_vat >= min.incl_vat)) {
          assert.ok(r.total_cost.incl_vat! <= max.incl_vat);
        }
      }),
      RUNS,
    );
  });

  test('CDR-12 a priced session verifies as its own CDR', () => {
    fc.assert(
      fc.property(tariff, timeline, (t, s) => {
        const r = price(t, s);
        const { explanation: _e, warnings: _w, tariff_id: _t, ...cdr } = r;
        // Energy reported with 4 decimals can move a 1 Wh step by one Wh: allow a cent or two.
        const v = verifyCdr({ ...cdr, tariffs: [t] }, [], { time_zone: AMSTERDAM, tolerance: '0.02', quantity_tolerance: '0.001' });
        assert.deepEqual(v.differences, []);
      }),
      RUNS,
    );
  });
});
