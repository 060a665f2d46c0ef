/**
 * The contract between the node and an OCPI module. A module declares the interfaces it serves
 * (which drive both its routes and the version details document) and registers its routes and
 * services against the node's shared context. node.ts only iterates over `ocpiModules`.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { EvroamConfig, OwnPartyConfig } from '../config/schema.js';
import type { Database } from '../storage/tables.js';
import type { DialectName } from '../storage/database.js';
import type { PartnerStore } from './credentials/partner-store.js';
import type { PushOutbox } from '../push/outbox.js';
import type { InterfaceDeclaration, OwnRole } from './versions/interfaces.js';

export interface NodeContext {
  config: EvroamConfig;
  db: Kysely<Database>;
  dialect: DialectName;
  logger: Logger;
  partners: PartnerStore;
  /** This deployment's own parties (country_code and party_id upper-cased). */
  ownParties: readonly OwnPartyConfig[];
  ownRoles: ReadonlySet<OwnRole>;
  /** Absolute base URL partners reach this node at, without trailing slash. */
  publicUrl: string;
  /** Queues changes of own objects for every receiving partner (ROLE-02/04, docs/push.md). */
  push: PushOutbox;
  /** Work to run when the node stops (timers, queues), after the HTTP server drained. */
  onClose(hook: () => Promise<void> | void): void;
  /**
   * The library services modules publish for the rest of the node (push outbox, operator API,
   * EVerest bridge). A module adds its entry to NodeServices by declaration merging:
   * `declare module '../module.js' { interface NodeServices { locations: LocationsService } }`
   * and sets it in `register`.
   */
  services: Partial<NodeServices>;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface NodeServices {}

export interface OcpiModule {
  name: string;
  interfaces: readonly InterfaceDeclaration[];
  /** Registers routes (only for interfaces of roles the node plays) and starts services. */
  register(app: FastifyInstance, ctx: NodeContext): Promise<void> | void;
}
