/** CDR verification (eMSP side): recomputation from charging periods, differences and notes. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyCdr } from '../../src/modules/tariffs/pricing/index.js';
import type { CdrInput } from '../../src/modules/tariffs/pricing/index.js';
import { AMSTERDAM, el, pc, tariff } from './helpers.js';

const byTime = tariff('T1', [el([pc('TIME', 2, 300, 10)])]);

function cdr(extra: Partial<CdrInput> = {}): CdrInput {
  return {
    currency: 'EUR',
    start_date_time: '2024-03-04T10:00:00Z',
    end_date_time: '2024-03-04T11:00:00Z',
    tariffs: [byTime],
    charging_periods: [
      { start_date_time: '2024-03-04T10:00:00Z', dimensions: [{ type: 'ENERGY', volume: 10 }, { type: 'TIME', volume: 1 }], tariff_id: 'T1' },
    ],
    total_cost: { excl_vat: 2, incl_vat: 2.2 },
    total_energy: 10,
    total_time: 1,
    total_time_cost: { excl_vat: 2, incl_vat: 2.2 },
    total_parking_time: 0,
    ...extra,
  };
}

describe('verifyCdr (CDR-09, CDR-12, CDR-01)', () => {
  test('CDR-12 a correct CDR matches; amounts within half a cent count as equal', () => {
    assert.equal(verifyCdr(cdr()).ok, true);
    assert.equal(verifyCdr(cdr({ total_cost: { excl_vat: 2.004, incl_vat: 2.195 } })).ok, true);
    const v = verifyCdr(cdr({ total_cost: { excl_vat: 2.01, incl_vat: 2.2 } }));
    assert.deepEqual(v.differences.map((d) => d.field), ['total_cost.excl_vat']);
  });

  test('CDR-12 only the fields the CDR carries are compared', () => {
    const v = verifyCdr(cdr({ total_time_cost: undefined, total_parking_time: undefined }));
    assert.equal(v.ok, true);
    assert.equal(v.reported.total_time_cost, undefined);
  });

  test('CDR-12 the given tariff wins over the embedded copy, with a note', () => {
    const received = tariff('T1', [el([pc('TIME', 3, 300, 10)])]);
    const v = verifyCdr(cdr(), [received]);
    assert.equal(v.ok, false);
    assert.deepEqual(v.computed.total_cost, { excl_vat: 3, incl_vat: 3.3 });
    assert.match(v.notes.join('\n'), /embeds tariff T1 with different content/);
  });

  test('CDR-15 a period without tariff_id is priced with the only tariff, noted; an unknown tariff_id is a difference', () => {
    const noId = verifyCdr(cdr({ charging_periods: [{ start_date_time: '2024-03-04T10:00:00Z', dimensions: [{ type: 'TIME', volume: 1 }] }] }));
    assert.equal(noId.ok, true);
    assert.match(noId.notes.join('\n'), /has no tariff_id/);
    const unknown = verifyCdr(cdr({ charging_periods: [{ start_date_time: '2024-03-04T10:00:00Z', dimensions: [{ type: 'TIME', volume: 1 }], tariff_id: 'NOPE' }] }));
    assert.equal(unknown.differences[0]?.field, 'charging_periods[0].tariff_id');
  });

  test('CDR-12 a currency other than the tariff’s is a difference', () => {
    const v = verifyCdr(cdr({ currency: 'CHF' }));
    assert.deepEqual(v.differences.map((d) => d.field), ['currency']);
  });

  test('CDR-01 a Credit CDR carries the negated total_cost', () => {
    const v = verifyCdr(cdr({ credit: true, total_cost: { excl_vat: -2, incl_vat: -2.2 } }));
    assert.equal(v.ok, true, JSON.stringify(v.differences));
  });

  test('CDR-09 a price change inside a period is priced in parts, with a note', () => {
    const evening = tariff('T2', [el([pc('TIME', 1, 1)], { end_time: '18:00' }), el([pc('TIME', 3, 1)])]);
    const v = verifyCdr(
      cdr({
        tariffs: [evening],
        start_date_time: '2024-03-04T16:30:00Z',
        end_date_time: '2024-03-04T17:30:00Z',
        charging_periods: [{ start_date_time: '2024-03-04T16:30:00Z', dimensions: [{ type: 'TIME', volume: 1 }], tariff_id: 'T2' }],
        total_cost: { excl_vat: 2, incl_vat: 2 },
        total_time_cost: { excl_vat: 2, incl_vat: 2 },
      }),
      [],
      { time_zone: AMSTERDAM },
    );
    assert.equal(v.ok, true, JSON.stringify(v.differences));
    assert.match(v.notes.join('\n'), /TIME price changes inside it at 2024-03-04T17:00:00Z.*CDR-09/);
  });

  test('TAR-10 current restrictions read the MIN/MAX_CURRENT dimensions', () => {
    const t = tariff('T3', [el([pc('TIME', 1, 1)], { max_current: 32 }), el([pc('TIME', 2, 1)], { min_current: 32 })]);
    const period = (max: number, min?: number) => ({
      start_date_time: '2024-03-04T10:00:00Z',
      dimensions: [{ type: 'TIME' as const, volume: 1 }, { type: 'MAX_CURRENT' as const, volume: max }, ...(min === undefined ? [] : [{ type: 'MIN_CURRENT' as const, volume: min }])],
      tariff_id: 'T3',
    });
    const slow = verifyCdr(cdr({ tariffs: [t], charging_periods: [period(16)], total_cost: { excl_vat: 1, incl_vat: 1 }, total_time_cost: undefined }));
    assert.equal(slow.ok, true, JSON.stringify(slow.differences));
    const fast = verifyCdr(cdr({ tariffs: [t], charging_periods: [period(48, 40)], total_cost: { excl_vat: 2, incl_vat: 2 }, total_time_cost: undefined }));
    assert.equal(fast.ok, true, JSON.stringify(fast.differences));
    const unknown = verifyCdr(cdr({ tariffs: [t], charging_periods: [period(48)], total_cost: { excl_vat: 0, incl_vat: 0 }, total_time_cost: undefined }));
    assert.equal(unknown.ok, true);
    assert.match(unknown.notes.join('\n'), /min_current cannot be evaluated/);
  });

  test('TAR-10 an expired reservation CDR: only RESERVATION_TIME periods', () => {
    const t = tariff('R', [
      el([pc('FLAT', 4, 1, 20)], { reservation: 'RESERVATION_EXPIRES' }),
      el([pc('TIME', 2, 600, 20)], { reservation: 'RESERVATION' }),
      el([pc('FLAT', 0.5, 1, 20), pc('ENERGY', 0.25, 1, 10)]),
    ]);
    const v = verifyCdr({
      currency: 'EUR',
      start_date_time: '2024-03-04T09:00:00Z',
      end_date_time: '2024-03-04T10:00:00Z',
      tariffs: [t],
      charging_periods: [{ start_date_time: '2024-03-04T09:00:00Z', dimensions: [{ type: 'RESERVATION_TIME', volume: 1 }], tariff_id: 'R' }],
      total_cost: { excl_vat: 6, incl_vat: 7.2 },
      total_reservation_cost: { excl_vat: 6, incl_vat: 7.2 },
      total_energy: 0,
      total_time: 0,
    });
    assert.equal(v.ok, true, JSON.stringify(v.differences));
  });

  test('CDR-10 4-decimal hours are read as whole seconds: 0.1667 h with step_size 1 is 600 s', () => {
    const t = tariff('S', [el([pc('TIME', 36, 1)])]);
    const v = verifyCdr(
      cdr({
        tariffs: [t],
        end_date_time: '2024-03-04T10:10:00Z',
        charging_periods: [{ start_date_time: '2024-03-04T10:00:00Z', dimensions: [{ type: 'TIME', volume: 0.1667 }], tariff_id: 'S' }],
        total_cost: { excl_vat: 6, incl_vat: 6 },
        total_time_cost: { excl_vat: 6, incl_vat: 6 },
        total_energy: 0,
        total_time: 0.1667,
      }),
    );
    assert.equal(v.ok, true, JSON.stringify(v.differences));
  });

  test('CDR-12 total_energy without ENERGY volumes cannot be checked: a note, not a difference', () => {
    const v = verifyCdr(cdr({ charging_periods: [{ start_date_time: '2024-03-04T10:00:00Z', dimensions: [{ type: 'TIME', volume: 1 }], tariff_id: 'T1' }] }));
    assert.equal(v.ok, true);
    assert.match(v.notes.join('\n'), /total_energy cannot be checked/);
  });
});
