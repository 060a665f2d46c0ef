import type { FastifyReply } from 'fastify';
import { envelope, envelopeAroundJson } from '../core/envelope.js';
import { OcpiStatus } from '../core/status.js';

/** Sends `data` in a success envelope (T-16). */
export function sendOcpi(reply: FastifyReply, data?: unknown, httpStatus = 200): FastifyReply {
  return reply.code(httpStatus).type('application/json').send(JSON.stringify(envelope(data, OcpiStatus.SUCCESS)));
}

/** Sends a payload that is already JSON text (stored objects) in a success envelope. */
export function sendOcpiJson(reply: FastifyReply, dataJson: string | undefined, httpStatus = 200): FastifyReply {
  return reply.code(httpStatus).type('application/json').send(envelopeAroundJson(dataJson, OcpiStatus.SUCCESS));
}
