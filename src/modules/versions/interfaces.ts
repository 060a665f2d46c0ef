/**
 * Which OCPI interfaces this node serves, and where. One list drives both the routes and the
 * version details document, so the two cannot drift apart (VER-03, VER-06, ROLE-01, ROLE-03).
 */
export const OCPI_VERSION = '2.2.1';

export type OwnRole = 'CPO' | 'EMSP';
export type InterfaceRoleName = 'SENDER' | 'RECEIVER';

export interface InterfaceDeclaration {
  module: string;
  role: InterfaceRoleName;
  /** The own role this interface belongs to; undefined for configuration modules (both roles). */
  ownRole?: OwnRole;
  /** Path below the OCPI root, e.g. `/cpo/2.2.1/locations`. */
  path: string;
}

/** `/ocpi` + role segment + version + module: `/ocpi/cpo/2.2.1/locations` (T-12). */
export function interfacePath(module: string, ownRole?: OwnRole): string {
  return ownRole ? `/ocpi/${ownRole === 'CPO' ? 'cpo' : 'emsp'}/${OCPI_VERSION}/${module}` : `/ocpi/${OCPI_VERSION}/${module}`;
}

export const VERSIONS_PATH = '/ocpi/versions';
export const VERSION_DETAILS_PATH = `/ocpi/${OCPI_VERSION}`;

export function declare(module: string, role: InterfaceRoleName, ownRole?: OwnRole): InterfaceDeclaration {
  return ownRole ? { module, role, ownRole, path: interfacePath(module, ownRole) } : { module, role, path: interfacePath(module) };
}
