/**
 * Cuts a parsed timeline into pricing units: first at every instant where some restriction or the
 * charging state could change (local-time boundaries, duration and energy thresholds, meter
 * values, charging stops), then merging neighbours whose active price components are the same.
 * The merged units are the charging periods: a new one starts whenever another price component
 * becomes active (CDR-09), and only then.
 */
import type { Zone } from 'luxon';
import type { Decimal } from './decimal.js';
import { dec, ZERO } from './decimal.js';
import { localMoment, localTimeBoundaries } from './local-time.js';
import type { PricingTariff } from './model.js';
import type { MomentContext } from './restrictions.js';
import { exactly } from './restrictions.js';
import type { Phase, UnknownSink } from './selection.js';
import { findComponent } from './selection.js';
import type { Interval, ParsedSession, ParsedTimeline } from './timeline.js';
import { currentAt, energyAt, energyCrossings, isCharging, measurementChanges, powerAt } from './timeline.js';
import type { ActiveComponents, PricingUnit } from './units.js';
import { addVolumes } from './units.js';

/** Lowest and highest current and power measured while charging in a unit. */
export interface Measured {
  minCurrent?: Decimal;
  maxCurrent?: Decimal;
  minPower?: Decimal;
  maxPower?: Decimal;
}

export interface SlicedTimeline {
  units: PricingUnit[];
  measured: Measured[];
  /** Whether each unit is charging (false: parking, or reservation). */
  charging: boolean[];
}

interface Slice {
  unit: PricingUnit;
  charging: boolean;
  measured: Measured;
}

function seconds(ms: number): Decimal {
  return dec(ms).div(1000);
}

function cuts(from: number, to: number, instants: Iterable<number>): number[] {
  const inside = [...instants].filter((t) => t > from && t < to);
  return [...new Set([from, ...inside, to])].sort((a, b) => a - b);
}

function localBoundaries(tariff: PricingTariff, zone: Zone | undefined, from: number, to: number): number[] {
  if (!tariff.usesLocalTime || zone === undefined) return [];
  const minutes = tariff.elements.flatMap((e) =>
    [e.restrictions.startMinute, e.restrictions.endMinute].filter((m): m is number => m !== undefined),
  );
  return localTimeBoundaries(from, to, zone, minutes);
}

function durationBoundaries(tariff: PricingTariff, phaseStart: number): number[] {
  return tariff.elements.flatMap((e) =>
    [e.restrictions.minDuration, e.restrictions.maxDuration]
      .filter((d): d is Decimal => d !== undefined)
      .map((d) => phaseStart + d.mul(1000).round().toNumber()),
  );
}

function energyThresholds(tariff: PricingTariff): Decimal[] {
  return tariff.elements.flatMap((e) =>
    [e.restrictions.minKwh, e.restrictions.maxKwh].filter((k): k is Decimal => k !== undefined),
  );
}

function sameComponents(a: ActiveComponents, b: ActiveComponents): boolean {
  return a.ENERGY === b.ENERGY && a.TIME === b.TIME && a.PARKING_TIME === b.PARKING_TIME && a.FLAT === b.FLAT;
}

function widen(into: Measured, from: Measured): void {
  const lo = (a: Decimal | undefined, b: Decimal | undefined) => (a === undefined ? b : b === undefined ? a : a.lte(b) ? a : b);
  const hi = (a: Decimal | undefined, b: Decimal | undefined) => (a === undefined ? b : b === undefined ? a : a.gte(b) ? a : b);
  const set = (key: keyof Measured, value: Decimal | undefined) => {
    if (value !== undefined) into[key] = value;
  };
  set('minCurrent', lo(into.minCurrent, from.minCurrent));
  set('maxCurrent', hi(into.maxCurrent, from.maxCurrent));
  set('minPower', lo(into.minPower, from.minPower));
  set('maxPower', hi(into.maxPower, from.maxPower));
}

function merge(slices: Slice[]): SlicedTimeline {
  const merged: Slice[] = [];
  for (const slice of slices) {
    const last = merged[merged.length - 1];
    if (
      last !== undefined &&
      last.unit.phase === slice.unit.phase &&
      last.charging === slice.charging &&
      last.unit.end === slice.unit.start &&
      sameComponents(last.unit.components, slice.unit.components)
    ) {
      last.unit.end = slice.unit.end;
      last.unit.volumes = addVolumes(last.unit.volumes, slice.unit.volumes);
      widen(last.measured, slice.measured);
    } else {
      merged.push({ ...slice, unit: { ...slice.unit }, measured: { ...slice.measured } });
    }
  }
  merged.forEach((s, i) => (s.unit.period = i));
  return { units: merged.map((s) => s.unit), measured: merged.map((s) => s.measured), charging: merged.map((s) => s.charging) };
}

function reservationSlices(
  reservation: Interval & { expired: boolean },
  tariff: PricingTariff,
  zone: Zone | undefined,
  onUnknown: UnknownSink,
): Slice[] {
  const phase: Phase = reservation.expired ? 'reservation_expired' : 'reservation';
  const instants = cuts(reservation.start, reservation.end, [
    ...localBoundaries(tariff, zone, reservation.start, reservation.end),
    ...durationBoundaries(tariff, reservation.start),
  ]);
  const slices: Slice[] = [];
  for (let i = 1; i < instants.length; i++) {
    const [a, b] = [instants[i - 1] as number, instants[i] as number];
    const ctx: MomentContext = {
      local: zone === undefined ? undefined : localMoment(a, zone),
      energyKwh: ZERO,
      durationSeconds: seconds(a - reservation.start),
      current: exactly(ZERO),
      power: exactly(ZERO),
    };
    const components: ActiveComponents = {};
    const time = findComponent(tariff, phase, 'TIME', ctx, onUnknown);
    const flat = findComponent(tariff, phase, 'FLAT', ctx, onUnknown);
    if (time) components.TIME = time;
    if (flat) components.FLAT = flat;
    slices.push({
      unit: {
        start: a,
        end: b,
        phase,
        tariff,
        period: 0,
        volumes: { energy: ZERO, time: ZERO, parking: ZERO, reservation: seconds(b - a) },
        components,
      },
      charging: false,
      measured: {},
    });
  }
  return slices;
}

function sessionSlices(s: ParsedSession, tariff: PricingTariff, zone: Zone | undefined, onUnknown: UnknownSink): Slice[] {
  // Where consumption crosses a min_kwh/max_kwh threshold the energy is the threshold exactly.
  const exactEnergy = new Map<number, Decimal>();
  for (const kwh of energyThresholds(tariff)) {
    for (const t of energyCrossings(s, kwh)) exactEnergy.set(t, kwh);
  }
  const consumed = (t: number) => exactEnergy.get(t) ?? energyAt(s, t);

  const instants = cuts(s.start, s.end, [
    ...s.notCharging.flatMap((i) => [i.start, i.end]),
    ...measurementChanges(s),
    ...localBoundaries(tariff, zone, s.start, s.end),
    ...durationBoundaries(tariff, s.start),
    ...exactEnergy.keys(),
  ]);

  const slices: Slice[] = [];
  for (let i = 1; i < instants.length; i++) {
    const [a, b] = [instants[i - 1] as number, instants[i] as number];
    const charging = isCharging(s, a);
    const current = charging ? currentAt(s, a) : ZERO;
    const power = charging ? powerAt(s, a) : ZERO;
    const ctx: MomentContext = {
      local: zone === undefined ? undefined : localMoment(a, zone),
      energyKwh: consumed(a),
      durationSeconds: seconds(a - s.start),
      current: current === undefined ? undefined : exactly(current),
      power: power === undefined ? undefined : exactly(power),
    };
    const components: ActiveComponents = {};
    const energy = findComponent(tariff, 'session', 'ENERGY', ctx, onUnknown);
    const time = findComponent(tariff, 'session', charging ? 'TIME' : 'PARKING_TIME', ctx, onUnknown);
    const flat = findComponent(tariff, 'session', 'FLAT', ctx, onUnknown);
    if (energy) components.ENERGY = energy;
    if (time) components[charging ? 'TIME' : 'PARKING_TIME'] = time;
    if (flat) components.FLAT = flat;

    const measured: Measured = {};
    if (charging && current !== undefined) [measured.minCurrent, measured.maxCurrent] = [current, current];
    // Power derived from energy readings is an average, not a reading: it prices, but is not reported.
    if (charging && power !== undefined && s.powerMeasured) [measured.minPower, measured.maxPower] = [power, power];
    slices.push({
      unit: {
        start: a,
        end: b,
        phase: 'session',
        tariff,
        period: 0,
        volumes: {
          energy: consumed(b).sub(consumed(a)),
          time: charging ? seconds(b - a) : ZERO,
          parking: charging ? ZERO : seconds(b - a),
          reservation: ZERO,
        },
        components,
      },
      charging,
      measured,
    });
  }
  return slices;
}

/** Pricing units (= charging periods) of a timeline under one tariff. */
export function sliceTimeline(
  timeline: ParsedTimeline,
  tariff: PricingTariff,
  zone: Zone | undefined,
  onUnknown: UnknownSink,
): SlicedTimeline {
  const slices = [
    ...(timeline.reservation ? reservationSlices(timeline.reservation, tariff, zone, onUnknown) : []),
    ...(timeline.session ? sessionSlices(timeline.session, tariff, zone, onUnknown) : []),
  ];
  return merge(slices);
}
