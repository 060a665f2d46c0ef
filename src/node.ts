/**
 * The composition root: one evroam node = config + storage + partner registry + HTTP server.
 * The CLI, the tests and library users all start evroam through here.
 */
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Logger } from 'pino';
import type { EvroamConfig } from './config/schema.js';
import { Authenticator } from './http/authenticator.js';
import { createHttpServer } from './http/server.js';
import { registerOperational } from './http/operational.js';
import { RequestMetrics, registerMetrics } from './http/metrics.js';
import { configureReadCache } from './modules/shared/table-cache.js';
import { PartnerStore } from './modules/credentials/partner-store.js';
import { registerCredentials } from './modules/credentials/routes.js';
import { ClientRegistrationPort } from './modules/credentials/client-port.js';
import type { RegistrationPort } from './modules/credentials/registration-port.js';
import type { CredentialsRole } from './modules/credentials/schema.js';
import { CredentialsService } from './modules/credentials/service.js';
import { declare, OCPI_VERSION, VERSIONS_PATH } from './modules/versions/interfaces.js';
import { registerOpenApi } from './http/openapi.js';
import type { InterfaceDeclaration, OwnRole } from './modules/versions/interfaces.js';
import { registerVersions } from './modules/versions/routes.js';
import { ocpiModules } from './modules/index.js';
import type { NodeContext } from './modules/module.js';
import { openStorage } from './storage/database.js';
import type { Storage } from './storage/database.js';
import { constantTimeEqual } from './http/admin-auth.js';
import { registerOperatorApi } from './admin/index.js';
import { connectPush, PushOutbox, pushSettings } from './push/index.js';
import { startSyncScheduler } from './sync/index.js';
import { connectChargers, resumeCharging } from './chargepoint/connect.js';

export interface NodeOptions {
  logger?: Logger;
  /** Replaces the outbound client for registration (tests of failure paths). */
  registrationPort?: RegistrationPort;
}

/** The interfaces of the configuration modules every node serves. */
const CONFIGURATION_INTERFACES: InterfaceDeclaration[] = [declare('credentials', 'SENDER')];

export class EvroamNode {
  readonly app: FastifyInstance;
  readonly partners: PartnerStore;
  readonly credentials: CredentialsService;
  readonly context: NodeContext;
  private closing?: Promise<void>;
  private readonly closeHooks: Array<() => Promise<void> | void> = [];
  private readonly requestMetrics = new RequestMetrics();

  private constructor(
    readonly config: EvroamConfig,
    readonly storage: Storage,
    readonly logger: Logger,
    options: NodeOptions,
  ) {
    this.partners = new PartnerStore(storage.db);
    const authenticator = new Authenticator(this.partners);
    const adminToken = config.admin.token;
    this.app = createHttpServer({
      logger,
      authenticator,
      metrics: this.requestMetrics,
      bodyLimit: config.limits.bodyBytes,
      requestTimeoutMs: config.limits.requestTimeoutMs,
      ...(adminToken ? { adminAuth: (header: string | undefined) => constantTimeEqual(header ?? '', `Bearer ${adminToken}`) } : {}),
    });
    const base = config.publicUrl.replace(/\/+$/, '');
    this.credentials = new CredentialsService({
      partners: this.partners,
      authenticator,
      port: options.registrationPort ?? new ClientRegistrationPort({ timeoutMs: config.limits.requestTimeoutMs, logger }),
      versionsUrl: `${base}${VERSIONS_PATH}`,
      roles: ownCredentialsRoles(config),
      logger,
    });
    this.context = {
      config,
      db: storage.db,
      dialect: storage.dialect,
      logger,
      partners: this.partners,
      ownParties: config.parties.map((p) => ({ ...p, country_code: p.country_code.toUpperCase(), party_id: p.party_id.toUpperCase() })),
      ownRoles: ownRoles(config),
      publicUrl: base,
      push: new PushOutbox({ db: storage.db, dialect: storage.dialect, partners: this.partners, settings: pushSettings(config), logger }),
      onClose: (hook) => void this.closeHooks.push(hook),
      services: {},
    };
    // First registered, so the last hook to run: modules may still enqueue while they close.
    this.closeHooks.push(() => this.context.push.close());
  }

  static async create(config: EvroamConfig, options: NodeOptions = {}): Promise<EvroamNode> {
    const logger = options.logger ?? pino({ level: config.logLevel, base: { service: 'evroam' } });
    const storage = await openStorage(config.database);
    if (config.database.readCacheBytes !== undefined) configureReadCache(storage.db, config.database.readCacheBytes);
    const node = new EvroamNode(config, storage, logger, options);
    try {
      await node.mount();
    } catch (error) {
      await node.close();
      throw error;
    }
    return node;
  }

  /** Routes, after the OpenAPI plugin so that it sees every one of them. */
  private async mount(): Promise<void> {
    const { app, context } = this;
    await registerOpenApi(app, context.publicUrl, OCPI_VERSION);
    const interfaces = [...CONFIGURATION_INTERFACES, ...ocpiModules.flatMap((m) => m.interfaces)];
    registerVersions(app, { publicUrl: context.publicUrl, ownRoles: context.ownRoles, interfaces });
    registerCredentials(app, this.credentials);
    registerOperational(app, { storage: this.storage });
    registerMetrics(app, this.requestMetrics);
    for (const module of ocpiModules) await module.register(app, context);
    // Every change of an own object becomes outbox rows for the partners that receive it.
    connectPush(context);
    // The chargers' sessions become Sessions, CDRs and EVSE statuses (a CPO node); recordings from before a restart are taken up.
    await connectChargers(context);
    await registerOperatorApi(app, context);
  }

  /** The library services the modules published (own Locations, Tokens, commands …). */
  get services(): NodeContext['services'] {
    return this.context.services;
  }

  /** This node's versions URL, as partners are told to reach it. */
  get versionsUrl(): string {
    return `${this.config.publicUrl.replace(/\/+$/, '')}${VERSIONS_PATH}`;
  }

  async listen(): Promise<string> {
    const address = await this.app.listen({ host: this.config.listen.host, port: this.config.listen.port });
    // Only a serving node delivers pushes and pulls on schedule; CLI commands open the node on the same database and must not.
    this.context.push.start();
    startSyncScheduler(this.context);
    resumeCharging(this.context);
    return address;
  }

  /** Stops taking requests, lets in-flight ones finish, then closes the database. */
  async close(): Promise<void> {
    this.closing ??= (async () => {
      await this.app.close();
      for (const hook of this.closeHooks.reverse()) await hook();
      await this.storage.close();
    })();
    return this.closing;
  }
}

function ownRoles(config: EvroamConfig): Set<OwnRole> {
  return new Set(config.parties.map((p) => p.role));
}

function ownCredentialsRoles(config: EvroamConfig): CredentialsRole[] {
  return config.parties.map((p) => {
    const business: CredentialsRole['business_details'] = { name: p.business_details.name };
    if (p.business_details.website) business.website = p.business_details.website;
    return { role: p.role, country_code: p.country_code.toUpperCase(), party_id: p.party_id.toUpperCase(), business_details: business };
  });
}
