/**
 * ClientInfo objects hubs pushed (HUB-01), kept per hub: each hub owns what it sent, and another
 * partner never sees or changes it. Read by the rest of the node to know whether a party behind a
 * hub can be reached (HUB-04).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/tables.js';
import type { ClientInfo, ConnectionStatus } from './schema.js';

export class HubClientInfoStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates or replaces the hub's ClientInfo of the party; true when it is new. */
  async put(hubPartnerId: string, info: ClientInfo): Promise<boolean> {
    const stored: ClientInfo = { ...info, country_code: info.country_code.toUpperCase(), party_id: info.party_id.toUpperCase() };
    const row = {
      partner_id: hubPartnerId,
      country_code: stored.country_code,
      party_id: stored.party_id,
      role: stored.role,
      status: stored.status,
      last_updated: stored.last_updated,
      object: JSON.stringify(stored),
    };
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('hub_client_info')
        .select('partner_id')
        .where('partner_id', '=', hubPartnerId)
        .where('country_code', '=', row.country_code)
        .where('party_id', '=', row.party_id)
        .executeTakeFirst();
      if (existing) {
        await trx
          .updateTable('hub_client_info')
          .set({ role: row.role, status: row.status, last_updated: row.last_updated, object: row.object })
          .where('partner_id', '=', hubPartnerId)
          .where('country_code', '=', row.country_code)
          .where('party_id', '=', row.party_id)
          .execute();
        return false;
      }
      await trx.insertInto('hub_client_info').values(row).execute();
      return true;
    });
  }

  /** The stored JSON of the hub's ClientInfo of the party, or undefined. */
  async getJson(hubPartnerId: string, countryCode: string, partyId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('hub_client_info')
      .select('object')
      .where('partner_id', '=', hubPartnerId)
      .where('country_code', '=', countryCode.toUpperCase())
      .where('party_id', '=', partyId.toUpperCase())
      .executeTakeFirst();
    return row?.object;
  }

  async get(hubPartnerId: string, countryCode: string, partyId: string): Promise<ClientInfo | undefined> {
    const json = await this.getJson(hubPartnerId, countryCode, partyId);
    return json === undefined ? undefined : (JSON.parse(json) as ClientInfo);
  }

  /** Every ClientInfo a hub pushed, by party. */
  async list(hubPartnerId: string): Promise<ClientInfo[]> {
    const rows = await this.db.selectFrom('hub_client_info').select('object').where('partner_id', '=', hubPartnerId).orderBy('country_code').orderBy('party_id').execute();
    return rows.map((r) => JSON.parse(r.object) as ClientInfo);
  }

  /**
   * The connection status hubs report for a party (the most recently updated report when several
   * hubs know it); undefined when no hub said anything about it.
   */
  async statusOf(countryCode: string, partyId: string): Promise<ConnectionStatus | undefined> {
    const row = await this.db
      .selectFrom('hub_client_info')
      .select('status')
      .where('country_code', '=', countryCode.toUpperCase())
      .where('party_id', '=', partyId.toUpperCase())
      .orderBy('last_updated', 'desc')
      .executeTakeFirst();
    return row?.status as ConnectionStatus | undefined;
  }

  /** HUB-04: nothing is sent to a party a hub reports OFFLINE, PLANNED or SUSPENDED. */
  async reachable(countryCode: string, partyId: string): Promise<boolean> {
    const status = await this.statusOf(countryCode, partyId);
    return status === undefined || status === 'CONNECTED';
  }
}
