/** A partner: one credentials connection (one token pair), possibly several parties and roles. */
export interface PartnersTable {
  id: string;
  name: string;
  status: PartnerStatus;
  /** The partner's versions URL and the version in use, once known. */
  versions_url: string | null;
  version: string | null;
  /** JSON: the partner's Endpoint list from its version details. */
  endpoints: string;
  /** JSON: the partner's CredentialsRole list. */
  roles: string;
  /** The token evroam sends to the partner (their B or C); kept as given, it must be sent. */
  token_to_partner: string | null;
  legacy_plain_token: number;
  created_at: string;
  updated_at: string;
}

/** Tokens partners call evroam with; only their SHA-256 is stored. */
export interface PartnerTokensTable {
  token_hash: string;
  partner_id: string;
  /** A: registration token (works once); C: the credentials token of a registered partner. */
  kind: TokenKind;
  created_at: string;
}

export interface PartnerPartiesTable {
  partner_id: string;
  role: string;
  country_code: string;
  party_id: string;
}

export interface CredentialsAuditTable {
  id: string;
  partner_id: string;
  event: string;
  at: string;
  correlation_id: string | null;
  detail: string | null;
}

export type PartnerStatus = 'INVITED' | 'REGISTERED' | 'UNREGISTERED';
export type TokenKind = 'A' | 'C';

export interface PartnerTables {
  partners: PartnersTable;
  partner_tokens: PartnerTokensTable;
  partner_parties: PartnerPartiesTable;
  credentials_audit: CredentialsAuditTable;
}

