import type { ObjectTable } from '../shared/object-table.js';

/** A CDR row: `token_owner` is `CC/PID` of cdr_token's eMSP, who alone may see it (CDR-02, CDR-06). */
export interface CdrsTable extends ObjectTable {
  token_owner: string;
}

export interface CdrTables {
  cdrs: CdrsTable;
}
