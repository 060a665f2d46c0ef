/**
 * Kysely's view of the database. Each module declares its own tables beside its store; this file
 * only composes them.
 */
import type { PartnerTables } from '../modules/credentials/tables.js';
import type { LocationTables } from '../modules/locations/tables.js';
import type { TariffTables } from '../modules/tariffs/tables.js';
import type { TokenTables } from '../modules/tokens/tables.js';
import type { SessionTables } from '../modules/sessions/tables.js';
import type { CdrTables } from '../modules/cdrs/tables.js';
import type { PushTables } from '../push/tables.js';
import type { AsyncRequestTables } from '../modules/commands/tables.js';
import type { ChargingProfileTables } from '../modules/chargingprofiles/tables.js';
import type { HubClientInfoTables } from '../modules/hubclientinfo/tables.js';
import type { SyncTables } from '../sync/tables.js';
import type { ChargingRecordingTables } from '../chargepoint/tables.js';

export interface Database extends PartnerTables, LocationTables, TariffTables, PushTables, TokenTables, SessionTables, CdrTables, AsyncRequestTables, ChargingProfileTables, HubClientInfoTables, SyncTables, ChargingRecordingTables {}
