/**
 * The OpenAPI document, generated from the same TypeBox schemas the routes validate with, served
 * at /openapi.json. Registered before any route so every route is seen.
 */
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

export async function registerOpenApi(app: FastifyInstance, publicUrl: string, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'evroam OCPI 2.2.1',
        version,
        description:
          'OCPI 2.2.1 interfaces of this evroam node. Every OCPI answer is wrapped in the envelope ' +
          '{data, status_code, status_message, timestamp}. Authorization: `Token <base64(credentials token)>`. ' +
          'The operator API (tag `operator`, under /admin/v1, served when admin.token is set) answers plain JSON ' +
          'and takes `Authorization: Bearer <admin.token>`.',
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          ocpiToken: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Token <base64(token)>' },
          operatorBearer: { type: 'http', scheme: 'bearer', description: 'The operator API credential: admin.token (EVROAM_ADMIN_TOKEN)' },
        },
      },
      tags: [{ name: 'operator', description: "The operator API: manage this node's own data, send commands, inspect partners and the outbox" }],
      security: [{ ocpiToken: [] }],
    },
    // 405 stand-ins are not part of the API.
    hiddenTag: 'hidden',
  });
  app.get('/openapi.json', { config: { auth: 'none' }, schema: { hide: true } as object }, async () => app.swagger());
}
