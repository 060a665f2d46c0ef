/** CPO side: the senders to keep informed of ActiveChargingProfile changes of a session (CP-06). */
export interface ChargingProfileSubscriptionsTable {
  partner_id: string;
  session_id: string;
  own_country_code: string;
  own_party_id: string;
  partner_country_code: string;
  partner_party_id: string;
  created_at: string;
}

/** eMSP side: the latest ActiveChargingProfile a CPO pushed for a session (JSON). */
export interface ReceivedActiveProfilesTable {
  partner_id: string;
  session_id: string;
  profile: string;
  received_at: string;
}

export interface ChargingProfileTables {
  charging_profile_subscriptions: ChargingProfileSubscriptionsTable;
  received_active_profiles: ReceivedActiveProfilesTable;
}
