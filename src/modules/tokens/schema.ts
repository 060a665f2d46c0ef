/**
 * Tokens module (mod_tokens.asciidoc): Token, AuthorizationInfo, LocationReferences,
 * EnergyContract and their enums (TOK-17..19), plus the PATCH body (TOK-05).
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import {
  CiString,
  CountryCode,
  DateTimeOf,
  DisplayText,
  Enum,
  List,
  OcpiString,
  Opt,
  PartyId,
  Patch,
  ProfileType,
} from '../../core/types.js';

/** AllowedType (TOK-19). */
export const AllowedTypeValues = ['ALLOWED', 'BLOCKED', 'EXPIRED', 'NO_CREDIT', 'NOT_ALLOWED'] as const;
export const AllowedType = Enum(AllowedTypeValues, { description: 'Whether the token may charge (at the given location)' });
export type AllowedType = Static<typeof AllowedType>;

/** TokenType (TOK-19). */
export const TokenTypeValues = ['AD_HOC_USER', 'APP_USER', 'OTHER', 'RFID'] as const;
export const TokenType = Enum(TokenTypeValues, { description: 'Type of the token' });
export type TokenType = Static<typeof TokenType>;

/** WhitelistType (TOK-15, TOK-19). */
export const WhitelistTypeValues = ['ALWAYS', 'ALLOWED', 'ALLOWED_OFFLINE', 'NEVER'] as const;
export const WhitelistType = Enum(WhitelistTypeValues, { description: 'How the CPO may authorize the token locally' });
export type WhitelistType = Static<typeof WhitelistType>;

/** EnergyContract (TOK-18). */
export const EnergyContract = Type.Object(
  {
    supplier_name: OcpiString(64, { description: 'Name of the energy supplier for this token' }),
    contract_id: Opt(OcpiString(64, { description: 'Contract ID at the energy supplier' })),
  },
  { description: 'The driver’s own energy supplier/contract' },
);
export type EnergyContract = Static<typeof EnergyContract>;

/** LocationReferences (TOK-18): the optional body of real-time authorization. */
export const LocationReferences = Type.Object(
  {
    location_id: CiString(36, { description: 'Location id' }),
    evse_uids: List(CiString(36, { description: 'EVSE uid within the location' })),
  },
  { description: 'Location (and EVSEs) a token is to be authorized for' },
);
export type LocationReferences = Static<typeof LocationReferences>;

/** Token (TOK-17). Identified by (country_code, party_id, uid, type). */
export const Token = Type.Object(
  {
    country_code: CountryCode({ description: 'ISO 3166-1 alpha-2 country code of the eMSP owning the token' }),
    party_id: PartyId({ description: 'ID of the eMSP owning the token' }),
    uid: CiString(36, { description: 'Unique ID of the token, together with its type (e.g. the RFID UID)' }),
    type: TokenType,
    contract_id: CiString(36, { description: 'EV driver contract (eMA ID recommended)' }),
    visual_number: Opt(OcpiString(64, { description: 'Number as printed on the token' })),
    issuer: OcpiString(64, { description: 'Issuing company' }),
    group_id: Opt(CiString(36, { description: 'Tokens with the same group act as one' })),
    valid: Type.Boolean({ description: 'Is this token valid' }),
    whitelist: WhitelistType,
    language: Opt(OcpiString(2, { description: 'Preferred language, ISO 639-1' })),
    default_profile_type: Opt(ProfileType),
    energy_contract: Opt(EnergyContract),
    last_updated: DateTimeOf({ description: 'When this token was last updated (or created)' }),
  },
  { description: 'A token (RFID card, app user …) of an eMSP' },
);
export type Token = Static<typeof Token>;

/** PATCH body of a Token (TOK-05): partial, `last_updated` required. */
export const TokenPatch = Patch(Token.properties, ['last_updated'], { description: 'Partial Token update' });
export type TokenPatch = Static<typeof TokenPatch>;

/** AuthorizationInfo (TOK-18): the `data` of real-time authorization. */
export const AuthorizationInfo = Type.Object(
  {
    allowed: AllowedType,
    token: Token,
    location: Opt(LocationReferences),
    authorization_reference: Opt(
      CiString(36, { description: 'Reference to this authorization, repeated in Session and CDR' }),
    ),
    info: Opt(DisplayText),
  },
  { description: 'Answer to a real-time authorization request' },
);
export type AuthorizationInfo = Static<typeof AuthorizationInfo>;
