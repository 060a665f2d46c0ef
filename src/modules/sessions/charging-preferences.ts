/**
 * Charging preferences of a driver for a session (SES-02, SES-15, SES-16). What an EVSE can do
 * comes from the CPO's Locations and chargers (evse-preferences.ts) or from an operator's own
 * lookup; evroam turns that into the spec's answers so that every application answers the same way.
 */
import { parseDateTime } from '../../core/datetime.js';
import type { ProfileType } from '../../core/types.js';
import type { ChargingPreferences, ChargingPreferencesResponse, Session, SessionStatus } from './schema.js';

/** What the EVSE of a session supports, as far as charging preferences go. */
export interface ChargingPreferencesSupport {
  /** ProfileTypes offered at the connector (each with its own Tariff, SES-15). */
  profileTypes: readonly ProfileType[];
  /** Smart charging needs the departure time (DEPARTURE_REQUIRED); unset: as the preferences ask (see `planAhead`). */
  departureRequired?: boolean;
  /** Smart charging needs the energy need (ENERGY_NEED_REQUIRED); unset: as the preferences ask (see `planAhead`). */
  energyNeedRequired?: boolean;
  /** The most power the session's connector delivers, in kW: more energy than it can charge by the departure is NOT_POSSIBLE. */
  maxPowerKw?: number;
}

/**
 * The application's view of a session's EVSE: its support, or undefined when the EVSE does not have
 * the capability CHARGING_PREFERENCES_CAPABLE (then HTTP 404 + 2001, SES-02).
 */
export type ChargingPreferencesSupportLookup = (
  session: Session,
) => ChargingPreferencesSupport | undefined | Promise<ChargingPreferencesSupport | undefined>;

/** Applies the preferences once accepted (e.g. hands them to smart charging). */
export type ChargingPreferencesApplier = (session: Session, preferences: ChargingPreferences) => void | Promise<void>;

/** Sessions still charging or about to: preferences only make sense "during an ongoing session". */
const ONGOING: ReadonlySet<SessionStatus> = new Set<SessionStatus>(['ACTIVE', 'PENDING', 'RESERVATION']);

/** CHEAP and GREEN move charging to cheap or green hours (ProfileType): a plan over time. */
const PLANNED: ReadonlySet<ProfileType> = new Set<ProfileType>(['CHEAP', 'GREEN']);

/**
 * Whether the preferences ask the charger to plan until the departure: CHEAP and GREEN can only
 * be scheduled knowing until when and how much, and discharging is allowed only "as long as" the
 * EV gets energy_need by departure_time (ChargingPreferences). FAST and REGULAR charge at once.
 */
export function planAhead(preferences: ChargingPreferences): boolean {
  return PLANNED.has(preferences.profile_type) || preferences.discharge_allowed === true;
}

/**
 * The ChargingPreferencesResponse for preferences at an EVSE with `support`, in the order a driver
 * can act on: unsupported profile first, then missing inputs, then impossible demands.
 */
export function answerChargingPreferences(
  session: Session,
  preferences: ChargingPreferences,
  support: ChargingPreferencesSupport,
  now: Date = new Date(),
): ChargingPreferencesResponse {
  if (!support.profileTypes.includes(preferences.profile_type)) return 'PROFILE_TYPE_NOT_SUPPORTED';
  const planned = planAhead(preferences);
  if ((support.departureRequired ?? planned) && preferences.departure_time == null) return 'DEPARTURE_REQUIRED';
  if ((support.energyNeedRequired ?? planned) && preferences.energy_need == null) return 'ENERGY_NEED_REQUIRED';
  if (!ONGOING.has(session.status) || cannotFulfil(session, preferences, support, now)) return 'NOT_POSSIBLE';
  return 'ACCEPTED';
}

/** A demand the EVSE knows it cannot fulfil: a departure already past, or more energy than the connector delivers until then. */
function cannotFulfil(session: Session, preferences: ChargingPreferences, support: ChargingPreferencesSupport, now: Date): boolean {
  if (preferences.departure_time == null) return false;
  // Validated against the DateTime schema, so it parses (no designator is UTC too, TYP-04).
  const hoursLeft = (parseDateTime(preferences.departure_time)!.getTime() - now.getTime()) / 3_600_000;
  if (hoursLeft <= 0) return true;
  if (preferences.energy_need == null || support.maxPowerKw === undefined) return false;
  // energy_need read as the session's total (the lenient reading): only what is still missing must fit.
  return preferences.energy_need - session.kwh > support.maxPowerKw * hoursLeft;
}
