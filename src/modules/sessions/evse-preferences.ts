/**
 * The charging preferences decision a CPO gets without logic of its own (SES-02, SES-15): the
 * session's EVSE, from the CPO's own Locations, must have CHARGING_PREFERENCES_CAPABLE and be
 * driven by chargers that take preferences; the chargers say which ProfileTypes they support; the
 * connector's power bounds what can be charged by the departure. Accepted preferences go to the
 * chargers, which act on them on their own time: the eMSP's answer does not wait for them.
 */
import { chargePointsOf } from '../../chargepoint/attach.js';
import type { ChargingPreferencesAction } from '../../chargepoint/port.js';
import { parseDateTime } from '../../core/datetime.js';
import { ProfileTypeValues } from '../../core/types.js';
import { connectorMaxPowerW } from '../locations/power.js';
import type { NodeContext } from '../module.js';
import { sameCi } from '../shared/ownership.js';
import type { ChargingPreferencesApplier, ChargingPreferencesSupport, ChargingPreferencesSupportLookup } from './charging-preferences.js';
import type { ChargingPreferences, Session } from './schema.js';

/** What the EVSE of `session` supports, or undefined when it takes no charging preferences (404 + 2001). */
export function evseSupport(ctx: NodeContext): ChargingPreferencesSupportLookup {
  return async (session: Session): Promise<ChargingPreferencesSupport | undefined> => {
    const location = await ctx.services.locations?.cpo?.get({ countryCode: session.country_code, partyId: session.party_id, locationId: session.location_id });
    const evse = location?.evses?.find((e) => sameCi(e.uid, session.evse_uid));
    if (!location || !evse?.capabilities?.includes('CHARGING_PREFERENCES_CAPABLE')) return undefined;
    const chargers = chargePointsOf(ctx);
    // Chargers that cannot be told the preferences cannot try to meet them.
    if (!chargers.setChargingPreferences) return undefined;
    const connector = { locationId: location.id, evseUid: evse.uid, connectorId: session.connector_id };
    const profileTypes = chargers.supportedProfileTypes ? await chargers.supportedProfileTypes(connector) : ProfileTypeValues;
    if (profileTypes === undefined) return undefined;
    const described = evse.connectors.find((c) => sameCi(c.id, session.connector_id));
    return described ? { profileTypes, maxPowerKw: connectorMaxPowerW(described) / 1000 } : { profileTypes };
  };
}

/** Hands accepted preferences to the chargers; a charger refusing or failing is logged, not answered. */
export function toChargers(ctx: NodeContext): ChargingPreferencesApplier {
  return (session: Session, preferences: ChargingPreferences) => {
    const chargers = chargePointsOf(ctx);
    if (!chargers.setChargingPreferences) return;
    chargers.setChargingPreferences(session.id, chargerPreferences(preferences)).then(
      (outcome) => {
        if (outcome.result !== 'ACCEPTED') ctx.logger.warn({ sessionId: session.id, result: outcome.result }, 'charger did not take the charging preferences');
      },
      (error: unknown) => ctx.logger.warn({ err: error, sessionId: session.id }, 'charging preferences not handed to the charger'),
    );
  };
}

function chargerPreferences(preferences: ChargingPreferences): ChargingPreferencesAction {
  const action: ChargingPreferencesAction = { profileType: preferences.profile_type, dischargeAllowed: preferences.discharge_allowed ?? false };
  // Validated against the DateTime schema, so it parses.
  if (preferences.departure_time != null) action.departureTime = parseDateTime(preferences.departure_time)!;
  if (preferences.energy_need != null) action.energyNeedKwh = preferences.energy_need;
  return action;
}
