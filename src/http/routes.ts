import type { FastifyInstance, RouteHandlerMethod, RouteShorthandOptions } from 'fastify';
import { OcpiError } from '../core/status.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export type AuthMode = 'ocpi' | 'ocpi-registration' | 'admin' | 'none';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** ocpi: a registered partner's token; ocpi-registration: token A allowed too (T-05). */
    auth?: AuthMode;
  }
}

export interface RouteSpec {
  handler: RouteHandlerMethod<any, any, any, any, any, any, any, any>;
  options?: RouteShorthandOptions<any, any, any, any, any, any, any, any>;
}

/**
 * Registers an OCPI path with the methods its interface offers; every other method answers 405
 * with the envelope (T-08), after authentication like any other request.
 */
export function ocpiPath(
  app: FastifyInstance,
  url: string,
  auth: AuthMode,
  methods: Partial<Record<HttpMethod, RouteSpec>>,
): void {
  for (const method of METHODS) {
    const spec = methods[method];
    if (spec) {
      app.route({ method, url, ...(spec.options ?? {}), config: { ...(spec.options?.config ?? {}), auth }, handler: spec.handler });
    } else {
      app.route({
        method,
        url,
        config: { auth },
        schema: { hide: true } as object,
        handler: async () => {
          throw OcpiError.methodNotAllowed(`${method} is not offered on this endpoint`);
        },
      });
    }
  }
}
