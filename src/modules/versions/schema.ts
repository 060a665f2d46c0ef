/**
 * Versions module (version_information_endpoint.asciidoc): the versions list, the version details
 * document and the shared enums ModuleID, InterfaceRole and VersionNumber (VER-*).
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Enum, NonEmptyList, OcpiString, UrlOf } from '../../core/types.js';

/** VersionNumber (VER-04): the versions OCPI knows. evroam implements 2.2.1. */
export const VersionNumberValues = ['2.0', '2.1', '2.1.1', '2.2', '2.2.1'] as const;
export const VersionNumber = Enum(VersionNumberValues, { description: 'OCPI version number' });
export type VersionNumber = Static<typeof VersionNumber>;

/** ModuleID (VER-05). */
export const ModuleIDValues = [
  'cdrs',
  'chargingprofiles',
  'commands',
  'credentials',
  'hubclientinfo',
  'locations',
  'sessions',
  'tariffs',
  'tokens',
] as const;
export const ModuleID = Enum(ModuleIDValues, { description: 'OCPI module identifier' });
export type ModuleID = Static<typeof ModuleID>;

/** InterfaceRole (VER-06). */
export const InterfaceRoleValues = ['SENDER', 'RECEIVER'] as const;
export const InterfaceRole = Enum(InterfaceRoleValues, {
  description: 'SENDER: interface of the data owner (pulled from); RECEIVER: interface that receives pushes',
});
export type InterfaceRole = Static<typeof InterfaceRole>;

/**
 * Version (VER-02). `version` is typed as a VersionNumber but any string is accepted: a peer may
 * list versions newer than this spec, which a client simply does not pick.
 */
export const Version = Type.Object(
  {
    version: Type.Union([VersionNumber, OcpiString(10)], { description: 'The version number' }),
    url: UrlOf({ description: 'URL of the version details endpoint of this version' }),
  },
  { description: 'A supported OCPI version and the URL of its details' },
);
export type Version = Static<typeof Version>;

/** The `data` of GET versions: `Version` list, at least one. */
export const VersionList = NonEmptyList(Version, { description: 'All OCPI versions this party supports' });
export type VersionList = Static<typeof VersionList>;

/**
 * Endpoint (VER-03). `identifier` accepts custom module IDs as well (VIE custom modules; clients
 * ignore IDs they do not know, VER-05). For `credentials` the role has no meaning (VER-07).
 */
export const Endpoint = Type.Object(
  {
    identifier: Type.Union([ModuleID, OcpiString(255)], {
      description: 'ModuleID of the endpoint (custom module IDs only by agreement)',
    }),
    role: InterfaceRole,
    url: UrlOf({ description: 'URL of the endpoint' }),
  },
  { description: 'One module interface of this version' },
);
export type Endpoint = Static<typeof Endpoint>;

/** VersionDetails (VER-03): the `data` of GET version details. */
export const VersionDetails = Type.Object(
  {
    version: Type.Union([VersionNumber, OcpiString(10)], { description: 'The version number' }),
    endpoints: NonEmptyList(Endpoint, { description: 'Supported endpoints of this version' }),
  },
  { description: 'Endpoints of one OCPI version' },
);
export type VersionDetails = Static<typeof VersionDetails>;
