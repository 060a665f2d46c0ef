/**
 * Commands module (mod_commands.asciidoc): the command request objects, CommandResponse,
 * CommandResult and their enums (CMD-13, CMD-14).
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { CiString, DateTimeOf, Enum, List, DisplayText, OcpiInt, Opt, UrlOf } from '../../core/types.js';
import { Token } from '../tokens/schema.js';

/** CommandType (CMD-14): the `{command}` URL segment. */
export const CommandTypeValues = [
  'CANCEL_RESERVATION',
  'RESERVE_NOW',
  'START_SESSION',
  'STOP_SESSION',
  'UNLOCK_CONNECTOR',
] as const;
export const CommandType = Enum(CommandTypeValues, { description: 'Type of command' });
export type CommandType = Static<typeof CommandType>;

/** CommandResponseType (CMD-14): the CPO's synchronous answer. */
export const CommandResponseTypeValues = ['NOT_SUPPORTED', 'REJECTED', 'ACCEPTED', 'UNKNOWN_SESSION'] as const;
export const CommandResponseType = Enum(CommandResponseTypeValues, { description: 'Response of the CPO to a command' });
export type CommandResponseType = Static<typeof CommandResponseType>;

/** CommandResultType (CMD-14): the charge point's asynchronous result. */
export const CommandResultTypeValues = [
  'ACCEPTED',
  'CANCELED_RESERVATION',
  'EVSE_OCCUPIED',
  'EVSE_INOPERATIVE',
  'FAILED',
  'NOT_SUPPORTED',
  'REJECTED',
  'TIMEOUT',
  'UNKNOWN_RESERVATION',
] as const;
export const CommandResultType = Enum(CommandResultTypeValues, { description: 'Result of a command at the charge point' });
export type CommandResultType = Static<typeof CommandResultType>;

const responseUrl = () => UrlOf({ description: 'URL the CommandResult is POSTed to' });

/** CancelReservation (CMD-13). */
export const CancelReservation = Type.Object(
  {
    response_url: responseUrl(),
    reservation_id: CiString(36, { description: 'Id of the reservation to cancel' }),
  },
  { description: 'Request to cancel a reservation' },
);
export type CancelReservation = Static<typeof CancelReservation>;

/** ReserveNow (CMD-13). */
export const ReserveNow = Type.Object(
  {
    response_url: responseUrl(),
    token: Token,
    expiry_date: DateTimeOf({ description: 'When the reservation ends (UTC)' }),
    reservation_id: CiString(36, { description: 'Id of the reservation; the same id at the same location replaces it' }),
    location_id: CiString(36, { description: 'Location.id to reserve an EVSE at' }),
    evse_uid: Opt(CiString(36, { description: 'EVSE.uid to reserve; absent = any EVSE of the location' })),
    authorization_reference: Opt(CiString(36, { description: 'Reference to the authorization by the eMSP' })),
  },
  { description: 'Request to reserve an EVSE for a token' },
);
export type ReserveNow = Static<typeof ReserveNow>;

/** StartSession (CMD-13). `connector_id` requires `evse_uid` (CMD-07; not expressed in the schema). */
export const StartSession = Type.Object(
  {
    response_url: responseUrl(),
    token: Token,
    location_id: CiString(36, { description: 'Location.id to start the session at' }),
    evse_uid: Opt(CiString(36, { description: 'EVSE.uid to start the session at; required with connector_id' })),
    connector_id: Opt(CiString(36, { description: 'Connector.id to start the session at' })),
    authorization_reference: Opt(CiString(36, { description: 'Reference to the authorization by the eMSP' })),
  },
  { description: 'Request to start a session' },
);
export type StartSession = Static<typeof StartSession>;

/** StopSession (CMD-13). */
export const StopSession = Type.Object(
  {
    response_url: responseUrl(),
    session_id: CiString(36, { description: 'Session.id of the session to stop' }),
  },
  { description: 'Request to stop a session' },
);
export type StopSession = Static<typeof StopSession>;

/** UnlockConnector (CMD-13). */
export const UnlockConnector = Type.Object(
  {
    response_url: responseUrl(),
    location_id: CiString(36, { description: 'Location.id of the connector' }),
    evse_uid: CiString(36, { description: 'EVSE.uid of the connector' }),
    connector_id: CiString(36, { description: 'Connector.id to unlock' }),
  },
  { description: 'Request to unlock a connector (help desk use only)' },
);
export type UnlockConnector = Static<typeof UnlockConnector>;

/** The request body schema of each command (CMD-01). */
export const CommandRequest = {
  CANCEL_RESERVATION: CancelReservation,
  RESERVE_NOW: ReserveNow,
  START_SESSION: StartSession,
  STOP_SESSION: StopSession,
  UNLOCK_CONNECTOR: UnlockConnector,
} as const satisfies Record<CommandType, unknown>;

/** The request body type of a command. */
export type CommandRequest<C extends CommandType = CommandType> = Static<(typeof CommandRequest)[C]>;

/** CommandResponse (CMD-02, CMD-13): the `data` of the synchronous answer. */
export const CommandResponse = Type.Object(
  {
    result: CommandResponseType,
    timeout: OcpiInt({ minimum: 0, description: 'Seconds the eMSP should wait for the CommandResult' }),
    message: List(DisplayText),
  },
  { description: 'Synchronous answer of the CPO to a command' },
);
export type CommandResponse = Static<typeof CommandResponse>;

/** CommandResult (CMD-04, CMD-13): the bare body POSTed to `response_url`. */
export const CommandResult = Type.Object(
  {
    result: CommandResultType,
    message: List(DisplayText),
  },
  { description: 'Asynchronous result of a command, POSTed to its response_url' },
);
export type CommandResult = Static<typeof CommandResult>;
