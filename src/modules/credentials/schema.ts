/**
 * Credentials module (credentials.asciidoc): Credentials and CredentialsRole (CRED-01, CRED-02).
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { CountryCode, NonEmptyList, OcpiString, PartyId, Role, UrlOf, definePattern } from '../../core/types.js';
import { BusinessDetails } from '../locations/schema.js';

/** A credentials token: printable non-whitespace ASCII, U+0021..U+007E (CRED-01). Never Base64 here. */
export const CREDENTIALS_TOKEN_PATTERN = definePattern(
  '^[!-~]+$',
  'must be a non-empty token of printable non-whitespace ASCII characters',
);

/** CredentialsRole (CRED-02). */
export const CredentialsRole = Type.Object(
  {
    role: Role,
    business_details: BusinessDetails,
    party_id: PartyId({ description: 'CPO, eMSP (or other role) ID of this party (ISO 15118)' }),
    country_code: CountryCode({ description: 'ISO 3166-1 alpha-2 country code of the party' }),
  },
  { description: 'A role this platform provides, with its party identity' },
);
export type CredentialsRole = Static<typeof CredentialsRole>;

/** Credentials (CRED-01). */
export const Credentials = Type.Object(
  {
    token: OcpiString(64, {
      pattern: CREDENTIALS_TOKEN_PATTERN,
      description: 'Token the other party uses to authenticate in your system (plain, not Base64)',
    }),
    url: UrlOf({ description: 'URL of your versions endpoint' }),
    roles: NonEmptyList(CredentialsRole, { description: 'Roles this party provides' }),
  },
  { description: 'Credentials exchanged during registration' },
);
export type Credentials = Static<typeof Credentials>;
