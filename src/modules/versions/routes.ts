/**
 * Versions and version details (VER-01..VER-08). Both documents are fixed for the life of the
 * process, so their JSON is built once; only the envelope's timestamp changes per request.
 */
import type { FastifyInstance } from 'fastify';
import { ocpiPath } from '../../http/routes.js';
import { sendOcpiJson } from '../../http/reply.js';
import type { InterfaceDeclaration, OwnRole } from './interfaces.js';
import { OCPI_VERSION, VERSION_DETAILS_PATH, VERSIONS_PATH } from './interfaces.js';
import type { Endpoint, Version, VersionDetails } from './schema.js';

export interface VersionsOptions {
  publicUrl: string;
  ownRoles: ReadonlySet<OwnRole>;
  interfaces: readonly InterfaceDeclaration[];
}

/** The endpoints this node lists for its own roles (VER-06, VER-07, ROLE-05). */
export function ownEndpoints(options: VersionsOptions): Endpoint[] {
  const base = options.publicUrl.replace(/\/+$/, '');
  return options.interfaces
    .filter((i) => i.ownRole === undefined || options.ownRoles.has(i.ownRole))
    .map((i) => ({ identifier: i.module, role: i.role, url: `${base}${i.path}` }) as Endpoint);
}

export function registerVersions(app: FastifyInstance, options: VersionsOptions): void {
  const base = options.publicUrl.replace(/\/+$/, '');
  const versions: Version[] = [{ version: OCPI_VERSION, url: `${base}${VERSION_DETAILS_PATH}` } as Version];
  const details: VersionDetails = { version: OCPI_VERSION, endpoints: ownEndpoints(options) } as VersionDetails;
  const versionsJson = JSON.stringify(versions);
  const detailsJson = JSON.stringify(details);

  ocpiPath(app, VERSIONS_PATH, 'ocpi-registration', { GET: { handler: (_req, reply) => sendOcpiJson(reply, versionsJson) } });
  ocpiPath(app, VERSION_DETAILS_PATH, 'ocpi-registration', { GET: { handler: (_req, reply) => sendOcpiJson(reply, detailsJson) } });
}
