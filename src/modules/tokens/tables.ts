import type { ObjectTable } from '../shared/object-table.js';

/** Tokens, own (eMSP, sender) and received (CPO, receiver): `id` = uid, `variant` = TokenType (PIT-17). */
export interface TokenTables {
  tokens: ObjectTable;
}
