/**
 * OCPI status codes (status_codes.asciidoc) and the error type that carries one.
 *
 * Two layers: the HTTP status (transport) and the OCPI status_code in the envelope (content).
 * The spec says a request that is valid JSON, addresses an existing resource and comes from an
 * authenticated, authorized sender has reached the OCPI layer and MUST NOT get an HTTP error
 * status (ST-03). So semantic errors (2001 on a bad field) travel with HTTP 200; only the transport
 * layer (malformed JSON, authentication, unknown resource, method) uses HTTP error statuses.
 */
export const OcpiStatus = {
  SUCCESS: 1000,
  CLIENT_ERROR: 2000,
  INVALID_PARAMETERS: 2001,
  NOT_ENOUGH_INFORMATION: 2002,
  UNKNOWN_LOCATION: 2003,
  UNKNOWN_TOKEN: 2004,
  SERVER_ERROR: 3000,
  CLIENT_API_UNUSABLE: 3001,
  UNSUPPORTED_VERSION: 3002,
  NO_MATCHING_ENDPOINTS: 3003,
  HUB_ERROR: 4000,
  HUB_UNKNOWN_RECEIVER: 4001,
  HUB_TIMEOUT: 4002,
  HUB_RECEIVER_NOT_CONNECTED: 4003,
} as const;
export type OcpiStatusCode = number;

export function isSuccess(code: number): boolean {
  return code >= 1000 && code < 2000;
}

/** HTTP status for a request that reached the OCPI layer but was refused on content (ST-03). */
export const SEMANTIC_ERROR_HTTP_STATUS = 200;

/**
 * An error that ends a request with an OCPI envelope. `httpStatus` is the transport layer,
 * `statusCode` the OCPI layer; `message` goes to status_message and must never hold internals.
 */
export class OcpiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly httpStatus: number = SEMANTIC_ERROR_HTTP_STATUS,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'OcpiError';
  }

  /** 2001 on a field or parameter, naming it (HTTP 200, ST-03). */
  static invalid(message: string, data?: unknown): OcpiError {
    return new OcpiError(OcpiStatus.INVALID_PARAMETERS, message, SEMANTIC_ERROR_HTTP_STATUS, data);
  }

  /** Malformed JSON: the transport layer never produced a JSON value (ST-02). */
  static malformedJson(message: string): OcpiError {
    return new OcpiError(OcpiStatus.INVALID_PARAMETERS, message, 400);
  }

  /** Missing, malformed or unknown credentials token (T-04). */
  static unauthorized(message = 'Unauthorized: missing or unknown credentials token'): OcpiError {
    return new OcpiError(OcpiStatus.CLIENT_ERROR, message, 401);
  }

  /** An object that does not exist, or that the caller may not see (ST-04, T-29). */
  static notFound(message: string, statusCode: number = OcpiStatus.INVALID_PARAMETERS): OcpiError {
    return new OcpiError(statusCode, message, 404);
  }

  /** A method the interface does not offer on an existing path (T-08, CRED-11/14/15). */
  static methodNotAllowed(message: string): OcpiError {
    return new OcpiError(OcpiStatus.CLIENT_ERROR, message, 405);
  }

  static serverError(message = 'Internal server error'): OcpiError {
    return new OcpiError(OcpiStatus.SERVER_ERROR, message, 500);
  }
}
