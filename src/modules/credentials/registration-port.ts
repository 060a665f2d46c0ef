/**
 * What the credentials lifecycle needs from the outbound client. Kept narrow so the lifecycle
 * reads as the spec's sequence diagrams and can be tested against real peers over HTTP.
 */
import type { Endpoint } from '../versions/schema.js';
import type { Credentials } from './schema.js';

export interface CallOptions {
  token: string;
  legacyPlainToken: boolean;
  correlationId?: string;
}

export interface NegotiatedVersion {
  version: string;
  endpoints: Endpoint[];
}

export interface RegistrationPort {
  /** GET versions, pick the highest mutual version, GET its details (CRED-05 steps 1-2). */
  negotiate(versionsUrl: string, options: CallOptions): Promise<NegotiatedVersion>;
  /** POST/PUT our Credentials to the partner's credentials endpoint; returns theirs. */
  sendCredentials(method: 'POST' | 'PUT', url: string, credentials: Credentials, options: CallOptions): Promise<Credentials>;
  /** DELETE on the partner's credentials endpoint (unregister). */
  deleteCredentials(url: string, options: CallOptions): Promise<void>;
}

/** Why a partner's API could not be used (→ 3001/3002/3003 to the caller, CRED-09, CRED-10). */
export class PartnerApiError extends Error {
  constructor(
    readonly statusCode: 3001 | 3002 | 3003,
    message: string,
  ) {
    super(message);
    this.name = 'PartnerApiError';
  }
}
