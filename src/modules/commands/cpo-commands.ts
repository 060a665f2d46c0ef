/**
 * The CPO's Commands Receiver logic (CMD-01..CMD-11): check a command, answer it synchronously with
 * a CommandResponse, and — when ACCEPTED — hand it to the charger; the charger's answer (or TIMEOUT)
 * goes to the response_url through the AsyncReceiver.
 */
import { randomUUID } from 'node:crypto';
import { chargePointsOf } from '../../chargepoint/attach.js';
import type { ChargingToken, CommandOutcome } from '../../chargepoint/port.js';
import { parseDateTime } from '../../core/datetime.js';
import { OcpiError, OcpiStatus } from '../../core/status.js';
import { validateOrThrow } from '../../core/validation.js';
import type { PartyKey } from '../credentials/partner.js';
import type { Location } from '../locations/schema.js';
import type { NodeContext } from '../module.js';
import { assertResponseUrl } from '../shared/response-url.js';
import type { Token } from '../tokens/schema.js';
import type { AsyncReceiver } from './async-receiver.js';
import type { AsyncRequestStore } from './async-store.js';
import type { CpoDirectory } from './directory.js';
import { requesterIs } from './parties.js';
import type { RequestParties } from './parties.js';
import { CommandRequest } from './schema.js';
import type {
  CancelReservation,
  CommandResponse,
  CommandResult,
  CommandType,
  ReserveNow,
  StartSession,
  StopSession,
  UnlockConnector,
} from './schema.js';

export interface CpoCommandSettings {
  /** How long the charger gets; CommandResponse.timeout announces it, rounded up to whole seconds. */
  timeoutMs: number;
}

/** A decision on a command: the synchronous answer, and for ACCEPTED what to ask the charger. */
interface Decision {
  response: CommandResponse;
  ask?: () => Promise<CommandResult>;
  subject?: string;
}

export class CpoCommands {
  constructor(
    private readonly ctx: NodeContext,
    private readonly store: AsyncRequestStore,
    private readonly receiver: AsyncReceiver,
    private readonly directory: () => CpoDirectory,
    readonly settings: CpoCommandSettings,
  ) {}

  /** Handles one POST {commands_url}/{command}; returns the CommandResponse to send. */
  async handle(command: CommandType, body: unknown, parties: RequestParties): Promise<CommandResponse> {
    const decision = await this.decide(command, body, parties);
    if (!decision.ask) return decision.response;
    const request = body as { response_url: string };
    await this.receiver.accept(
      {
        id: randomUUID(),
        module: 'commands',
        kind: command,
        partner_id: parties.partner.id,
        own_country_code: parties.own.countryCode,
        own_party_id: parties.own.partyId,
        partner_country_code: parties.from.countryCode,
        partner_party_id: parties.from.partyId,
        subject: decision.subject ?? null,
        request: JSON.stringify(body),
        response_url: request.response_url,
        deadline_at: new Date(Date.now() + this.settings.timeoutMs).toISOString(),
      },
      decision.ask,
    );
    return decision.response;
  }

  /**
   * CMD-10: the CPO canceled a reservation on its own; the eMSP hears CANCELED_RESERVATION on the
   * response_url of the RESERVE_NOW that made it.
   */
  async reservationCanceled(chargerReservationId: string): Promise<void> {
    const reserve = await this.store.latest('RECEIVER', 'RESERVE_NOW', chargerReservationId);
    if (!reserve) return;
    await this.receiver.sendLater(reserve, { result: 'CANCELED_RESERVATION' } satisfies CommandResult);
  }

  private async decide(command: CommandType, body: unknown, parties: RequestParties): Promise<Decision> {
    switch (command) {
      case 'START_SESSION':
        return this.startSession(this.valid(command, body, parties), parties);
      case 'STOP_SESSION':
        return this.stopSession(this.valid(command, body, parties), parties);
      case 'RESERVE_NOW':
        return this.reserveNow(this.valid(command, body, parties), parties);
      case 'CANCEL_RESERVATION':
        return this.cancelReservation(this.valid(command, body, parties), parties);
      case 'UNLOCK_CONNECTOR':
        return this.unlockConnector(this.valid(command, body, parties), parties);
    }
  }

  /**
   * The command's object, checked before anything is decided: its schema, then its response_url,
   * which this node will POST to (a refused one is 2001 with a REJECTED CommandResponse, as CMD-03).
   */
  private valid<C extends CommandType>(command: C, body: unknown, parties: RequestParties): CommandRequest<C> {
    const request = validateOrThrow(CommandRequest[command], body, command);
    const refusal: CommandResponse = { result: 'REJECTED', timeout: 0 };
    assertResponseUrl(this.ctx, parties.partner, request.response_url, refusal);
    return request;
  }

  private async startSession(body: StartSession, parties: RequestParties): Promise<Decision> {
    // CMD-07: connector_id names a connector of an EVSE, so it needs the EVSE.
    if (body.connector_id != null && body.evse_uid == null) throw OcpiError.invalid('Invalid START_SESSION: evse_uid: is required when connector_id is given');
    const location = await this.requireLocation(parties.own, body.location_id);
    const evse = location.evses?.find((e) => body.evse_uid != null && e.uid.toUpperCase() === body.evse_uid.toUpperCase());
    if (body.connector_id == null && evse?.capabilities?.includes('START_SESSION_CONNECTOR_REQUIRED')) {
      throw OcpiError.invalid(`Invalid START_SESSION: connector_id: is required, EVSE ${evse.uid} has START_SESSION_CONNECTOR_REQUIRED`);
    }
    const refusal = this.foreignToken(body.token, parties);
    if (refusal) return refusal;
    const action = {
      locationId: body.location_id,
      token: chargingToken(body.token),
      ...(body.evse_uid != null ? { evseUid: body.evse_uid } : {}),
      ...(body.connector_id != null ? { connectorId: body.connector_id } : {}),
      ...(body.authorization_reference != null ? { authorizationReference: body.authorization_reference } : {}),
    };
    return this.accepted(body.location_id, async () => commandResult((await chargePointsOf(this.ctx).startSession(action)).result));
  }

  private async stopSession(body: StopSession, parties: RequestParties): Promise<Decision> {
    const session = await this.directory().findSession(parties.own, body.session_id);
    if (!session) return refused('UNKNOWN_SESSION', `Session ${body.session_id} is not known`);
    // CMD-03: only the eMSP whose token runs the session may stop it.
    if (!requesterIs(parties, session.token.countryCode, session.token.partyId)) {
      return refused('REJECTED', 'The session is not one of a token of the requesting party');
    }
    return this.accepted(body.session_id, async () => commandResult(await chargePointsOf(this.ctx).stopSession(session.sessionId)));
  }

  private async reserveNow(body: ReserveNow, parties: RequestParties): Promise<Decision> {
    await this.requireLocation(parties.own, body.location_id);
    const refusal = this.foreignToken(body.token, parties);
    if (refusal) return refusal;
    const action = {
      reservationId: chargerReservationId(parties, body.reservation_id),
      locationId: body.location_id,
      token: chargingToken(body.token),
      // The schema checked the DateTime form, so it parses.
      expiresAt: parseDateTime(body.expiry_date)!,
      ...(body.evse_uid != null ? { evseUid: body.evse_uid } : {}),
      ...(body.authorization_reference != null ? { authorizationReference: body.authorization_reference } : {}),
    };
    return this.accepted(action.reservationId, async () => commandResult(await chargePointsOf(this.ctx).reserveNow(action)));
  }

  private async cancelReservation(body: CancelReservation, parties: RequestParties): Promise<Decision> {
    const reservationId = chargerReservationId(parties, body.reservation_id);
    return this.accepted(reservationId, async () => commandResult(await chargePointsOf(this.ctx).cancelReservation(reservationId)));
  }

  private async unlockConnector(body: UnlockConnector, parties: RequestParties): Promise<Decision> {
    await this.requireLocation(parties.own, body.location_id);
    const connector = { locationId: body.location_id, evseUid: body.evse_uid, connectorId: body.connector_id };
    return this.accepted(body.location_id, async () => commandResult(await chargePointsOf(this.ctx).unlockConnector(connector)));
  }

  /** CMD-03 (PROJECT): an unknown Location is HTTP 404, 2003, with a REJECTED CommandResponse. */
  private async requireLocation(own: PartyKey, locationId: string): Promise<Location> {
    const location = await this.directory().findLocation(own, locationId);
    if (location) return location;
    const data: CommandResponse = { result: 'REJECTED', timeout: 0 };
    throw new OcpiError(OcpiStatus.UNKNOWN_LOCATION, `Unknown location_id ${locationId}`, 404, data);
  }

  /** CMD-08 (PROJECT): a token of another party than the requesting eMSP's is REJECTED. */
  private foreignToken(token: Token, parties: RequestParties): Decision | undefined {
    if (requesterIs(parties, token.country_code, token.party_id)) return undefined;
    return refused('REJECTED', 'token: belongs to another party than the requesting one');
  }

  private accepted(subject: string, ask: () => Promise<CommandResult>): Decision {
    return { response: { result: 'ACCEPTED', timeout: Math.ceil(this.settings.timeoutMs / 1000) }, ask, subject };
  }
}

function refused(result: CommandResponse['result'], text: string): Decision {
  return { response: { result, timeout: 0, message: [{ language: 'en', text }] } };
}

function commandResult(outcome: CommandOutcome): CommandResult {
  return { result: outcome };
}

function chargingToken(token: Token): ChargingToken {
  return { countryCode: token.country_code, partyId: token.party_id, uid: token.uid, type: token.type, contractId: token.contract_id };
}

/**
 * CMD-09: the eMSP's reservation_id never reaches the charger as-is; prefixed with the partner
 * connection and the requesting party it cannot touch another eMSP's reservation, and the same
 * reservation_id from the same party maps to the same charger reservation (replace, cancel).
 */
function chargerReservationId(parties: RequestParties, reservationId: string): string {
  return `${parties.partner.id}/${parties.from.countryCode}/${parties.from.partyId}/${reservationId.toUpperCase()}`;
}
