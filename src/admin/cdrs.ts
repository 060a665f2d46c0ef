/**
 * The CPO's own CDRs, fed by an operator whose chargers run on its own CSMS, through the CDRs
 * library API (CpoCdrs.create): a new CDR is queued by the push outbox for the eMSP that owns its
 * token (CDR-06). CDRs are immutable (CDR-01): the same CDR again is a harmless retry, other
 * content under a stored id is refused by the module.
 */
import type { FastifyInstance } from 'fastify';
import type { CdrInput, CpoCdrs } from '../modules/cdrs/cpo.js';
import { CDR } from '../modules/cdrs/schema.js';
import { objectBody, operatorRoute } from './http.js';
import { errors, ModuleInputOf } from './schemas.js';

const CdrBody = ModuleInputOf(
  CDR,
  ['last_updated'],
  'A complete, final CDR of an own CPO party; last_updated defaults to now. Totals are required: evroam never works them out (`evroam tariff price` does, for the operator to put here)',
);

export function registerOwnCdrRoutes(app: FastifyInstance, cdrs: CpoCdrs): void {
  operatorRoute(
    app,
    'POST',
    '/cdrs',
    {
      summary: 'Create an own CDR',
      description: "The eMSP owning the CDR's token gets a POST (CDR-06). 201 when created; 200 when this very CDR was stored before (nothing is sent again).",
      body: CdrBody,
      response: { 200: CDR, 201: CDR, ...errors(400) },
    },
    async (request, reply) => {
      const body = objectBody(request.body);
      const existing = await stored(cdrs, body);
      return reply.code(existing ? 200 : 201).send(await cdrs.create(body as CdrInput));
    },
  );
}

/** The CDR already stored under the body's identity, if the body names one. */
async function stored(cdrs: CpoCdrs, body: Record<string, unknown>): Promise<CDR | undefined> {
  const { country_code: countryCode, party_id: partyId, id } = body;
  if (typeof countryCode !== 'string' || typeof partyId !== 'string' || typeof id !== 'string') return undefined;
  return cdrs.get(countryCode.toUpperCase(), partyId.toUpperCase(), id);
}
