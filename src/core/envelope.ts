import { formatDateTime } from './datetime.js';

/** The OCPI response envelope (T-16..T-19). */
export interface OcpiResponse<T = unknown> {
  data?: T;
  status_code: number;
  status_message?: string;
  timestamp: string;
}

let lastMillis = -1;
let lastText = '';

/** Now as an OCPI DateTime; formatted at most once per millisecond (it is on every response). */
export function ocpiNow(): string {
  const millis = Date.now();
  if (millis !== lastMillis) {
    lastMillis = millis;
    lastText = formatDateTime(new Date(millis));
  }
  return lastText;
}

export function envelope<T>(data: T | undefined, statusCode = 1000, statusMessage?: string): OcpiResponse<T> {
  const body: OcpiResponse<T> = { status_code: statusCode, timestamp: ocpiNow() };
  if (data !== undefined) body.data = data;
  if (statusMessage !== undefined) body.status_message = statusMessage;
  return body;
}

/**
 * The envelope around a payload that is already serialized JSON. Lists of stored objects are kept
 * as JSON text, so a page is assembled without parsing and re-serializing every object.
 */
export function envelopeAroundJson(dataJson: string | undefined, statusCode = 1000, statusMessage?: string): string {
  const data = dataJson === undefined ? '' : `,"data":${dataJson}`;
  return `${envelopeHead(statusCode, statusMessage)}${data}}`;
}

const CLOSE = Buffer.from('}');

/**
 * The envelope around a payload that is already encoded JSON (a cached page): the payload's bytes
 * are copied once, never decoded or re-encoded.
 */
export function envelopeAroundBytes(dataJson: Buffer, statusCode = 1000, statusMessage?: string): Buffer {
  const head = Buffer.from(`${envelopeHead(statusCode, statusMessage)},"data":`);
  return Buffer.concat([head, dataJson, CLOSE], head.length + dataJson.length + 1);
}

function envelopeHead(statusCode: number, statusMessage: string | undefined): string {
  const message = statusMessage === undefined ? '' : `,"status_message":${JSON.stringify(statusMessage)}`;
  return `{"status_code":${statusCode}${message},"timestamp":"${ocpiNow()}"`;
}
