/**
 * The charge point port: what the CPO side of evroam asks of its chargers. It sits between OCPI
 * (commands, charging profiles) and whatever drives the hardware — the in-process simulation in
 * this folder, later the EVerest bridge over MQTT. It speaks in charger actions, not OCPI requests:
 * no response_url, no partners, no envelopes.
 *
 * Every action answers with a promise that settles when the charger answers. A charger that never
 * answers leaves the promise pending; the caller owns the timeout (CMD-05), because only the caller
 * knows how long it promised its partner to wait.
 */
import type { ProfileType } from '../core/types.js';
import type { Status } from '../modules/locations/schema.js';
import type { ActiveChargingProfile, ChargingProfile, ChargingProfileResultType } from '../modules/chargingprofiles/schema.js';
import type { CommandResultType } from '../modules/commands/schema.js';

/** The charger's answer to a command; TIMEOUT is the caller's verdict, never the charger's. */
export type CommandOutcome = Exclude<CommandResultType, 'TIMEOUT' | 'CANCELED_RESERVATION'>;

/** Who the charger acts for: the token the eMSP authorized (the charger may need it, e.g. OCPP idTag). */
export interface ChargingToken {
  countryCode: string;
  partyId: string;
  uid: string;
  type: string;
  contractId: string;
}

export interface StartSessionAction {
  locationId: string;
  /** Absent: the charger picks a free EVSE of the location. */
  evseUid?: string;
  connectorId?: string;
  token: ChargingToken;
  authorizationReference?: string;
}

export interface ReserveNowAction {
  /** Unique across all eMSPs: the caller never passes an eMSP's reservation_id as-is (CMD-09). */
  reservationId: string;
  locationId: string;
  evseUid?: string;
  token: ChargingToken;
  expiresAt: Date;
  authorizationReference?: string;
}

export interface ConnectorRef {
  locationId: string;
  evseUid: string;
  connectorId: string;
}

/** A session running on a charger, as far as the charger knows it. */
export interface ChargingSessionInfo {
  sessionId: string;
  locationId: string;
  evseUid: string;
  connectorId: string;
  token: ChargingToken;
  authorizationReference?: string;
  startedAt: Date;
}

export interface StartSessionOutcome {
  result: CommandOutcome;
  /** The new session's id when the charger accepted. */
  sessionId?: string;
}

export interface ProfileOutcome {
  result: ChargingProfileResultType;
}

export interface ActiveProfileOutcome extends ProfileOutcome {
  /** Present when result is ACCEPTED. */
  profile?: ActiveChargingProfile;
}

/** A driver's charging preferences for a session (mod_sessions), for the charger's smart charging to work toward. */
export interface ChargingPreferencesAction {
  profileType: ProfileType;
  /** When the driver expects to leave. */
  departureTime?: Date;
  /** The energy the driver wants charged, in kWh. */
  energyNeedKwh?: number;
  /** The EV may be discharged, as long as it has energyNeedKwh by departureTime. */
  dischargeAllowed: boolean;
}

/** Raised by the charger when a session's limits change for a reason of its own (local limit, load balancing). */
export type ActiveProfileListener = (sessionId: string, profile: ActiveChargingProfile) => void;

/** Raised when the CPO side ends a reservation before it was used (EVSE faulted, roadworks; CMD-10). */
export type ReservationCanceledListener = (reservationId: string) => void;

/**
 * How the charger authorized a transaction: a remote start (OCPI START_SESSION, OCPP
 * RemoteStartTransaction), its local authorization list, or by asking its backend.
 */
export type ChargingAuthorization = 'REMOTE_START' | 'LOCAL_LIST' | 'BACKEND';

/**
 * What a charger reports of its charging, as an EVerest evse_manager (TransactionStarted, meter
 * values, TransactionFinished) or an OCPP CSMS (StartTransaction, MeterValues, StopTransaction,
 * StatusNotification) knows it. Energy is the meter register (Wh imported); the consumption of a
 * transaction is the register minus its start value. Times are the charger's.
 */
export type ChargingEvent = TransactionStarted | MeterValues | TransactionFinished | EvseStatusChanged;

export interface TransactionStarted {
  type: 'TransactionStarted';
  /** The session id; for a remote start it is the one startSession answered with. */
  sessionId: string;
  connector: ConnectorRef;
  token: ChargingToken;
  authorization: ChargingAuthorization;
  authorizationReference?: string;
  startedAt: Date;
  /** The meter register at the start, Wh. */
  meterStartWh: number;
  meterId?: string;
}

export interface MeterValues {
  type: 'MeterValues';
  sessionId: string;
  at: Date;
  /** The meter register, Wh. */
  energyImportWh: number;
  /** Power flowing now, W. */
  powerW?: number;
  /** Current over all phases now, A. */
  currentA?: number;
}

export interface TransactionFinished {
  type: 'TransactionFinished';
  sessionId: string;
  endedAt: Date;
  /** The meter register at the end, Wh. */
  meterStopWh: number;
  /** Why it ended, in the charger's words (EVerest/OCPP StopTransactionReason: Remote, Local, EVDisconnected …). */
  reason: string;
}

export interface EvseStatusChanged {
  type: 'EvseStatus';
  locationId: string;
  evseUid: string;
  /** In OCPI's EVSE Status values (AVAILABLE, CHARGING, RESERVED, OUTOFORDER …). */
  status: Status;
  at: Date;
}

export type ChargingEventListener = (event: ChargingEvent) => void;

export interface ChargePointPort {
  startSession(action: StartSessionAction): Promise<StartSessionOutcome>;
  stopSession(sessionId: string): Promise<CommandOutcome>;
  unlockConnector(connector: ConnectorRef): Promise<CommandOutcome>;
  reserveNow(action: ReserveNowAction): Promise<CommandOutcome>;
  cancelReservation(reservationId: string): Promise<CommandOutcome>;
  setChargingProfile(sessionId: string, profile: ChargingProfile): Promise<ProfileOutcome>;
  clearChargingProfile(sessionId: string): Promise<ProfileOutcome>;
  /** The profile the charger plans for the next `durationSeconds` (OCPP GetCompositeSchedule). */
  getActiveChargingProfile(sessionId: string, durationSeconds: number): Promise<ActiveProfileOutcome>;

  /** Whether the charger knows this location (lets the CPO answer 2003 before asking it). */
  hasLocation(locationId: string): Promise<boolean>;
  /** A running session, or undefined. */
  findSession(sessionId: string): Promise<ChargingSessionInfo | undefined>;
  /** Whether the EVSE the session runs on accepts charging profiles at all. */
  supportsChargingProfiles(sessionId: string): Promise<boolean>;
  /**
   * Charging preferences (optional): chargers without `setChargingPreferences` cannot act on a
   * driver's preferences, so no EVSE of theirs takes them. `supportedProfileTypes` tells which
   * ProfileTypes the charger smart-charges by at a connector (undefined: it does not know the
   * connector); without it every ProfileType is taken as supported.
   */
  supportedProfileTypes?(connector: ConnectorRef): Promise<readonly ProfileType[] | undefined>;
  /** Hands the preferences to the charger running the session; REJECTED when it runs no such session. */
  setChargingPreferences?(sessionId: string, preferences: ChargingPreferencesAction): Promise<ProfileOutcome>;
  /** Subscribes to profile changes the charger makes on its own; returns the unsubscribe. */
  onActiveProfileChanged(listener: ActiveProfileListener): () => void;
  /** Subscribes to reservations the CPO side canceled on its own; returns the unsubscribe. */
  onReservationCanceled(listener: ReservationCanceledListener): () => void;
  /** Subscribes to the chargers' transactions, meter values and EVSE statuses; returns the unsubscribe. */
  onChargingEvent(listener: ChargingEventListener): () => void;
  /** Releases timers and connections when the node stops. */
  close(): Promise<void> | void;
}
