/** A valid Token of the test eMSP party DE*MSP (RFID, whitelist ALLOWED); override what a test needs. */
import type { Token } from '../../src/modules/tokens/schema.js';

export function token(uid: string, overrides: Partial<Token> = {}): Token {
  const owner = { country_code: overrides.country_code ?? 'DE', party_id: overrides.party_id ?? 'MSP' };
  return {
    ...owner,
    uid,
    type: 'RFID',
    contract_id: `${owner.country_code}-${owner.party_id}-C${uid}`,
    issuer: 'Test eMSP',
    valid: true,
    whitelist: 'ALLOWED',
    last_updated: '2024-03-01T10:00:00Z',
    ...overrides,
  };
}
