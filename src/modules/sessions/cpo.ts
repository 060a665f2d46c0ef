/**
 * The CPO side of Sessions: its own sessions (library API with change events for the push outbox,
 * SES-07), the Sender list (SES-01, PAG-12) and charging preferences (SES-02).
 */
import type { FastifyInstance } from 'fastify';
import { OcpiError } from '../../core/status.js';
import { validateOrThrow } from '../../core/validation.js';
import { sendOcpi } from '../../http/reply.js';
import { ocpiPath } from '../../http/routes.js';
import { callerTokenOwners, tokenOwner, visibleToCaller, visibleToCallerKey } from '../cdrs/token-owner.js';
import type { NodeContext } from '../module.js';
import type { ObjectStore } from '../shared/object-store.js';
import { OwnObjects } from '../shared/own-objects.js';
import type { StoreListener } from '../shared/changes.js';
import type { OwnChange } from '../shared/own-objects.js';
import type { FunctionalCall } from '../shared/routing.js';
import { functionalCall } from '../shared/routing.js';
import { sendObjectList } from '../shared/sender.js';
import { interfacePath } from '../versions/interfaces.js';
import { answerChargingPreferences } from './charging-preferences.js';
import type { ChargingPreferencesApplier, ChargingPreferencesSupportLookup } from './charging-preferences.js';
import { evseSupport, toChargers } from './evse-preferences.js';
import { ChargingPreferences, Session } from './schema.js';
import type { ChargingPreferencesResponse } from './schema.js';
import { mergeSessionPatch } from './store.js';

export class CpoSessions {
  /** The CPO's own sessions: create/replace (`put`), change (`patch`, periods appended). */
  readonly own: OwnObjects<Session>;
  /** By default the EVSE's capability in the own Locations and the chargers decide; an operator may replace both. */
  private supportOf: ChargingPreferencesSupportLookup;
  private apply: ChargingPreferencesApplier;

  constructor(
    private readonly ctx: NodeContext,
    private readonly store: ObjectStore<Session>,
  ) {
    this.own = new OwnObjects<Session>(ctx, { store, name: 'Session', schema: Session, idField: 'id', ownerRole: 'CPO', merge: mergeSessionPatch });
    this.supportOf = evseSupport(ctx);
    this.apply = toChargers(ctx);
  }

  /** Subscribes to changes of own sessions (PUT or PATCH) once committed; returns the unsubscribe function. */
  onChange(listener: (change: OwnChange<Session>) => void | Promise<void>): () => void {
    return this.own.onChange(listener);
  }

  /** Subscribes inside the transaction that stores each change (the push outbox); returns the unsubscribe function. */
  onStore(listener: StoreListener<OwnChange<Session>>): () => void {
    return this.own.onStore(listener);
  }

  /** What the EVSEs support (SES-15) and what to do with accepted preferences (by default: hand them to the chargers). */
  setChargingPreferencesHandler(supportOf: ChargingPreferencesSupportLookup, apply: ChargingPreferencesApplier = toChargers(this.ctx)): void {
    this.supportOf = supportOf;
    this.apply = apply;
  }

  /**
   * The answer to an eMSP's preferences for one of the caller's sessions. Unknown, foreign
   * (another eMSP's token) and not-capable are alike: HTTP 404 + 2001, revealing nothing (SES-02).
   */
  async chargingPreferences(call: FunctionalCall, sessionId: string, body: unknown): Promise<ChargingPreferencesResponse> {
    const stored = await this.store.get(true, { countryCode: call.own.countryCode, partyId: call.own.partyId, id: sessionId });
    const session = stored?.object;
    if (session === undefined || !callerTokenOwners(call).includes(tokenOwner(session.cdr_token))) {
      throw OcpiError.notFound(`Unknown Session ${sessionId}`);
    }
    const preferences = validateOrThrow(ChargingPreferences, body, 'ChargingPreferences');
    const support = await this.supportOf(session);
    if (support === undefined) throw OcpiError.notFound(`The EVSE of Session ${sessionId} is not CHARGING_PREFERENCES_CAPABLE`);
    const answer = answerChargingPreferences(session, preferences, support);
    if (answer === 'ACCEPTED') await this.apply(session, preferences);
    return answer;
  }

  /** GET {sessions_url} (SES-01) and PUT {sessions_url}/{session_id}/charging_preferences (SES-02). */
  register(app: FastifyInstance): void {
    const path = interfacePath('sessions', 'CPO');
    ocpiPath(app, path, 'ocpi', {
      GET: {
        // date_from is required by the table, but its absence is accepted as "from the start" (PAG-12, PIT-14).
        handler: async (request, reply) => {
          const call = functionalCall(request, reply, this.ctx, 'CPO');
          return sendObjectList(request, reply, this.ctx, call, this.store, { path, where: visibleToCaller, whereKey: visibleToCallerKey });
        },
      },
    });
    ocpiPath(app, `${path}/:session_id/charging_preferences`, 'ocpi', {
      PUT: {
        handler: async (request, reply) => {
          const call = functionalCall(request, reply, this.ctx, 'CPO');
          const { session_id: sessionId } = request.params as { session_id: string };
          return sendOcpi(reply, await this.chargingPreferences(call, sessionId, request.body));
        },
      },
    });
  }
}
