/**
 * evroam as a library: the typed OCPI 2.2.1 model, the node (server) and its configuration, the
 * outbound client, and the protocol core.
 *
 *   import { EvroamNode, loadConfig, Location, compileValidator, OcpiClient } from 'evroam';
 */
export * from './model.js';
export * from './client/index.js';
export { EvroamNode } from './node.js';
export type { NodeOptions } from './node.js';
export { loadConfig, defaultConfig, ConfigError } from './config/load.js';
export { EvroamConfig, OwnPartyConfig } from './config/schema.js';
export { OcpiError, OcpiStatus, isSuccess } from './core/status.js';
export { envelope, ocpiNow } from './core/envelope.js';
export type { OcpiResponse } from './core/envelope.js';
export { formatDateTime, parseDateTime } from './core/datetime.js';
export { parsePageRequest, pageHeaders, nextLink } from './core/pagination.js';
export type { PageRequest } from './core/pagination.js';
export { encodeAuthorization, parseAuthorization } from './core/auth-header.js';
export type { OcpiModule, NodeContext } from './modules/module.js';
export type { Partner } from './modules/credentials/partner.js';
export { openStorage } from './storage/database.js';
export type { DatabaseConfig, Storage } from './storage/database.js';
export * as pricing from './modules/tariffs/pricing/index.js';
