import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseAuthorization } from '../../core/auth-header.js';
import { OcpiError } from '../../core/status.js';
import { sendOcpi } from '../../http/reply.js';
import { ocpiPath } from '../../http/routes.js';
import { interfacePath } from '../versions/interfaces.js';
import type { AuthenticatedPartner } from './partner-store.js';
import { Credentials } from './schema.js';
import { assertMayRegister, assertRegistered } from './service.js';
import type { CredentialsService } from './service.js';

/** The credentials endpoint (CRED-11..CRED-16): GET, POST, PUT, DELETE; PATCH is 405. */
export function registerCredentials(app: FastifyInstance, service: CredentialsService): void {
  const caller = (request: FastifyRequest) => {
    if (!request.ocpi) throw OcpiError.unauthorized();
    return request.ocpi;
  };
  const ctx = (request: FastifyRequest) => ({ correlationId: request.correlationId });
  // 405 depends on the registration state only, so it is decided before the body is validated.
  const refuseUnless = (allowed: (caller: AuthenticatedPartner) => void) => async (request: FastifyRequest) => allowed(caller(request));

  ocpiPath(app, interfacePath('credentials'), 'ocpi-registration', {
    GET: {
      handler: async (request, reply) => {
        const presented = parseAuthorization(request.headers.authorization)!;
        return sendOcpi(reply, service.get(caller(request), presented.decoded ?? presented.raw));
      },
    },
    POST: {
      options: { schema: { body: Credentials }, preValidation: refuseUnless(assertMayRegister) },
      handler: async (request, reply) => sendOcpi(reply, await service.register(caller(request), request.body as Credentials, ctx(request))),
    },
    PUT: {
      options: { schema: { body: Credentials }, preValidation: refuseUnless(assertRegistered) },
      handler: async (request, reply) => sendOcpi(reply, await service.update(caller(request), request.body as Credentials, ctx(request))),
    },
    DELETE: {
      handler: async (request, reply) => {
        await service.unregister(caller(request), ctx(request));
        return sendOcpi(reply);
      },
    },
  });
}
