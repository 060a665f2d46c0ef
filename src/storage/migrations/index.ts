import type { Migration } from 'kysely';
import * as m001 from './001-partners.js';
import * as m002 from './002-locations-tariffs.js';
import * as m003 from './003-sessions-cdrs-tokens.js';
import * as m005 from './005-outbox.js';
import * as m004 from './004-commands-profiles-hub.js';
import * as m006 from './006-sync-state.js';
import * as m007 from './007-charging-recordings.js';

/** Ordered by name; never edit a migration that has landed, add a new one. */
export const migrations: Record<string, Migration> = {
  '001-partners': m001,
  '002-locations-tariffs': m002,
  '003-sessions-cdrs-tokens': m003,
  '005-outbox': m005,
  '004-commands-profiles-hub': m004,
  '006-sync-state': m006,
  '007-charging-recordings': m007,
};
