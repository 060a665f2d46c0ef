/**
 * The operator API: the REST API an operator's own systems run evroam with, under `/admin/v1`,
 * authenticated by `Authorization: Bearer <admin.token>` (checked in constant time by the HTTP
 * server). Without a configured admin token it is not served at all.
 *
 * The routes call the modules' library services (`ctx.services`), so validation, storage, change
 * events and pushes to partners are the modules' own; only the roles this node plays are served.
 */
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../modules/module.js';
import { locationsService } from '../modules/locations/index.js';
import { cdrStore } from '../modules/cdrs/store.js';
import { tariffStore } from '../modules/tariffs/index.js';
import { Location } from '../modules/locations/schema.js';
import { Tariff } from '../modules/tariffs/schema.js';
import { Token, TokenType } from '../modules/tokens/schema.js';
import { DEFAULT_TOKEN_TYPE } from '../modules/tokens/store.js';
import { Session } from '../modules/sessions/schema.js';
import { CDR } from '../modules/cdrs/schema.js';
import { adminValidatorCompiler, AdminError, sendAdminError } from './http.js';
import { ADMIN_PREFIX } from './lists.js';
import { registerLocationRoutes } from './locations.js';
import { registerTariffRoutes } from './tariffs.js';
import { registerTokenRoutes } from './tokens.js';
import { registerRecordRoutes } from './records.js';
import { registerReceivedRoutes } from './received.js';
import { publishedView } from './published.js';
import { registerOwnSessionRoutes } from './sessions.js';
import { registerOwnCdrRoutes } from './cdrs.js';
import { registerAuthorizeRoute } from './authorize.js';
import { registerChargingProfileRoutes, registerCommandRoutes } from './commands.js';
import { registerOutboxRoutes, registerPartnerRoutes } from './partners.js';

export { ADMIN_PREFIX } from './lists.js';
export { AdminError } from './http.js';
export type { ErrorBody } from './http.js';

/** Registers the operator API on the node's server (after the modules, whose services it uses). */
export async function registerOperatorApi(app: FastifyInstance, ctx: NodeContext): Promise<void> {
  if (!ctx.config.admin.token) {
    ctx.logger.info('operator API not served: no admin token configured (admin.token or EVROAM_ADMIN_TOKEN)');
    return;
  }
  await app.register(
    async (api) => {
      api.setValidatorCompiler(adminValidatorCompiler);
      // Response schemas document; answers are written as JSON as they are.
      api.setSerializerCompiler(() => (data) => JSON.stringify(data));
      api.setErrorHandler((error, request, reply) => sendAdminError(error, request, reply));
      api.setNotFoundHandler((request, reply) =>
        sendAdminError(AdminError.notFound(`No operator endpoint ${request.method} ${request.url.split('?')[0]}`), request, reply),
      );
      registerRoutes(api, ctx);
    },
    { prefix: ADMIN_PREFIX },
  );
  ctx.logger.info({ prefix: ADMIN_PREFIX, roles: [...ctx.ownRoles] }, 'operator API served');
}

function registerRoutes(api: FastifyInstance, ctx: NodeContext): void {
  const { locations, tariffs, tokens, sessions, cdrs, commands, chargingProfiles } = ctx.services;
  if (locations?.cpo) registerLocationRoutes(api, ctx, locations.cpo, locationsService(ctx).store);
  if (tariffs?.cpo) registerTariffRoutes(api, ctx, tariffs.cpo, tariffStore(ctx));
  if (tokens?.emsp) registerTokenRoutes(api, ctx, tokens.emsp);
  // A CPO whose chargers run on its own CSMS feeds its Sessions and CDRs and asks authorization here.
  if (tokens?.cpo) registerAuthorizeRoute(api, tokens.cpo);
  if (sessions?.cpo) registerOwnSessionRoutes(api, ctx, sessions.cpo.own);
  if (cdrs?.cpo) registerOwnCdrRoutes(api, cdrs.cpo);
  // Lists are pages of stored JSON text, read from the modules' stores (own and received share one table).
  const sessionStore = sessions?.cpo?.own.options.store ?? sessions?.emsp?.received.options.store;
  if (sessionStore) registerRecordRoutes(api, ctx, { name: 'Session', path: '/sessions', schema: Session, store: sessionStore });
  // CdrsApi publishes no store: the module's store over the same table.
  if (cdrs) registerRecordRoutes(api, ctx, { name: 'CDR', path: '/cdrs', schema: CDR, store: cdrStore(ctx) });
  registerReceived(api, ctx);
  if (ctx.ownRoles.has('EMSP')) {
    if (commands) registerCommandRoutes(api, ctx, commands.emsp);
    if (chargingProfiles) registerChargingProfileRoutes(api, ctx, chargingProfiles.emsp);
  }
  registerPartnerRoutes(api, ctx);
  registerOutboxRoutes(api, ctx);
}

/** What partners sent: CPO partners' objects on an eMSP node, eMSP partners' Tokens on a CPO node. */
function registerReceived(api: FastifyInstance, ctx: NodeContext): void {
  const { locations, tariffs, tokens, sessions } = ctx.services;
  if (locations?.emsp) {
    const store = locationsService(ctx).store;
    registerReceivedRoutes(api, ctx, { name: 'Location', path: '/locations', schema: Location, store, view: publishedView(ctx, locations.emsp) });
  }
  if (tariffs?.emsp) registerReceivedRoutes(api, ctx, { name: 'Tariff', path: '/tariffs', schema: Tariff, store: tariffs.emsp.options.store });
  if (sessions?.emsp) registerReceivedRoutes(api, ctx, { name: 'Session', path: '/sessions', schema: Session, store: sessions.emsp.received.options.store });
  if (ctx.ownRoles.has('EMSP')) registerReceivedRoutes(api, ctx, { name: 'CDR', path: '/cdrs', schema: CDR, store: cdrStore(ctx) });
  if (tokens?.cpo) {
    const variant = { param: 'type', schema: { ...TokenType, description: `Token type (default ${DEFAULT_TOKEN_TYPE}, TOK-02)` }, default: DEFAULT_TOKEN_TYPE };
    registerReceivedRoutes(api, ctx, { name: 'Token', path: '/tokens', schema: Token, idField: 'uid', variant, store: tokens.cpo.received.options.store });
  }
}
