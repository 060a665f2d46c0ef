/**
 * Hub client info module (mod_hub_client_info.asciidoc): ClientInfo and ConnectionStatus (HUB-03).
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { CountryCode, DateTimeOf, Enum, PartyId, Role } from '../../core/types.js';

/** ConnectionStatus (HUB-03). */
export const ConnectionStatusValues = ['CONNECTED', 'OFFLINE', 'PLANNED', 'SUSPENDED'] as const;
export const ConnectionStatus = Enum(ConnectionStatusValues, { description: 'Status of the connection to a party' });
export type ConnectionStatus = Static<typeof ConnectionStatus>;

/** ClientInfo (HUB-03). */
export const ClientInfo = Type.Object(
  {
    party_id: PartyId({ description: 'ID of the party as used in the credentials exchange' }),
    country_code: CountryCode({ description: 'Country code of the party as used in the credentials exchange' }),
    role: Role,
    status: ConnectionStatus,
    last_updated: DateTimeOf({ description: 'When this ClientInfo was last updated' }),
  },
  { description: 'A party connected to the hub' },
);
export type ClientInfo = Static<typeof ClientInfo>;
