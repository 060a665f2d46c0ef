/**
 * The charging recorder: the one place where what chargers report (port.ts ChargingEvent) becomes
 * OCPI objects. Whatever drives the chargers — the in-process simulation, the EVerest bridge, an
 * OCPP backend — raises the same events, and the recorder publishes, through the modules' library
 * services only: the Session (PUT when the transaction starts, throttled PATCHes of kWh and
 * charging periods, COMPLETED at the end), the CDR priced by the tariff engine, and the EVSE status
 * in the own Locations. The push outbox takes each to the partners from there.
 *
 * Events are handled one after the other in arrival order, so a Session is stored before its
 * first PATCH. Each running transaction is also stored (recordings.ts) and reloaded when the node
 * starts, so a TransactionFinished after a restart publishes what it would have without one.
 */
import { formatDateTime } from '../core/datetime.js';
import { OcpiError } from '../core/status.js';
import type { Location } from '../modules/locations/schema.js';
import type { NodeContext } from '../modules/module.js';
import type { Session } from '../modules/sessions/schema.js';
import type { Tariff } from '../modules/tariffs/schema.js';
import type { MeterValue } from '../modules/tariffs/pricing/index.js';
import { onChargingEvent } from './attach.js';
import { ownLocation } from './own-locations.js';
import { cdrOf, chargedKwh, priceTransaction, progressPeriod, startedSession, worthPublishing } from './charging-objects.js';
import type { ChargingPlace, Progress, UpdatePolicy } from './charging-objects.js';
import type { ChargingEvent, ConnectorRef, EvseStatusChanged, MeterValues, TransactionFinished, TransactionStarted } from './port.js';
import { recordingId as idKey, RecordingStore } from './recordings.js';
import type { Recording } from './recordings.js';

export interface RecorderSettings extends UpdatePolicy {
  /** The Session's currency when the connector has no tariff. */
  currency: string;
}

export const DEFAULT_RECORDER_SETTINGS: RecorderSettings = { currency: 'EUR', updateIntervalMs: 60_000, updateKwh: 1 };

/** Meter readings closer than this to the last one kept are not kept for pricing (a 1 Hz meter would fill memory). */
const READING_SPACING_MS = 60_000;

/** A transaction the recorder holds, as its charger last reported it (see `running`). */
export interface RecordedTransaction {
  sessionId: string;
  connector: ConnectorRef;
  /** The last meter reading kept. */
  at: Date;
  registerWh: number;
}

export class ChargingRecorder {
  readonly settings: RecorderSettings = { ...DEFAULT_RECORDER_SETTINGS };
  private readonly recordings = new Map<string, Recording>();
  private readonly store: RecordingStore;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: NodeContext) {
    this.store = new RecordingStore(ctx.db);
  }

  /** Takes up the transactions that were being recorded when the node last stopped. */
  async reload(): Promise<void> {
    for (const recording of await this.store.all()) this.recordings.set(idKey(recording.started.sessionId), recording);
  }

  /** The transactions being recorded, each at its last kept reading. */
  running(): RecordedTransaction[] {
    return [...this.recordings.values()].map(({ started, readings }) => {
      // The recorder keeps every reading as a number of kWh.
      const last = readings[readings.length - 1]!;
      return { sessionId: started.sessionId, connector: { ...started.connector }, at: new Date(last.date_time), registerWh: Math.round(Number(last.energy_import) * 1_000_000) / 1000 };
    });
  }

  /** Takes a charger's event; it is handled after every earlier one. */
  record(event: ChargingEvent): void {
    this.queue = this.queue.then(() => this.handle(event)).catch((error: unknown) => this.ctx.logger.warn({ err: error, event: event.type }, 'charging event not recorded'));
  }

  /** Resolves once every event taken so far is handled. */
  idle(): Promise<void> {
    return this.queue;
  }

  private handle(event: ChargingEvent): Promise<void> {
    switch (event.type) {
      case 'TransactionStarted':
        return this.started(event);
      case 'MeterValues':
        return this.metered(event);
      case 'TransactionFinished':
        return this.finished(event);
      case 'EvseStatus':
        return this.status(event);
    }
  }

  private async started(event: TransactionStarted): Promise<void> {
    const place = await this.placeOf(event);
    if (!place) {
      this.ctx.logger.warn({ sessionId: event.sessionId, connector: event.connector }, 'transaction on a connector not in the own Locations: no Session published');
      return;
    }
    const session = await this.sessions().own.put(startedSession(event, place, this.settings.currency));
    const start: MeterValue = { date_time: session.start_date_time, energy_import: event.meterStartWh / 1000 };
    const recording: Recording = {
      started: event,
      place,
      key: { countryCode: session.country_code, partyId: session.party_id, id: session.id },
      readings: [start],
      latest: start,
      published: { at: event.startedAt, kwh: 0 },
    };
    this.recordings.set(idKey(event.sessionId), recording);
    await this.store.save(recording, event.startedAt);
  }

  private async metered(event: MeterValues): Promise<void> {
    const recording = this.recordings.get(idKey(event.sessionId));
    if (!recording) return;
    recording.latest = reading(event.at, event.energyImportWh, event.powerW, event.currentA);
    const kept = recording.readings[recording.readings.length - 1]!;
    const keep = event.at.getTime() - Date.parse(kept.date_time) >= READING_SPACING_MS;
    if (keep) recording.readings.push(recording.latest);
    const now = { at: event.at, kwh: chargedKwh(recording.started.meterStartWh, event.energyImportWh) };
    if (worthPublishing(recording.published, now, this.settings)) await this.publishProgress(recording, now);
    // Stored only when something changed that a restart must not lose: not once per meter value.
    else if (!keep) return;
    await this.store.save(recording, event.at);
  }

  private async publishProgress(recording: Recording, now: Progress): Promise<void> {
    const priced = this.price(recording, now.at, [...recording.readings, recording.latest]);
    const patch: Record<string, unknown> = { kwh: now.kwh, charging_periods: [progressPeriod(recording.published, now, priced?.tariff_id)] };
    if (priced) patch.total_cost = priced.total_cost;
    await this.sessions().own.patch(recording.key, patch);
    recording.published = now;
  }

  private async finished(event: TransactionFinished): Promise<void> {
    const recording = this.recordings.get(idKey(event.sessionId));
    if (!recording) {
      this.ctx.logger.warn({ sessionId: event.sessionId }, 'transaction finished that was not recorded from its start: no CDR');
      return;
    }
    this.recordings.delete(idKey(event.sessionId));
    await this.complete(recording, event);
    // Kept until the CDR exists: a failure before leaves it for the next start to finish.
    await this.store.delete(event.sessionId);
  }

  private async complete(recording: Recording, event: TransactionFinished): Promise<void> {
    const kwh = chargedKwh(recording.started.meterStartWh, event.meterStopWh);
    const priced = this.price(recording, event.endedAt, [...recording.readings, reading(event.endedAt, event.meterStopWh)]);
    const current = await this.sessions().own.get(recording.key);
    if (!current) return;
    const { last_updated: _stamp, ...rest } = current;
    const completed: Omit<Session, 'last_updated'> = { ...rest, status: 'COMPLETED', end_date_time: formatDateTime(event.endedAt), kwh };
    if (priced) {
      completed.charging_periods = priced.charging_periods;
      completed.total_cost = priced.total_cost;
    }
    const session = await this.sessions().own.put(completed);
    if (!priced) {
      this.ctx.logger.warn({ sessionId: session.id, tariffIds: recording.place.connector.tariff_ids ?? [] }, 'session not priced (no own Tariff of the connector, or no time charged): no CDR');
      return;
    }
    await this.cdrs().create(cdrOf(session, recording.place, priced, event.reason));
  }

  /** The EVSE's status in the own Locations follows the charger's (LOC-04 push to partners). */
  private async status(event: EvseStatusChanged): Promise<void> {
    const location = await ownLocation(this.ctx, event.locationId);
    if (!location?.evses?.some((e) => sameId(e.uid, event.evseUid))) return;
    const ref = { countryCode: location.country_code, partyId: location.party_id, locationId: location.id };
    try {
      await this.ctx.services.locations!.cpo!.patchEvse(ref, event.evseUid, { status: event.status });
    } catch (error) {
      // A REMOVED EVSE stays removed (LOC-11) whatever its charger says.
      if (!(error instanceof OcpiError)) throw error;
      this.ctx.logger.warn({ err: error, evseUid: event.evseUid }, 'EVSE status not published');
    }
  }

  /** Prices the session so far; a tariff the engine cannot use is logged, not fatal to the Session. */
  private price(recording: Recording, end: Date, readings: MeterValue[]) {
    try {
      return priceTransaction(recording.place, recording.started.startedAt, end, readings);
    } catch (error) {
      this.ctx.logger.warn({ err: error, sessionId: recording.started.sessionId }, 'session could not be priced');
      return undefined;
    }
  }

  private async placeOf(event: TransactionStarted): Promise<ChargingPlace | undefined> {
    const location = await ownLocation(this.ctx, event.connector.locationId);
    const evse = location?.evses?.find((e) => sameId(e.uid, event.connector.evseUid));
    const connector = evse?.connectors.find((c) => sameId(c.id, event.connector.connectorId));
    if (!location || !evse || !connector) return undefined;
    return { location, evse, connector, tariffs: await this.tariffsOf(location, connector.tariff_ids ?? []) };
  }

  private async tariffsOf(location: Location, ids: readonly string[]): Promise<Tariff[]> {
    const own = this.ctx.services.tariffs?.cpo;
    if (!own) return [];
    const found = await Promise.all(ids.map((id) => own.get(location.country_code, location.party_id, id)));
    return found.filter((t): t is Tariff => t !== undefined);
  }

  private sessions() {
    return this.ctx.services.sessions!.cpo!;
  }

  private cdrs() {
    return this.ctx.services.cdrs!.cpo!;
  }
}

const recorders = new WeakMap<NodeContext, ChargingRecorder>();

/** Starts recording the node's charging (a CPO node); the node's close waits for what was taken. */
export function recordCharging(ctx: NodeContext): ChargingRecorder {
  const recorder = new ChargingRecorder(ctx);
  recorders.set(ctx, recorder);
  const stop = onChargingEvent(ctx, (event) => recorder.record(event));
  ctx.onClose(async () => {
    stop();
    await recorder.idle();
  });
  return recorder;
}

/** The node's charging recorder (its settings; `idle()` for tests). */
export function chargingRecorderOf(ctx: NodeContext): ChargingRecorder {
  const recorder = recorders.get(ctx);
  if (!recorder) throw new Error('this node records no charging (it is no CPO)');
  return recorder;
}

function reading(at: Date, registerWh: number, powerW?: number, currentA?: number): MeterValue {
  const value: MeterValue = { date_time: formatDateTime(at), energy_import: registerWh / 1000 };
  if (powerW !== undefined) value.power = powerW / 1000;
  if (currentA !== undefined) value.current = currentA;
  return value;
}

function sameId(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}
