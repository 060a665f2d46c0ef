/**
 * CP-06: a CPO keeps a sender informed of ActiveChargingProfile changes of a session only after
 * that sender successfully set a profile on it. Those senders are remembered here.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/tables.js';
import type { ChargingProfileSubscriptionsTable } from './tables.js';

export type Subscription = ChargingProfileSubscriptionsTable;

export class ProfileSubscriptions {
  constructor(private readonly db: Kysely<Database>) {}

  async add(subscription: Omit<Subscription, 'created_at' | 'session_id'> & { session_id: string }): Promise<void> {
    const row = { ...subscription, session_id: subscription.session_id.toUpperCase(), created_at: new Date().toISOString() };
    await this.db
      .insertInto('charging_profile_subscriptions')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['partner_id', 'session_id']).doUpdateSet({
          own_country_code: row.own_country_code,
          own_party_id: row.own_party_id,
          partner_country_code: row.partner_country_code,
          partner_party_id: row.partner_party_id,
        }),
      )
      .execute();
  }

  async forSession(sessionId: string): Promise<Subscription[]> {
    return this.db.selectFrom('charging_profile_subscriptions').selectAll().where('session_id', '=', sessionId.toUpperCase()).execute();
  }
}
