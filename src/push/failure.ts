/**
 * What a failed push means for the row. The partner is outside our control; the only question is
 * whether trying again can help.
 * - refused: the partner's OCPI layer answered 2xxx (a client error on our content: invalid
 *   object, unknown location for an EVSE PATCH …). The same bytes will be refused again, so the row
 *   goes dead at once with the reason, visible to the operator; a later PUT of the object
 *   supersedes it, or the operator replays it once the cause is fixed.
 * - retry: everything else — no answer, HTTP 401/403/429/5xx, no envelope, OCPI 3xxx/4xxx (server
 *   or hub trouble). The partner as a whole is backed off, honouring Retry-After.
 */
import { OcpiClientError, OcpiResponseError, OcpiStatusError } from '../client/errors.js';

export type FailureKind = 'refused' | 'retry';

export interface PushFailure {
  kind: FailureKind;
  /** One line for last_error and the logs. */
  message: string;
  retryAfterMs?: number;
  httpStatus?: number;
  requestId?: string;
}

export function classifyFailure(error: unknown): PushFailure {
  if (!(error instanceof OcpiClientError)) {
    return { kind: 'retry', message: error instanceof Error ? error.message : String(error) };
  }
  const failure: PushFailure = { kind: 'retry', message: error.message, requestId: error.requestId };
  if (error instanceof OcpiResponseError) {
    failure.httpStatus = error.httpStatus;
    if (error.retryAfterMs !== undefined) failure.retryAfterMs = error.retryAfterMs;
  }
  if (error instanceof OcpiStatusError && error.statusCode >= 2000 && error.statusCode < 3000) failure.kind = 'refused';
  return failure;
}
