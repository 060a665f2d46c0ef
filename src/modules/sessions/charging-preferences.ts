/**
 * Charging preferences of a driver for a session (SES-02, SES-15, SES-16). The CPO application
 * knows what an EVSE can do; evroam turns that into the spec's answers so that every application
 * answers the same way.
 */
import type { ProfileType } from '../../core/types.js';
import type { ChargingPreferences, ChargingPreferencesResponse, Session, SessionStatus } from './schema.js';

/** What the EVSE of a session supports, as far as charging preferences go. */
export interface ChargingPreferencesSupport {
  /** ProfileTypes offered at the connector (each with its own Tariff, SES-15). */
  profileTypes: readonly ProfileType[];
  /** Smart charging needs the departure time (DEPARTURE_REQUIRED). */
  departureRequired?: boolean;
  /** Smart charging needs the energy need (ENERGY_NEED_REQUIRED). */
  energyNeedRequired?: boolean;
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
  if (support.departureRequired && preferences.departure_time == null) return 'DEPARTURE_REQUIRED';
  if (support.energyNeedRequired && preferences.energy_need == null) return 'ENERGY_NEED_REQUIRED';
  if (!ONGOING.has(session.status)) return 'NOT_POSSIBLE';
  // A departure already past is a demand no EVSE can fulfil.
  if (preferences.departure_time != null && new Date(utc(preferences.departure_time)).getTime() <= now.getTime()) return 'NOT_POSSIBLE';
  return 'ACCEPTED';
}

/** OCPI DateTimes without a designator are UTC too (TYP-04). */
function utc(dateTime: string): string {
  return dateTime.endsWith('Z') ? dateTime : `${dateTime}Z`;
}
