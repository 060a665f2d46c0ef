/**
 * The eMSP side of Tokens: its own tokens (library API with change events for the push outbox,
 * TOK-06), the Sender list (TOK-08) and real-time authorization (TOK-09..TOK-14, PIT-07).
 */
import type { FastifyInstance } from 'fastify';
import { OcpiError, OcpiStatus } from '../../core/status.js';
import { validateOrThrow } from '../../core/validation.js';
import { sendOcpiJson } from '../../http/reply.js';
import { ocpiPath } from '../../http/routes.js';
import type { NodeContext } from '../module.js';
import type { ObjectStore } from '../shared/object-store.js';
import { OwnObjects } from '../shared/own-objects.js';
import { mergeFields } from '../shared/patch.js';
import type { StoreListener } from '../shared/changes.js';
import type { OwnChange } from '../shared/own-objects.js';
import type { OwnParty } from '../shared/routing.js';
import { functionalCall } from '../shared/routing.js';
import { sendObjectList } from '../shared/sender.js';
import { interfacePath } from '../versions/interfaces.js';
import { authorizationInfoJson, defaultAuthorizationPolicy, NOT_ENOUGH_INFORMATION } from './authorization.js';
import type { AuthorizationPolicy } from './authorization.js';
import { tokenTypeParam, tokenUidParam } from './params.js';
import { LocationReferences, Token } from './schema.js';
import type { TokenType } from './schema.js';
import { TOKEN_IDENTITY, tokenKey, tokenVariant } from './store.js';

/** The outcome of one real-time authorization, before it becomes an HTTP answer. */
export type AuthorizationOutcome =
  | { kind: 'answered'; authorizationInfoJson: string }
  | { kind: 'unknown_token' }
  | { kind: 'not_enough_information' };

export class EmspTokens {
  /** The eMSP's own tokens: create/replace (`put`), change (`patch`), `onChange` for the outbox. */
  readonly own: OwnObjects<Token>;
  private policy: AuthorizationPolicy = defaultAuthorizationPolicy;

  constructor(
    private readonly ctx: NodeContext,
    private readonly store: ObjectStore<Token>,
  ) {
    this.own = new OwnObjects<Token>(ctx, {
      store,
      name: 'Token',
      schema: Token,
      idField: 'uid',
      ownerRole: 'EMSP',
      variantOf: tokenVariant,
      // The identity, type included (PIT-17), is the store key: a library PATCH never changes it.
      merge: (current, patch) => mergeFields({ ...current }, patch, TOKEN_IDENTITY),
    });
  }

  /** Subscribes to changes of own tokens (PUT or PATCH, as stored) once committed; returns the unsubscribe function. */
  onChange(listener: (change: OwnChange<Token>) => void | Promise<void>): () => void {
    return this.own.onChange(listener);
  }

  /** Subscribes inside the transaction that stores each change (the push outbox); returns the unsubscribe function. */
  onStore(listener: StoreListener<OwnChange<Token>>): () => void {
    return this.own.onStore(listener);
  }

  /** The application's authorization rules (credit, contracts, allowed locations); default: `valid`. */
  setAuthorizationPolicy(policy: AuthorizationPolicy): void {
    this.policy = policy;
  }

  /** Decides on one own token of `party`: a single indexed read, then the policy (TOK-10..TOK-12). */
  async authorize(party: OwnParty, uid: string, type: TokenType, location: LocationReferences | undefined): Promise<AuthorizationOutcome> {
    const stored = await this.store.get(true, tokenKey(party.countryCode, party.partyId, uid, type));
    if (stored === undefined) return { kind: 'unknown_token' };
    const decision = await this.policy(stored.object, location);
    if (decision === NOT_ENOUGH_INFORMATION) return { kind: 'not_enough_information' };
    return { kind: 'answered', authorizationInfoJson: authorizationInfoJson(stored.json, decision, location) };
  }

  /** GET {tokens_url} (TOK-08) and POST {tokens_url}/{token_uid}/authorize (TOK-09). */
  async register(app: FastifyInstance): Promise<void> {
    const path = interfacePath('tokens', 'EMSP');
    ocpiPath(app, path, 'ocpi', {
      GET: {
        handler: async (request, reply) => {
          const call = functionalCall(request, reply, this.ctx, 'EMSP');
          return sendObjectList(request, reply, this.ctx, call, this.store, { path });
        },
      },
    });
    await app.register(async (scope) => this.registerAuthorize(scope, path));
  }

  private registerAuthorize(scope: FastifyInstance, path: string): void {
    // The body is optional (TOK-09) and CPOs commonly send Content-Type: application/json without
    // one: in this scope an empty body means "no LocationReferences" instead of malformed JSON.
    const parseJson = scope.getDefaultJsonParser('error', 'error');
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) =>
      (body as string).trim() === '' ? done(null, undefined) : parseJson(request, body as string, done),
    );
    ocpiPath(scope, `${path}/:token_uid/authorize`, 'ocpi', {
      POST: {
        handler: async (request, reply) => {
          const call = functionalCall(request, reply, this.ctx, 'EMSP');
          const uid = tokenUidParam((request.params as { token_uid: string }).token_uid);
          const type = tokenTypeParam(request.query);
          const outcome = await this.authorize(call.own, uid, type, locationReferences(request.body));
          if (outcome.kind === 'unknown_token') throw OcpiError.notFound(`Unknown Token ${uid} of type ${type}`, OcpiStatus.UNKNOWN_TOKEN);
          if (outcome.kind === 'not_enough_information') {
            throw new OcpiError(OcpiStatus.NOT_ENOUGH_INFORMATION, 'LocationReferences are required to authorize this Token');
          }
          return sendOcpiJson(reply, outcome.authorizationInfoJson);
        },
      },
    });
  }
}

/** The optional body (TOK-09): absent or null means no LocationReferences. */
function locationReferences(body: unknown): LocationReferences | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  return validateOrThrow(LocationReferences, body, 'LocationReferences');
}
