/** The outbound OCPI client: everything evroam sends to partners goes through here. */
export { OcpiClient } from './ocpi-client.js';
export type {
  ClientLogger,
  DataOf,
  HttpMethod,
  ModuleName,
  OcpiClientOptions,
  OcpiRequest,
  OcpiResult,
  RequestOptions,
} from './ocpi-client.js';
export { OcpiListing, lowerOffset } from './listing.js';
export type { InvalidListObject, ListOptions, ListProgress } from './listing.js';
export { negotiateVersion, selectVersion, SUPPORTED_VERSIONS } from './negotiation.js';
export type { NegotiatedVersion, NegotiateOptions } from './negotiation.js';
export { PartnerEndpoints } from './endpoints.js';
export {
  OcpiClientError,
  OcpiHttpError,
  OcpiInvalidResponseError,
  OcpiMissingEndpointError,
  OcpiResponseError,
  OcpiStatusError,
  OcpiTransportError,
  OcpiUnsupportedVersionError,
} from './errors.js';
export type { HttpFailure, RequestIdentity, ResponseFacts, TransportFailure } from './errors.js';
export { usesRouting } from './headers.js';
export type { Party, Routing } from './headers.js';
export { parseRetryAfter } from './response.js';
export { joinUrl, withQuery } from './url.js';
export type { QueryValue } from './url.js';
