/**
 * Endpoints for operators and orchestrators, outside OCPI: liveness/readiness.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Storage } from '../storage/database.js';

export function registerOperational(app: FastifyInstance, deps: { storage: Storage }): void {
  app.get('/health', { config: { auth: 'none' } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(deps.storage.db);
      return reply.send({ status: 'ok', database: deps.storage.dialect });
    } catch (error) {
      return reply.code(503).send({ status: 'unavailable', reason: (error as Error).message });
    }
  });
}
