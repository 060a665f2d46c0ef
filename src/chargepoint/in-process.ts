/**
 * Chargers simulated inside the evroam process: for operators without chargers (yet), for demos
 * and for the tests. They keep real state — EVSEs, reservations, running sessions, active charging
 * profiles — and answer from it the way a charger would. They can be told to answer late or not at
 * all, so that the callers' timeouts can be exercised. A started session charges: the chargers
 * raise the charging events a real charger would (transaction started, meter values on a clock,
 * transaction finished, EVSE status), so the charging recorder turns them into Sessions and CDRs.
 */
import { randomUUID } from 'node:crypto';
import { formatDateTime } from '../core/datetime.js';
import { ProfileTypeValues } from '../core/types.js';
import type { ProfileType } from '../core/types.js';
import type { ActiveChargingProfile, ChargingProfile } from '../modules/chargingprofiles/schema.js';
import type {
  ActiveProfileListener,
  ActiveProfileOutcome,
  ChargePointPort,
  ChargingEvent,
  ChargingEventListener,
  ChargingPreferencesAction,
  ChargingSessionInfo,
  CommandOutcome,
  ConnectorRef,
  ProfileOutcome,
  ReservationCanceledListener,
  ReserveNowAction,
  StartSessionAction,
  StartSessionOutcome,
} from './port.js';
import type { RecordedTransaction } from './recorder.js';

export interface SimulatedEvse {
  locationId: string;
  evseUid: string;
  connectorIds: string[];
  /** The EVSE's capacity in W, shown as the active profile when no profile limits a session (CP-06). */
  maxPowerW?: number;
  /** An inoperative EVSE refuses to start or reserve (EVSE_INOPERATIVE). */
  operative?: boolean;
  /** Whether the EVSE takes charging profiles (otherwise NOT_SUPPORTED). Default true. */
  chargingProfiles?: boolean;
  /** The ProfileTypes its smart charging works by (charging preferences). Default: all of them. */
  profileTypes?: readonly ProfileType[];
  /** The power each connector delivers at most, W, by connector id; others get maxPowerW. */
  connectorPowerW?: Readonly<Record<string, number>>;
}

/** The simulation's time: real by default; tests drive it by hand, so nothing waits for minutes. */
export interface SimulationClock {
  now(): Date;
  /** Calls `tick` every `ms` until the returned cancel is called. */
  every(ms: number, tick: () => void): () => void;
}

export interface SimulationSettings {
  /** A charging session reports meter values this often. */
  meterIntervalMs: number;
  /** No simulated session charges faster than this, W, whatever the connector could do. */
  maxPowerW: number;
  clock: SimulationClock;
}

const realClock: SimulationClock = {
  now: () => new Date(),
  every(ms, tick) {
    const timer = setInterval(tick, ms);
    // A simulated meter must not keep a stopping process alive.
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** A session charging on a simulated EVSE: the energy so far and the meter ticking it up. */
interface Charging {
  powerW: number;
  meterStartWh: number;
  registerWh: number;
  stopMeter: () => void;
}

/** How the chargers answer: immediately, after a delay, or never (to exercise TIMEOUT). */
export interface Responsiveness {
  delayMs?: number;
  silent?: boolean;
}

interface Reservation {
  reservationId: string;
  locationId: string;
  evseUid: string;
  tokenUid: string;
  expiresAt: Date;
}

/** The EVSEs a location has now, or undefined when there is no such location. */
export type EvseLookup = (locationId: string) => Promise<readonly SimulatedEvse[] | undefined>;

const DEFAULT_MAX_POWER_W = 22_000;
/** OCPP StopTransaction reason of a charger that rebooted mid-transaction. */
const REBOOT = 'Reboot';
const DEFAULT_SIMULATION: SimulationSettings = { meterIntervalMs: 5_000, maxPowerW: 11_000, clock: realClock };

export class InProcessChargePoints implements ChargePointPort {
  private readonly evses = new Map<string, Required<SimulatedEvse>>();
  /** EVSEs added by hand (addEvse): the own Locations never overwrite them. */
  private readonly handAdded = new Set<string>();
  /** Meter registers per EVSE, Wh: they keep counting across sessions, as real meters do. */
  private readonly registers = new Map<string, number>();
  private readonly charging = new Map<string, Charging>();
  private readonly chargingListeners = new Set<ChargingEventListener>();
  private simulationSettings: SimulationSettings = DEFAULT_SIMULATION;
  private lookup?: EvseLookup;
  /** Keyed by the reservation id the caller chose; ids are compared as given (they are the caller's own). */
  private readonly reservations = new Map<string, Reservation>();
  /** Sessions and their active profiles, keyed by the upper-cased session id (ids are CiStrings). */
  private readonly sessions = new Map<string, ChargingSessionInfo>();
  private readonly profiles = new Map<string, ActiveChargingProfile>();
  private readonly preferences = new Map<string, ChargingPreferencesAction>();
  private readonly listeners = new Set<ActiveProfileListener>();
  private readonly reservationListeners = new Set<ReservationCanceledListener>();
  private readonly delays = new Set<NodeJS.Timeout>();
  private responsiveness: Responsiveness = {};
  private closed = false;

  /** Adds (or replaces) an EVSE by hand; changes to the own Locations leave it as given. */
  addEvse(evse: SimulatedEvse): this {
    this.handAdded.add(evseKey(evse.locationId, evse.evseUid));
    this.setEvse(evse);
    return this;
  }

  /**
   * Where the chargers learn the EVSEs of a location when asked about it (the own Locations): each
   * command, reservation or lookup of a location first takes its EVSEs as they are published now,
   * so nothing is loaded up front and nothing goes stale. EVSEs added by hand stay as given.
   */
  serveFrom(lookup: EvseLookup): this {
    this.lookup = lookup;
    return this;
  }

  /** How simulated sessions charge (see simulate). */
  get simulation(): Readonly<SimulationSettings> {
    return this.simulationSettings;
  }

  /** How simulated sessions charge: meter interval, power cap, clock. */
  simulate(settings: Partial<SimulationSettings>): this {
    this.simulationSettings = { ...this.simulationSettings, ...settings };
    return this;
  }

  /** From now on the chargers answer after `delayMs`, or never when `silent`. */
  respond(responsiveness: Responsiveness): this {
    this.responsiveness = { ...responsiveness };
    return this;
  }

  /** The sessions running now (a copy). */
  runningSessions(): ChargingSessionInfo[] {
    return [...this.sessions.values()].map((s) => ({ ...s }));
  }

  /** The charging preferences the running session's charger works toward, if it was given any. */
  chargingPreferencesOf(sessionId: string): ChargingPreferencesAction | undefined {
    const found = this.preferences.get(idKey(sessionId));
    return found && { ...found };
  }

  reservationIds(): string[] {
    this.dropExpiredReservations();
    return [...this.reservations.keys()];
  }

  /**
   * A limit the charger applies on its own (load balancing, grid signal): the session's active
   * profile changes and listeners hear of it (the CPO then informs the profile's sender, CP-06).
   */
  applyLocalLimit(sessionId: string, limit: number, unit: 'W' | 'A' = 'W'): void {
    if (!this.sessions.has(idKey(sessionId))) throw new Error(`no running session ${sessionId}`);
    const profile: ActiveChargingProfile = {
      start_date_time: formatDateTime(new Date()),
      charging_profile: { charging_rate_unit: unit, charging_profile_period: [{ start_period: 0, limit }] },
    };
    this.profiles.set(idKey(sessionId), profile);
    for (const listener of this.listeners) listener(sessionId, profile);
  }

  /**
   * The chargers came back from a restart of the node, which they did not survive: each recorded
   * transaction they do not run ended at its last recorded reading, for the reason a charger gives
   * after a reboot (OCPP StopTransaction `Reboot`), and its EVSE is free again. The meter register
   * keeps counting from there.
   */
  endLostTransactions(recorded: readonly RecordedTransaction[]): void {
    for (const { sessionId, connector, at, registerWh } of recorded) {
      if (this.sessions.has(idKey(sessionId))) continue;
      const { locationId, evseUid } = connector;
      this.registers.set(evseKey(locationId, evseUid), registerWh);
      this.emit({ type: 'TransactionFinished', sessionId, endedAt: at, meterStopWh: registerWh, reason: REBOOT });
      this.emit({ type: 'EvseStatus', locationId, evseUid, status: 'AVAILABLE', at });
    }
  }

  /** The CPO ends a reservation on its own (EVSE faulted, roadworks): listeners hear of it (CMD-10). */
  cancelReservationAsCpo(reservationId: string): void {
    if (!this.reservations.delete(reservationId)) throw new Error(`no reservation ${reservationId}`);
    for (const listener of this.reservationListeners) listener(reservationId);
  }

  async hasLocation(locationId: string): Promise<boolean> {
    await this.refresh(locationId);
    return [...this.evses.values()].some((e) => sameId(e.locationId, locationId));
  }

  async findSession(sessionId: string): Promise<ChargingSessionInfo | undefined> {
    const session = this.sessions.get(idKey(sessionId));
    return session && { ...session };
  }

  async supportsChargingProfiles(sessionId: string): Promise<boolean> {
    const session = this.sessions.get(idKey(sessionId));
    if (!session) return true;
    return this.evse(session.locationId, session.evseUid)?.chargingProfiles ?? true;
  }

  async supportedProfileTypes(connector: ConnectorRef): Promise<readonly ProfileType[] | undefined> {
    await this.refresh(connector.locationId);
    const evse = this.evse(connector.locationId, connector.evseUid);
    if (!evse || !evse.connectorIds.some((c) => sameId(c, connector.connectorId))) return undefined;
    return [...evse.profileTypes];
  }

  setChargingPreferences(sessionId: string, preferences: ChargingPreferencesAction): Promise<ProfileOutcome> {
    return this.answer(() => {
      if (!this.sessions.has(idKey(sessionId))) return { result: 'REJECTED' };
      this.preferences.set(idKey(sessionId), { ...preferences });
      return { result: 'ACCEPTED' };
    });
  }

  onActiveProfileChanged(listener: ActiveProfileListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onReservationCanceled(listener: ReservationCanceledListener): () => void {
    this.reservationListeners.add(listener);
    return () => this.reservationListeners.delete(listener);
  }

  onChargingEvent(listener: ChargingEventListener): () => void {
    this.chargingListeners.add(listener);
    return () => this.chargingListeners.delete(listener);
  }

  async startSession(action: StartSessionAction): Promise<StartSessionOutcome> {
    await this.refresh(action.locationId);
    return this.answer(() => {
      const evse = this.pickEvse(action.locationId, action.evseUid, action.token.uid);
      if (typeof evse === 'string') return { result: evse };
      const connectorId = action.connectorId ?? evse.connectorIds[0];
      if (connectorId === undefined || !evse.connectorIds.some((c) => sameId(c, connectorId))) return { result: 'REJECTED' };
      this.consumeReservation(evse, action.token.uid);
      const session: ChargingSessionInfo = {
        sessionId: randomUUID(),
        locationId: evse.locationId,
        evseUid: evse.evseUid,
        connectorId,
        token: { ...action.token },
        startedAt: this.simulation.clock.now(),
      };
      if (action.authorizationReference !== undefined) session.authorizationReference = action.authorizationReference;
      this.sessions.set(idKey(session.sessionId), session);
      this.startCharging(session, evse);
      return { result: 'ACCEPTED', sessionId: session.sessionId };
    });
  }

  stopSession(sessionId: string): Promise<CommandOutcome> {
    return this.answer(() => {
      const session = this.sessions.get(idKey(sessionId));
      if (!session) return 'REJECTED';
      this.sessions.delete(idKey(sessionId));
      this.finishCharging(session, 'Remote');
      this.profiles.delete(idKey(sessionId));
      this.preferences.delete(idKey(sessionId));
      return 'ACCEPTED';
    });
  }

  async unlockConnector(connector: ConnectorRef): Promise<CommandOutcome> {
    await this.refresh(connector.locationId);
    return this.answer(() => {
      const evse = this.evse(connector.locationId, connector.evseUid);
      if (!evse || !evse.connectorIds.some((c) => sameId(c, connector.connectorId))) return 'REJECTED';
      return evse.operative ? 'ACCEPTED' : 'EVSE_INOPERATIVE';
    });
  }

  async reserveNow(action: ReserveNowAction): Promise<CommandOutcome> {
    await this.refresh(action.locationId);
    return this.answer(() => {
      if (action.expiresAt.getTime() <= Date.now()) return 'REJECTED';
      // The same reservation id replaces the reservation (CMD-09): it must not block itself.
      const previous = this.reservations.get(action.reservationId);
      this.reservations.delete(action.reservationId);
      const evse = this.pickEvse(action.locationId, action.evseUid, action.token.uid);
      if (typeof evse === 'string') {
        if (previous) this.reservations.set(previous.reservationId, previous);
        return evse;
      }
      this.reservations.set(action.reservationId, {
        reservationId: action.reservationId,
        locationId: evse.locationId,
        evseUid: evse.evseUid,
        tokenUid: action.token.uid,
        expiresAt: action.expiresAt,
      });
      return 'ACCEPTED';
    });
  }

  cancelReservation(reservationId: string): Promise<CommandOutcome> {
    return this.answer(() => {
      this.dropExpiredReservations();
      return this.reservations.delete(reservationId) ? 'ACCEPTED' : 'UNKNOWN_RESERVATION';
    });
  }

  setChargingProfile(sessionId: string, profile: ChargingProfile): Promise<ProfileOutcome> {
    return this.answer(() => {
      const session = this.sessions.get(idKey(sessionId));
      if (!session) return { result: 'REJECTED' };
      const startedAt = profile.start_date_time ?? formatDateTime(session.startedAt);
      this.profiles.set(idKey(sessionId), { start_date_time: startedAt, charging_profile: structuredClone(profile) });
      return { result: 'ACCEPTED' };
    });
  }

  clearChargingProfile(sessionId: string): Promise<ProfileOutcome> {
    return this.answer(() => {
      if (!this.sessions.has(idKey(sessionId))) return { result: 'REJECTED' };
      // UNKNOWN: "no charging profile found" — there was nothing to clear.
      return { result: this.profiles.delete(idKey(sessionId)) ? 'ACCEPTED' : 'UNKNOWN' };
    });
  }

  getActiveChargingProfile(sessionId: string, durationSeconds: number): Promise<ActiveProfileOutcome> {
    return this.answer(() => {
      const session = this.sessions.get(idKey(sessionId));
      if (!session) return { result: 'REJECTED' };
      const active = this.profiles.get(idKey(sessionId));
      if (active) return { result: 'ACCEPTED', profile: structuredClone(active) };
      // Without a profile the charger offers the EVSE's whole capacity (CP-06).
      const evse = this.evse(session.locationId, session.evseUid);
      return {
        result: 'ACCEPTED',
        profile: {
          start_date_time: formatDateTime(new Date()),
          charging_profile: {
            duration: durationSeconds,
            charging_rate_unit: 'W',
            charging_profile_period: [{ start_period: 0, limit: evse?.maxPowerW ?? DEFAULT_MAX_POWER_W }],
          },
        },
      };
    });
  }

  close(): void {
    this.closed = true;
    for (const timer of this.delays) clearTimeout(timer);
    this.delays.clear();
    this.listeners.clear();
    this.reservationListeners.clear();
    for (const charging of this.charging.values()) charging.stopMeter();
    this.charging.clear();
    this.chargingListeners.clear();
  }

  /** Takes the location's EVSEs from the lookup: new ones served, changed ones replaced, gone ones dropped. */
  private async refresh(locationId: string): Promise<void> {
    if (!this.lookup) return;
    const served = await this.lookup(locationId);
    for (const [key, evse] of this.evses) {
      const listed = served?.some((e) => sameId(e.evseUid, evse.evseUid)) ?? false;
      if (sameId(evse.locationId, locationId) && !listed && !this.handAdded.has(key)) this.evses.delete(key);
    }
    for (const evse of served ?? []) if (!this.handAdded.has(evseKey(evse.locationId, evse.evseUid))) this.setEvse(evse);
  }

  private setEvse(evse: SimulatedEvse): void {
    this.evses.set(evseKey(evse.locationId, evse.evseUid), {
      maxPowerW: DEFAULT_MAX_POWER_W,
      operative: true,
      chargingProfiles: true,
      profileTypes: ProfileTypeValues,
      connectorPowerW: {},
      ...evse,
      connectorIds: [...evse.connectorIds],
    });
  }

  /** The transaction starts, the EVSE is CHARGING, and the meter ticks until the session stops. */
  private startCharging(session: ChargingSessionInfo, evse: Required<SimulatedEvse>): void {
    const { clock, meterIntervalMs, maxPowerW } = this.simulation;
    const key = evseKey(evse.locationId, evse.evseUid);
    const registerWh = this.registers.get(key) ?? 0;
    const connectorPower = Object.entries(evse.connectorPowerW).find(([id]) => sameId(id, session.connectorId))?.[1];
    const charging: Charging = {
      powerW: Math.min(connectorPower ?? evse.maxPowerW, maxPowerW),
      meterStartWh: registerWh,
      registerWh,
      stopMeter: () => undefined,
    };
    this.charging.set(idKey(session.sessionId), charging);
    const { sessionId, locationId, evseUid, connectorId, token, authorizationReference, startedAt } = session;
    this.emit({
      type: 'TransactionStarted',
      sessionId,
      connector: { locationId, evseUid, connectorId },
      token: { ...token },
      authorization: 'REMOTE_START',
      ...(authorizationReference !== undefined ? { authorizationReference } : {}),
      startedAt,
      meterStartWh: registerWh,
    });
    this.emit({ type: 'EvseStatus', locationId, evseUid, status: 'CHARGING', at: startedAt });
    charging.stopMeter = clock.every(meterIntervalMs, () => {
      const at = this.readMeter(session, charging);
      this.emit({ type: 'MeterValues', sessionId, at, energyImportWh: charging.registerWh, powerW: charging.powerW });
    });
  }

  private finishCharging(session: ChargingSessionInfo, reason: string): void {
    const charging = this.charging.get(idKey(session.sessionId));
    if (!charging) return;
    charging.stopMeter();
    this.charging.delete(idKey(session.sessionId));
    const endedAt = this.readMeter(session, charging);
    const { sessionId, locationId, evseUid } = session;
    this.emit({ type: 'TransactionFinished', sessionId, endedAt, meterStopWh: charging.registerWh, reason });
    this.emit({ type: 'EvseStatus', locationId, evseUid, status: 'AVAILABLE', at: endedAt });
  }

  /** Reads the meter: the energy at the session's constant power since its start (to the mWh); returns the reading's time. */
  private readMeter(session: ChargingSessionInfo, charging: Charging): Date {
    const at = this.simulation.clock.now();
    const hours = Math.max(0, at.getTime() - session.startedAt.getTime()) / 3_600_000;
    charging.registerWh = Math.round((charging.meterStartWh + charging.powerW * hours) * 1000) / 1000;
    this.registers.set(evseKey(session.locationId, session.evseUid), charging.registerWh);
    return at;
  }

  private emit(event: ChargingEvent): void {
    for (const listener of this.chargingListeners) listener(event);
  }

  /** Runs the charger's decision now, later, or never, according to the responsiveness. */
  private answer<T>(decide: () => T): Promise<T> {
    const { delayMs = 0, silent = false } = this.responsiveness;
    if (silent || this.closed) return new Promise<T>(() => undefined);
    if (delayMs <= 0) return Promise.resolve().then(decide);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.delays.delete(timer);
        try {
          resolve(decide());
        } catch (error) {
          reject(error as Error);
        }
      }, delayMs);
      this.delays.add(timer);
    });
  }

  private evse(locationId: string, evseUid: string): Required<SimulatedEvse> | undefined {
    return this.evses.get(evseKey(locationId, evseUid));
  }

  /** The EVSE to act on, or why there is none: unknown, inoperative, occupied or reserved for someone else. */
  private pickEvse(locationId: string, evseUid: string | undefined, tokenUid: string): Required<SimulatedEvse> | CommandOutcome {
    this.dropExpiredReservations();
    if (evseUid !== undefined) {
      const evse = this.evse(locationId, evseUid);
      if (!evse) return 'REJECTED';
      if (!evse.operative) return 'EVSE_INOPERATIVE';
      if (this.occupied(evse)) return 'EVSE_OCCUPIED';
      if (this.reservedForOther(evse, tokenUid)) return 'REJECTED';
      return evse;
    }
    const candidates = [...this.evses.values()].filter((e) => sameId(e.locationId, locationId));
    if (candidates.length === 0) return 'REJECTED';
    const free = candidates.find((e) => e.operative && !this.occupied(e) && !this.reservedForOther(e, tokenUid));
    if (free) return free;
    return candidates.every((e) => !e.operative) ? 'EVSE_INOPERATIVE' : 'EVSE_OCCUPIED';
  }

  private occupied(evse: SimulatedEvse): boolean {
    return [...this.sessions.values()].some((s) => sameId(s.locationId, evse.locationId) && sameId(s.evseUid, evse.evseUid));
  }

  private reservedForOther(evse: SimulatedEvse, tokenUid: string): boolean {
    return [...this.reservations.values()].some(
      (r) => sameId(r.locationId, evse.locationId) && sameId(r.evseUid, evse.evseUid) && !sameId(r.tokenUid, tokenUid),
    );
  }

  /** The reserving driver arriving ends the reservation. */
  private consumeReservation(evse: SimulatedEvse, tokenUid: string): void {
    for (const [id, r] of this.reservations) {
      if (sameId(r.locationId, evse.locationId) && sameId(r.evseUid, evse.evseUid) && sameId(r.tokenUid, tokenUid)) this.reservations.delete(id);
    }
  }

  private dropExpiredReservations(): void {
    const now = Date.now();
    for (const [id, r] of this.reservations) if (r.expiresAt.getTime() <= now) this.reservations.delete(id);
  }
}

/** OCPI ids are CiStrings: compared case-insensitively (TYP-01). */
function sameId(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}

function evseKey(locationId: string, evseUid: string): string {
  return `${idKey(locationId)}\u0000${idKey(evseUid)}`;
}

function idKey(id: string): string {
  return id.toUpperCase();
}
