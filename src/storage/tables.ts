/**
 * Kysely's view of the database. Each module declares its own tables beside its store; this file
 * only composes them.
 */
import type { PartnerTables } from '../modules/credentials/tables.js';

export interface Database extends PartnerTables {}
