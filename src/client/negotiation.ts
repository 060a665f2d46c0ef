/**
 * Version negotiation (CRED-05 steps 1-2, VER-09): GET the partner's versions, pick the highest
 * version both sides speak, GET its details. Entries that do not parse are skipped rather than
 * failing the whole document: a malformed entry for a version evroam would not pick anyway must not
 * block a registration.
 */
import { compileValidator } from '../core/validation.js';
import { Endpoint, Version } from '../modules/versions/schema.js';
import { PartnerEndpoints } from './endpoints.js';
import { OcpiInvalidResponseError, OcpiUnsupportedVersionError } from './errors.js';
import { newMessageId } from './headers.js';
import type { OcpiClient, OcpiResult } from './ocpi-client.js';

/** The versions evroam speaks, highest first. */
export const SUPPORTED_VERSIONS: readonly string[] = ['2.2.1'];

export interface NegotiateOptions {
  /** Keeps the GETs in the chain of an incoming credentials POST/PUT (T-22). */
  correlationId?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** The versions to accept, highest first; default SUPPORTED_VERSIONS. */
  supported?: readonly string[];
}

export interface NegotiatedVersion {
  version: string;
  /** The partner's details URL of that version. */
  detailsUrl: string;
  /** Every well-formed endpoint the partner listed, custom modules included. */
  endpointList: Endpoint[];
  endpoints: PartnerEndpoints;
}

const versionValidator = compileValidator(Version);
const endpointValidator = compileValidator(Endpoint);

export async function negotiateVersion(
  client: OcpiClient,
  versionsUrl: string,
  options: NegotiateOptions = {},
): Promise<NegotiatedVersion> {
  const request = {
    correlationId: options.correlationId ?? newMessageId(),
    signal: options.signal,
    timeoutMs: options.timeoutMs,
  };
  const versions = await client.get('versions', versionsUrl, request);
  const chosen = selectVersion(versionList(versions), options.supported ?? SUPPORTED_VERSIONS);
  const details = await client.get('versions', chosen.url, request);
  const endpointList = endpointsOf(details);
  return { version: chosen.version, detailsUrl: chosen.url, endpointList, endpoints: new PartnerEndpoints(endpointList) };
}

/** The highest of `supported` (highest first) that the partner offers, else 3002's error. */
export function selectVersion(offered: readonly Version[], supported: readonly string[]): Version {
  for (const version of supported) {
    const match = offered.find((entry) => entry.version === version);
    if (match) return match;
  }
  throw new OcpiUnsupportedVersionError(
    offered.map((entry) => entry.version),
    supported,
  );
}

function versionList(result: OcpiResult): Version[] {
  const data = result.envelope.data;
  if (!Array.isArray(data)) throw invalidData(result, 'data', 'must be a list of versions');
  return data.filter((entry): entry is Version => versionValidator.check(entry));
}

function endpointsOf(result: OcpiResult): Endpoint[] {
  const data = result.envelope.data as { endpoints?: unknown } | null | undefined;
  const endpoints = typeof data === 'object' && data !== null ? data.endpoints : undefined;
  if (!Array.isArray(endpoints)) throw invalidData(result, 'data.endpoints', 'must be a list of endpoints');
  return endpoints.filter((entry): entry is Endpoint => endpointValidator.check(entry));
}

function invalidData(result: OcpiResult, path: string, problem: string): OcpiInvalidResponseError {
  return new OcpiInvalidResponseError(result, result, path, problem);
}
