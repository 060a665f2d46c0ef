/**
 * Asynchronous requests — commands and charging profile requests — on both sides: as RECEIVER
 * (the CPO waits for its charger, then POSTs the result to the response_url) and as SENDER (the
 * eMSP waits for that POST). One row per request, so nothing is lost across a restart.
 */
export type AsyncRequestSide = 'RECEIVER' | 'SENDER';

/**
 * RECEIVER: WAITING (charger asked) → DELIVERING (result known) → DELIVERED | UNDELIVERED;
 * TIMED_OUT when there is nothing to deliver on a timeout (charging profiles have no TIMEOUT result).
 * SENDER: SENDING → AWAITING_RESULT → RESULT | TIMEOUT; ANSWERED when the synchronous answer was
 * not ACCEPTED (no result will come); SEND_FAILED when the request never got an answer.
 */
export type AsyncRequestState =
  | 'WAITING'
  | 'DELIVERING'
  | 'DELIVERED'
  | 'UNDELIVERED'
  | 'TIMED_OUT'
  | 'SENDING'
  | 'AWAITING_RESULT'
  | 'RESULT'
  | 'TIMEOUT'
  | 'ANSWERED'
  | 'SEND_FAILED';

export interface AsyncRequestsTable {
  id: string;
  /** `commands` or `chargingprofiles`. */
  module: string;
  side: AsyncRequestSide;
  /** CommandType, or the charging profile request (GET, PUT, DELETE). */
  kind: string;
  partner_id: string;
  own_country_code: string;
  own_party_id: string;
  partner_country_code: string;
  partner_party_id: string;
  /** What the request is about, for look-ups: a session_id or location_id. */
  subject: string | null;
  /** JSON: the request as sent or received. */
  request: string;
  response_url: string;
  /** JSON: the synchronous answer (CommandResponse, ChargingProfileResponse). */
  response: string | null;
  /** JSON: the asynchronous result (CommandResult, …). */
  result: string | null;
  state: AsyncRequestState;
  /** Sortable ISO timestamp after which the request times out. */
  deadline_at: string | null;
  /** Why a send or delivery failed, for operators. */
  error: string | null;
  created_at: string;
  updated_at: string;
}

export interface AsyncRequestTables {
  async_requests: AsyncRequestsTable;
}
