/** The Kysely table types of the charging recorder (composed in src/storage/tables.ts). */

/** A transaction being recorded; JSON text columns hold what the recorder keeps of it (recordings.ts). */
export interface ChargingRecordingTable {
  /** The charger's session id, upper-cased: ids are CiStrings, so one transaction has one row. */
  session_id: string;
  /** The own Session's key. */
  country_code: string;
  party_id: string;
  id: string;
  /** The TransactionStarted event. */
  started: string;
  /** The Location, EVSE, Connector and Tariffs as at the start (the CDR is sealed with them, CDR-08). */
  place: string;
  /** The meter readings kept for pricing. */
  readings: string;
  /** What partners saw last: { at, kwh }. */
  published: string;
  updated_at: string;
}

export interface ChargingRecordingTables {
  charging_recordings: ChargingRecordingTable;
}
