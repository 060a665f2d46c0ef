import type { ObjectTable } from '../shared/object-table.js';

/** A Session row: `token_owner` is `CC/PID` of cdr_token's eMSP, who alone may see it (SES-07). */
export interface SessionsTable extends ObjectTable {
  token_owner: string;
}

export interface SessionTables {
  sessions: SessionsTable;
}
