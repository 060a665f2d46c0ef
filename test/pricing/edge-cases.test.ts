/**
 * The engine's own edge cases: local time (midnight, DST), sessions over several elements and
 * days, idle time, step_size at element boundaries, min/max price, VAT absent vs 0, reservations,
 * FLAT once, tariff choice, and the input checks.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { priceSession, PricingInputError } from '../../src/modules/tariffs/pricing/index.js';
import type { Price, PricedSession, SessionTimeline, TariffInput } from '../../src/modules/tariffs/pricing/index.js';
import { AMSTERDAM, at, el, pc, plus, session, tariff } from './helpers.js';

function price(actual: Price, excl: number, incl: number, label = 'price') {
  assert.deepEqual({ excl: actual.excl_vat, incl: actual.incl_vat }, { excl, incl }, label);
}

function run(t: TariffInput | TariffInput[], s: SessionTimeline, zone: string | null = AMSTERDAM): PricedSession {
  return priceSession({ tariffs: t, time_zone: zone, session: s });
}

function rejects(fn: () => unknown, path: string, message: RegExp) {
  assert.throws(fn, (e: unknown) => e instanceof PricingInputError && e.path === path && message.test(e.message));
}

const START = '2024-03-04T10:00:00Z';

describe('local time: midnight and DST (TAR-10)', () => {
  const night = tariff('night', [
    el([pc('TIME', 1, 1)], { start_time: '22:00', end_time: '06:00' }),
    el([pc('TIME', 2, 1)]),
  ]);

  test('TAR-10 end_time before start_time wraps past midnight: 21:00–07:00 is 8 h night + 2 h day', () => {
    const r = run(night, session({ start: at('2024-01-10T21:00'), charging: 600 }));
    price(r.total_time_cost, 12, 12);
    assert.deepEqual(
      r.charging_periods.map((p) => p.start_date_time),
      [at('2024-01-10T21:00'), at('2024-01-10T22:00'), at('2024-01-11T06:00')],
    );
  });

  test('TAR-10 end_time 00:00 ends the window at midnight', () => {
    const evening = tariff('evening', [
      el([pc('ENERGY', 0.4, 1)], { start_time: '18:00', end_time: '00:00' }),
      el([pc('ENERGY', 0.3, 1)]),
    ]);
    const start = at('2024-01-10T23:00');
    const r = run(evening, {
      start_date_time: start,
      end_date_time: plus(start, 120),
      meter_values: [{ date_time: plus(start, 120), energy_import: 4 }],
    });
    price(r.total_energy_cost, 1.4, 1.4);
  });

  test('TAR-10 DST spring forward: 22:00–06:00 on 30/31 March lasts 7 real hours', () => {
    const r = run(night, session({ start: at('2024-03-30T21:00'), charging: 600 }));
    assert.equal(r.total_time, 10);
    price(r.total_time_cost, 13, 13, '7 h at 1 + 3 h at 2');
  });

  test('TAR-10 DST fall back: a 02:30–03:00 window occurs twice on 27 October', () => {
    const t = tariff('fold', [el([pc('TIME', 10, 1)], { start_time: '02:30', end_time: '03:00' })]);
    const r = run(t, session({ start: '2024-10-27T00:00:00Z', charging: 180 }));
    price(r.total_time_cost, 10, 10, 'two half hours at 10/h');
    assert.deepEqual(
      r.charging_periods.filter((p) => p.dimensions.some((d) => d.type === 'TIME')).map((p) => p.start_date_time),
      ['2024-10-27T00:00:00Z', '2024-10-27T00:30:00Z', '2024-10-27T01:00:00Z', '2024-10-27T01:30:00Z', '2024-10-27T02:00:00Z'],
    );
  });

  test('TAR-10 a window that does not exist (02:30 on spring-forward day) starts at the jump', () => {
    const t = tariff('gap', [el([pc('TIME', 6, 1)], { start_time: '02:30', end_time: '04:00' })]);
    // 2024-03-31 Amsterdam: 02:00 CET jumps to 03:00 CEST (01:00Z); 04:00 CEST is 02:00Z.
    const r = run(t, session({ start: '2024-03-31T00:00:00Z', charging: 180 }));
    price(r.total_time_cost, 6, 6, 'only 03:00–04:00 local');
  });

  test('TAR-10 day_of_week is read per moment: a Friday 22:00–02:00 window ends at Saturday 00:00', () => {
    const t = tariff('fri', [
      el([pc('TIME', 3, 1)], { start_time: '22:00', end_time: '02:00', day_of_week: ['FRIDAY'] }),
    ]);
    const r = run(t, session({ start: at('2024-03-08T21:00'), charging: 300 }));
    price(r.total_time_cost, 6, 6, 'Friday 22:00–24:00 only');
  });

  test('TAR-10 start_date inclusive, end_date exclusive, in local time', () => {
    const t = tariff('dates', [
      el([pc('TIME', 1, 1)], { start_date: '2024-03-01', end_date: '2024-04-01' }),
      el([pc('TIME', 4, 1)]),
    ]);
    const r = run(t, session({ start: at('2024-03-31T23:00'), charging: 120 }));
    price(r.total_time_cost, 5, 5, '1 h March at 1 + 1 h April at 4');
  });

  test('TAR-10 a time restriction needs the time zone; without restrictions none is needed', () => {
    rejects(() => run(night, session({ start: START, charging: 60 }), null), 'time_zone', /is required: tariff night/);
    const flat = tariff('plain', [el([pc('TIME', 2, 1)])]);
    price(run(flat, session({ start: START, charging: 60 }), null).total_cost, 2, 2);
  });
});

describe('sessions over several elements and days, idle time (TAR-06, CDR-09, CDR-10)', () => {
  const complex = tariff('14', [
    el([pc('FLAT', 2.5, 1, 15)]),
    el([pc('TIME', 1, 900, 20)], { max_current: 32 }),
    el([pc('TIME', 2, 600, 20)], { min_current: 32, day_of_week: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] }),
    el([pc('PARKING_TIME', 5, 300, 10)], {
      start_time: '09:00',
      end_time: '18:00',
      day_of_week: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
    }),
    el([pc('PARKING_TIME', 6, 300, 10)], { start_time: '10:00', end_time: '17:00', day_of_week: ['SATURDAY'] }),
  ]);

  test('CDR-09 Friday 16:00 to Monday 09:30: parking billed Friday, Saturday and Monday only', () => {
    const r = run(complex, session({ start: at('2024-03-08T16:00'), charging: 60, parking: 3870, current: 16, kwh: 11 }));
    price(r.total_fixed_cost, 2.5, 2.875);
    price(r.total_time_cost, 1, 1.2);
    price(r.total_parking_cost, 49.5, 54.45, '1 h Friday at 5, 7 h Saturday at 6, 0.5 h Monday at 5');
    price(r.total_cost, 53, 58.525);
    assert.equal(r.total_parking_time, 64.5);
    assert.equal(r.total_time, 65.5);
  });

  test('CDR-09 a current above 32 A switches the TIME element mid-session', () => {
    const s = at('2024-03-04T10:00');
    const r = run(complex, {
      start_date_time: s,
      end_date_time: plus(s, 60),
      meter_values: [
        { date_time: s, energy_import: 0, current: 16 },
        { date_time: plus(s, 30), energy_import: 5, current: 48 },
        { date_time: plus(s, 60), energy_import: 16 },
      ],
    });
    price(r.total_time_cost, 1.5, 1.8, '30 min at 1/h + 30 min at 2/h (last step 600 s: 60 min stays 60)');
    assert.equal(r.charging_periods.length, 2);
  });

  test('CDR-10 idle time inside a session is parking; the last time-based period is rounded (TIME here)', () => {
    const t = tariff('idle', [el([pc('TIME', 2, 900), pc('PARKING_TIME', 4, 900)])]);
    const r = run(t, {
      start_date_time: START,
      end_date_time: plus(START, 27),
      not_charging: [{ start_date_time: plus(START, 10), end_date_time: plus(START, 17) }],
    });
    price(r.total_time_cost, 1, 1, '20 min charging billed as 30');
    price(r.total_parking_cost, 0.4667, 0.4667, '7 min parking, not rounded: followed by charging');
    assert.equal(r.explanation.step_size[0]?.dimension, 'TIME');
  });

  test('TAR-06 no element for a dimension at some moment means that dimension is free then', () => {
    const t = tariff('weekend-energy', [el([pc('ENERGY', 0.3, 1)], { day_of_week: ['SATURDAY', 'SUNDAY'] }), el([pc('TIME', 1, 1)])]);
    const r = run(t, session({ start: at('2024-03-04T10:00'), charging: 60, kwh: 10 }));
    price(r.total_energy_cost, 0, 0);
    price(r.total_cost, 1, 1);
  });

  test('TAR-10 min_kwh inclusive / max_kwh exclusive: first 10 kWh at 0.30, the rest at 0.25', () => {
    const t = tariff('kwh', [el([pc('ENERGY', 0.3, 1)], { max_kwh: 10 }), el([pc('ENERGY', 0.25, 1)], { min_kwh: 10 })]);
    const r = run(t, session({ start: START, charging: 150, kwh: 25 }));
    price(r.total_energy_cost, 6.75, 6.75);
    assert.deepEqual(r.charging_periods.map((p) => p.dimensions[0]), [
      { type: 'ENERGY', volume: 10 },
      { type: 'ENERGY', volume: 15 },
    ]);
  });

  test('TAR-10 min_duration / max_duration count from the session start, parking included', () => {
    const t = tariff('dur', [el([pc('PARKING_TIME', 0, 1)], { max_duration: 3600 }), el([pc('PARKING_TIME', 6, 1)])]);
    const r = run(t, session({ start: START, charging: 45, parking: 45 }));
    price(r.total_parking_cost, 3, 3, '15 free minutes before 1 h, 30 min at 6/h');
  });

  test('TAR-10 a current restriction without current data: element not active, with a warning', () => {
    const r = run(complex, session({ start: at('2024-03-04T10:00'), charging: 60 }));
    price(r.total_time_cost, 0, 0);
    assert.match(r.warnings.join('\n'), /max_current cannot be evaluated without current data/);
  });
});

describe('step_size at element boundaries (CDR-10, TAR-12)', () => {
  test('CDR-10 energy rounded once on the session total with the last ENERGY step_size', () => {
    const t = tariff('e', [el([pc('ENERGY', 0.3, 500)], { max_kwh: 5 }), el([pc('ENERGY', 0.2, 1000)])]);
    const r = run(t, session({ start: START, charging: 120, kwh: 10.3 }));
    price(r.total_energy_cost, 2.7, 2.7, '5 kWh at 0.30 + (5.3 + 0.7) kWh at 0.20');
    assert.equal(r.total_energy, 10.3, 'the measured energy is reported, not the billed');
  });

  test('CDR-10 the rounding lands in the last billed period even when free periods follow', () => {
    const t = tariff('t', [el([pc('TIME', 6, 900)], { end_time: '12:00' })]);
    const r = run(t, session({ start: at('2024-03-04T11:50'), charging: 30 }));
    price(r.total_time_cost, 1.5, 1.5, '10 min before noon billed as 15 min');
    assert.equal(r.explanation.step_size[0]?.period, 0);
  });

  test('TAR-12 step_size 0 means no rounding', () => {
    const t = tariff('z', [el([pc('TIME', 3.6, 0)])]);
    price(run(t, session({ start: START, charging: 1 })).total_cost, 0.06, 0.06);
  });

  test('TAR-12 step_size 1 bills started seconds and started Wh', () => {
    const t = tariff('s', [el([pc('TIME', 3.6, 1), pc('ENERGY', 1, 1)])]);
    const r = run(t, {
      start_date_time: START,
      end_date_time: '2024-03-04T10:00:10.250Z',
      meter_values: [{ date_time: '2024-03-04T10:00:10.250Z', energy_import: 0.0101 }],
    });
    price(r.total_time_cost, 0.011, 0.011, '10.25 s billed as 11 s');
    price(r.total_energy_cost, 0.011, 0.011, '10.1 Wh billed as 11 Wh');
  });
});

describe('min_price / max_price (TAR-08)', () => {
  const energy = (extra: Partial<TariffInput>) => tariff('p', [el([pc('ENERGY', 0.25, 1, 10)])], extra);

  test('TAR-08 both bounds apply excl. and incl. VAT independently', () => {
    const t = energy({ max_price: { excl_vat: 10, incl_vat: 10.5 } });
    const r = run(t, session({ start: START, charging: 60, kwh: 39.2 }));
    price(r.total_cost, 9.8, 10.5, 'only the amount incl. VAT reaches its maximum');
    assert.deepEqual(r.explanation.price_limit?.applied, ['max_price']);
  });

  test('TAR-08 a limit without incl_vat takes the session’s VAT ratio', () => {
    const r = run(energy({ min_price: { excl_vat: 1 } }), session({ start: START, charging: 60, kwh: 2 }));
    price(r.total_cost, 1, 1.1);
    const free = run(energy({ min_price: { excl_vat: 1 } }), session({ start: START, charging: 60, kwh: 0 }));
    price(free.total_cost, 1, 1, 'nothing consumed: no VAT ratio to apply');
  });

  test('TAR-08 within bounds nothing changes and no limit is reported', () => {
    const r = run(energy({ min_price: { excl_vat: 1, incl_vat: 1.1 }, max_price: { excl_vat: 20, incl_vat: 22 } }), session({ start: START, charging: 60, kwh: 20 }));
    price(r.total_cost, 5, 5.5);
    assert.equal(r.explanation.price_limit, null);
  });
});

describe('VAT (TAR-11)', () => {
  test('TAR-11 vat absent and vat 0 give the same amounts but are told apart in the breakdown', () => {
    const absent = run(tariff('a', [el([pc('ENERGY', 0.25, 1)])]), session({ start: START, charging: 60, kwh: 10 }));
    const zero = run(tariff('z', [el([pc('ENERGY', 0.25, 1, 0)])]), session({ start: START, charging: 60, kwh: 10 }));
    price(absent.total_cost, 2.5, 2.5);
    price(zero.total_cost, 2.5, 2.5);
    const vatOf = (r: PricedSession) => r.explanation.periods[0]?.dimensions.find((d) => d.type === 'ENERGY')?.component?.vat;
    assert.equal(vatOf(absent), null);
    assert.equal(vatOf(zero), 0);
  });

  test('TAR-11 VAT is applied per price component', () => {
    const t = tariff('mix', [el([pc('FLAT', 1, 1), pc('ENERGY', 0.5, 1, 21), pc('TIME', 1, 1, 9)])]);
    const r = run(t, session({ start: START, charging: 60, kwh: 10 }));
    price(r.total_cost, 7, 1 + 6.05 + 1.09);
  });
});

describe('FLAT once and tariff choice (TAR-06, TAR-07, TAR-13)', () => {
  test('TAR-06 FLAT is charged once: the first FLAT that becomes active', () => {
    const t = tariff('f', [
      el([pc('FLAT', 1, 1), pc('TIME', 1, 1)], { end_time: '12:00' }),
      el([pc('FLAT', 3, 1), pc('TIME', 2, 1)], { start_time: '12:00' }),
    ]);
    const r = run(t, session({ start: at('2024-03-04T11:00'), charging: 120 }));
    price(r.total_fixed_cost, 1, 1);
    price(r.total_cost, 4, 4);
  });

  test('TAR-06 a FLAT that only becomes active later (min_kwh) is charged once from then', () => {
    const t = tariff('f2', [el([pc('FLAT', 5, 1)], { min_kwh: 30 }), el([pc('ENERGY', 0.2, 1)])]);
    price(run(t, session({ start: START, charging: 120, kwh: 40 })).total_fixed_cost, 5, 5);
    price(run(t, session({ start: START, charging: 120, kwh: 20 })).total_fixed_cost, 0, 0);
  });

  test('TAR-13 the tariff valid at the session start applies, chosen by type (LOC Connector tariff_ids)', () => {
    const old = tariff('old', [el([pc('TIME', 1, 1)])], { end_date_time: '2024-03-01T00:00:00Z' });
    const next = tariff('new', [el([pc('TIME', 2, 1)])], { start_date_time: '2024-03-01T00:00:00Z' });
    const adHoc = tariff('adhoc', [el([pc('TIME', 3, 1)])], { type: 'AD_HOC_PAYMENT' });
    const regular = tariff('regular', [el([pc('TIME', 4, 1)])], { type: 'REGULAR' });
    const plain = session({ start: START, charging: 60 });
    const typed = (tariff_type: string) => ({ ...plain, tariff_type });
    assert.equal(run([old, next], session({ start: '2024-02-28T10:00:00Z', charging: 60 })).tariff_id, 'old');
    assert.equal(run([old, next], plain).tariff_id, 'new');
    assert.equal(run([adHoc, next], plain).tariff_id, 'new', 'no type stated: REGULAR, or a tariff for all sessions');
    assert.equal(run([adHoc, next, regular], plain).tariff_id, 'regular');
    assert.equal(run([adHoc], plain).tariff_id, 'adhoc', 'no type stated and nothing else valid: the first valid tariff');
    assert.equal(run([next, adHoc], typed('AD_HOC_PAYMENT')).tariff_id, 'adhoc', 'its own type before a tariff for all sessions');
    assert.equal(run([adHoc, next], typed('PROFILE_GREEN')).tariff_id, 'new');
    rejects(() => run([adHoc], typed('REGULAR')), 'tariffs', /no tariff is valid .* for tariff_type REGULAR/);
    rejects(() => run([adHoc], typed('CHEAP')), 'session.tariff_type', /must be one of AD_HOC_PAYMENT/);
  });

  test('TAR-07 charging periods and tariff_id are reported even when everything is free', () => {
    const r = run(tariff('free', [el([pc('FLAT', 0, 0)])]), session({ start: START, charging: 30, kwh: 5 }));
    assert.deepEqual(r.charging_periods, [
      {
        start_date_time: START,
        dimensions: [
          { type: 'ENERGY', volume: 5 },
          { type: 'TIME', volume: 0.5 },
        ],
        tariff_id: 'free',
      },
    ]);
  });
});

describe('reservations (TAR-10)', () => {
  const reserved = '2024-03-04T09:00:00Z';
  const withReservation = (minutes: number, extra: object = {}): SessionTimeline => ({
    ...session({ start: plus(reserved, minutes), charging: 60, kwh: 10 }),
    reservation: { start_date_time: reserved, ...extra },
  });

  test('TAR-10 RESERVATION_EXPIRES takes precedence for an expired reservation whatever the element order', () => {
    const t = tariff('r', [
      el([pc('TIME', 3, 60)], { reservation: 'RESERVATION' }),
      el([pc('TIME', 6, 60)], { reservation: 'RESERVATION_EXPIRES' }),
    ]);
    const expired = run(t, { reservation: { start_date_time: reserved, end_date_time: plus(reserved, 30), expired: true } });
    price(expired.total_cost, 3, 3);
    price(run(t, withReservation(30)).total_reservation_cost, 1.5, 1.5);
  });

  test('TAR-10 an expired reservation without RESERVATION_EXPIRES elements is priced by the RESERVATION ones', () => {
    const t = tariff('r2', [el([pc('TIME', 4, 60)], { reservation: 'RESERVATION' })]);
    const r = run(t, { reservation: { start_date_time: reserved, end_date_time: plus(reserved, 45), expired: true } });
    price(r.total_cost, 3, 3);
    assert.deepEqual(r.charging_periods, [
      { start_date_time: reserved, dimensions: [{ type: 'RESERVATION_TIME', volume: 0.75 }], tariff_id: 'r2' },
    ]);
  });

  test('TAR-10 unrestricted elements never price reservation time; a tariff without reservation elements reserves for free', () => {
    const t = tariff('plain', [el([pc('FLAT', 1, 1), pc('TIME', 2, 1)])]);
    const r = run(t, withReservation(30));
    price(r.total_reservation_cost, 0, 0);
    price(r.total_cost, 3, 3);
    assert.match(r.warnings.join('\n'), /no reservation elements/);
  });

  test('TAR-10 reservation elements may have time restrictions and ENERGY in them is ignored', () => {
    const t = tariff('r3', [
      el([pc('TIME', 12, 1), pc('ENERGY', 9, 1)], { reservation: 'RESERVATION', start_time: '09:15' }),
      el([pc('TIME', 0, 1)], { reservation: 'RESERVATION' }),
    ]);
    const local = at('2024-03-04T09:00');
    const r = run(t, { ...session({ start: plus(local, 30), charging: 60 }), reservation: { start_date_time: local } });
    price(r.total_reservation_cost, 3, 3, 'the 15 reserved minutes after 09:15 local time at 12/h');
    assert.match(r.warnings.join('\n'), /can only price FLAT and TIME; ENERGY ignored/);
  });
});

describe('timeline checks', () => {
  const t = tariff('x', [el([pc('TIME', 1, 1)])]);
  test('end before start, charging stop outside the session, unordered meter values', () => {
    rejects(() => run(t, { start_date_time: START, end_date_time: START }), 'session.end_date_time', /must be after start_date_time/);
    rejects(
      () => run(t, { start_date_time: START, end_date_time: plus(START, 10), charging_stopped_date_time: plus(START, 20) }),
      'session.charging_stopped_date_time',
      /between start_date_time and end_date_time/,
    );
    rejects(
      () =>
        run(t, {
          start_date_time: START,
          end_date_time: plus(START, 10),
          meter_values: [
            { date_time: plus(START, 5), energy_import: 1 },
            { date_time: plus(START, 2), energy_import: 2 },
          ],
        }),
      'session.meter_values[1].date_time',
      /in time order/,
    );
    rejects(
      () => run(t, { ...session({ start: START, charging: 10 }), reservation: { start_date_time: plus(START, -10), end_date_time: plus(START, -5) } }),
      'session.reservation.end_date_time',
      /must equal start_date_time of the session/,
    );
    rejects(() => run(t, { end_date_time: START }), 'session.start_date_time', /must be a DateTime/);
  });

  test('meter readings as register values: consumption counts from the reading at the start', () => {
    const e = tariff('e', [el([pc('ENERGY', 1, 1)])]);
    const r = run(e, {
      start_date_time: START,
      end_date_time: plus(START, 60),
      meter_values: [
        { date_time: START, energy_import: '12345.600' },
        { date_time: plus(START, 60), energy_import: '12355.850' },
      ],
    });
    assert.equal(r.total_energy, 10.25);
  });
});
