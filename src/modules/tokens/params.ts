/** URL inputs of the Tokens interfaces: `{token_uid}` and the `type` query parameter (TOK-02, TOK-09). */
import { OcpiError } from '../../core/status.js';
import { CISTRING_PATTERN } from '../../core/types.js';
import { TokenTypeValues } from './schema.js';
import type { TokenType } from './schema.js';
import { DEFAULT_TOKEN_TYPE } from './store.js';

const CISTRING = new RegExp(CISTRING_PATTERN);

/** `type`, RFID when absent (PIT-17); an unknown value is 2001 naming the parameter. */
export function tokenTypeParam(query: unknown): TokenType {
  const value = (query as Record<string, unknown> | undefined)?.type;
  if (value === undefined || value === '') return DEFAULT_TOKEN_TYPE;
  if (typeof value === 'string' && (TokenTypeValues as readonly string[]).includes(value)) return value as TokenType;
  throw OcpiError.invalid(`type: must be one of ${TokenTypeValues.join(', ')}`);
}

/** `{token_uid}`: Token.uid is a CiString(36) (TOK-17). */
export function tokenUidParam(value: string): string {
  if (value.length === 0 || value.length > 36 || !CISTRING.test(value)) {
    throw OcpiError.invalid('token_uid: must be a CiString of 1 to 36 printable ASCII characters');
  }
  return value;
}
