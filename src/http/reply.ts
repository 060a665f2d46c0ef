import type { FastifyReply } from 'fastify';
import { envelope, envelopeAroundBytes, envelopeAroundJson } from '../core/envelope.js';
import { OcpiStatus } from '../core/status.js';

/** Sends `data` in a success envelope (T-16). */
export function sendOcpi(reply: FastifyReply, data?: unknown, httpStatus = 200): FastifyReply {
  return reply.code(httpStatus).type('application/json').send(JSON.stringify(envelope(data, OcpiStatus.SUCCESS)));
}

/** Sends a payload that is already JSON, as text or encoded (stored objects), in a success envelope. */
export function sendOcpiJson(reply: FastifyReply, dataJson: string | Buffer | undefined, httpStatus = 200): FastifyReply {
  const body = Buffer.isBuffer(dataJson) ? envelopeAroundBytes(dataJson, OcpiStatus.SUCCESS) : envelopeAroundJson(dataJson, OcpiStatus.SUCCESS);
  return reply.code(httpStatus).type('application/json').send(body);
}
