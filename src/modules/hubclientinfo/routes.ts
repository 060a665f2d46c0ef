/**
 * The hubclientinfo Receiver `{url}/{country_code}/{party_id}`: GET and PUT (HUB-01). A
 * configuration module: no routing headers are read or sent (T-24). Only a partner that registered
 * the HUB role may push ClientInfo (HUB-05); each hub sees only what it pushed.
 */
import type { FastifyInstance } from 'fastify';
import { OcpiError } from '../../core/status.js';
import { CISTRING_PATTERN } from '../../core/types.js';
import { validateOrThrow } from '../../core/validation.js';
import { sendOcpi, sendOcpiJson } from '../../http/reply.js';
import { ocpiPath } from '../../http/routes.js';
import { interfacePath } from '../versions/interfaces.js';
import { ClientInfo } from './schema.js';
import type { HubClientInfoStore } from './store.js';

const CISTRING = new RegExp(CISTRING_PATTERN);

interface PartyParams {
  country_code: string;
  party_id: string;
}

function partyParams(params: PartyParams): PartyParams {
  const check = (name: keyof PartyParams, max: number) => {
    const value = params[name];
    if (value.length > max || !CISTRING.test(value)) throw OcpiError.invalid(`${name}: must be a CiString of at most ${max} characters`);
    return value.toUpperCase();
  };
  return { country_code: check('country_code', 2), party_id: check('party_id', 3) };
}

export function registerHubClientInfoRoutes(app: FastifyInstance, store: HubClientInfoStore): void {
  ocpiPath(app, `${interfacePath('hubclientinfo')}/:country_code/:party_id`, 'ocpi', {
    GET: {
      handler: async (request, reply) => {
        const party = partyParams(request.params as PartyParams);
        const json = await store.getJson(request.ocpi!.partner.id, party.country_code, party.party_id);
        if (json === undefined) throw OcpiError.notFound(`No ClientInfo for ${party.country_code}/${party.party_id}`);
        return sendOcpiJson(reply, json);
      },
    },
    PUT: {
      handler: async (request, reply) => {
        const partner = request.ocpi!.partner;
        if (!partner.roles.some((r) => r.role === 'HUB')) {
          throw OcpiError.notFound('hubclientinfo: only a partner registered as HUB pushes ClientInfo');
        }
        const party = partyParams(request.params as PartyParams);
        const info = validateOrThrow(ClientInfo, request.body, 'ClientInfo');
        // T-30: the body names the party of the URL.
        if (info.country_code.toUpperCase() !== party.country_code) throw OcpiError.invalid(`country_code: must equal the country_code in the URL (${party.country_code})`);
        if (info.party_id.toUpperCase() !== party.party_id) throw OcpiError.invalid(`party_id: must equal the party_id in the URL (${party.party_id})`);
        const created = await store.put(partner.id, info);
        return sendOcpi(reply, undefined, created ? 201 : 200);
      },
    },
  });
}
