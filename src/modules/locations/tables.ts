import type { ObjectTable } from '../shared/object-table.js';

/**
 * A Location row (the whole Location, its EVSEs and Connectors in one JSON document).
 * `valid_evses` is 1 when at least one EVSE is not REMOVED: the full Sender list only holds
 * "Locations with valid EVSEs" (LOC-01, LOC-11).
 */
export interface LocationsTable extends ObjectTable {
  valid_evses: number;
}

export interface LocationTables {
  locations: LocationsTable;
}
