import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseAuthorization } from '../../core/auth-header.js';
import { OcpiError } from '../../core/status.js';
import { sendOcpi } from '../../http/reply.js';
import { ocpiPath } from '../../http/routes.js';
import { interfacePath } from '../versions/interfaces.js';
import { Credentials } from './schema.js';
import type { CredentialsService } from './service.js';

/** The credentials endpoint (CRED-11..CRED-16): GET, POST, PUT, DELETE; PATCH is 405. */
export function registerCredentials(app: FastifyInstance, service: CredentialsService): void {
  const caller = (request: FastifyRequest) => {
    if (!request.ocpi) throw OcpiError.unauthorized();
    return request.ocpi;
  };
  const ctx = (request: FastifyRequest) => ({ correlationId: request.correlationId });

  ocpiPath(app, interfacePath('credentials'), 'ocpi-registration', {
    GET: {
      handler: async (request, reply) => {
        const presented = parseAuthorization(request.headers.authorization)!;
        return sendOcpi(reply, service.get(caller(request), presented.decoded ?? presented.raw));
      },
    },
    POST: {
      options: { schema: { body: Credentials } },
      handler: async (request, reply) => sendOcpi(reply, await service.register(caller(request), request.body as Credentials, ctx(request))),
    },
    PUT: {
      options: { schema: { body: Credentials } },
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
