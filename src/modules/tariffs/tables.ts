import type { ObjectTable } from '../shared/object-table.js';

/** A Tariff row: the shared object layout, no extra columns. */
export interface TariffTables {
  tariffs: ObjectTable;
}
