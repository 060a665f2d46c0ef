/** ClientInfo objects pushed by a hub partner (HUB-01), one per (hub, country_code, party_id). */
export interface HubClientInfoTable {
  partner_id: string;
  /** Upper-cased (CiString, PIT-21). */
  country_code: string;
  party_id: string;
  role: string;
  status: string;
  last_updated: string;
  /** JSON: the ClientInfo as received. */
  object: string;
}

export interface HubClientInfoTables {
  hub_client_info: HubClientInfoTable;
}
