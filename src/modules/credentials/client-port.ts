/**
 * The registration port over the outbound OCPI client: versions/details negotiation and the
 * credentials calls, with the client's errors mapped to the OCPI codes the credentials module
 * answers with (3001 unusable API, 3002 no mutual version, 3003 missing endpoints).
 */
import type { Logger } from 'pino';
import { OcpiMissingEndpointError, OcpiUnsupportedVersionError } from '../../client/errors.js';
import { negotiateVersion } from '../../client/negotiation.js';
import { OcpiClient } from '../../client/ocpi-client.js';
import { Credentials } from './schema.js';
import { PartnerApiError } from './registration-port.js';
import type { CallOptions, NegotiatedVersion, RegistrationPort } from './registration-port.js';

export class ClientRegistrationPort implements RegistrationPort {
  constructor(private readonly options: { timeoutMs: number; logger: Logger }) {}

  private client(call: CallOptions): OcpiClient {
    return new OcpiClient({ token: call.token, legacyPlainToken: call.legacyPlainToken, timeoutMs: this.options.timeoutMs, logger: this.options.logger });
  }

  async negotiate(versionsUrl: string, call: CallOptions): Promise<NegotiatedVersion> {
    try {
      const negotiated = await negotiateVersion(this.client(call), versionsUrl, call.correlationId ? { correlationId: call.correlationId } : {});
      return { version: negotiated.version, endpoints: negotiated.endpointList };
    } catch (error) {
      throw mapError(error);
    }
  }

  async sendCredentials(method: 'POST' | 'PUT', url: string, credentials: Credentials, call: CallOptions): Promise<Credentials> {
    const client = this.client(call);
    const options = { schema: Credentials, ...(call.correlationId ? { correlationId: call.correlationId } : {}) };
    const result = method === 'POST' ? await client.post('credentials', url, credentials, options) : await client.put('credentials', url, credentials, options);
    if (!result.envelope.data) throw new PartnerApiError(3001, `the partner answered the credentials ${method} without a Credentials object`);
    return result.envelope.data;
  }

  async deleteCredentials(url: string, call: CallOptions): Promise<void> {
    await this.client(call).delete('credentials', url, call.correlationId ? { correlationId: call.correlationId } : {});
  }
}

function mapError(error: unknown): Error {
  if (error instanceof OcpiUnsupportedVersionError) return new PartnerApiError(3002, error.message);
  if (error instanceof OcpiMissingEndpointError) return new PartnerApiError(3003, error.message);
  if (error instanceof PartnerApiError) return error;
  return new PartnerApiError(3001, `Unable to use the client's API: ${error instanceof Error ? error.message : String(error)}`);
}
