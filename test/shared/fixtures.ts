/** A minimal party-owned object for the shared store tests. */
export interface Thing {
  country_code: string;
  party_id: string;
  id: string;
  value: number;
  last_updated: string;
}

export const thing = (id: string, value: number, minute = 0, party = 'ABC'): Thing => ({
  country_code: 'NL',
  party_id: party,
  id,
  value,
  last_updated: `2024-01-01T10:${String(minute).padStart(2, '0')}:00Z`,
});
