/**
 * The eMSP side of Commands: a library API that sends a command to a CPO (CMD-06: every command gets
 * its own response_url under this node's commands SENDER endpoint) and the stored outcome, which
 * the CommandResult POSTed by the CPO — or a local TIMEOUT — completes.
 */
import { randomUUID } from 'node:crypto';
import { OcpiMissingEndpointError, OcpiStatusError, joinUrl } from '../../client/index.js';
import { compileValidator, firstErrorMessage } from '../../core/validation.js';
import { partnerEndpoint } from '../credentials/partner.js';
import type { PartyKey } from '../credentials/partner.js';
import type { NodeContext } from '../module.js';
import { interfacePath } from '../versions/interfaces.js';
import type { AsyncSender } from './async-sender.js';
import type { AsyncRequest } from './async-store.js';
import { ownPartyInRole, partnerPartyInRole } from './parties.js';
import { partnerClient } from './partner-client.js';
import { CommandRequest, CommandResponse } from './schema.js';
import type { CommandResult, CommandType } from './schema.js';

/** A command's object without response_url: evroam adds its own. */
export type CommandInput<C extends CommandType> = Omit<CommandRequest<C>, 'response_url'>;

export interface SendCommandOptions {
  /** The own eMSP party sending (default: the node's only eMSP party). */
  from?: PartyKey;
  /** The partner's CPO party addressed (default: the partner's first CPO party). */
  to?: PartyKey;
  correlationId?: string;
}

/** A command this node sent, as far as it knows. */
export interface SentCommand {
  id: string;
  command: CommandType;
  partnerId: string;
  /** SENDING, AWAITING_RESULT, RESULT, TIMEOUT (no result in time), ANSWERED (not accepted), SEND_FAILED. */
  state: AsyncRequest['state'];
  responseUrl: string;
  response?: CommandResponse;
  result?: CommandResult;
  error?: string;
}

export class EmspCommands {
  constructor(
    private readonly ctx: NodeContext,
    private readonly sender: AsyncSender,
  ) {}

  /** Sends `command` to the partner's commands RECEIVER; resolves with the CPO's synchronous answer recorded. */
  async send<C extends CommandType>(partnerId: string, command: C, input: CommandInput<C>, options: SendCommandOptions = {}): Promise<SentCommand> {
    const partner = await this.ctx.partners.get(partnerId);
    if (!partner) throw new Error(`no partner ${partnerId}`);
    const endpoint = partnerEndpoint(partner, 'commands', 'RECEIVER');
    if (endpoint === undefined) throw new OcpiMissingEndpointError('commands', 'RECEIVER');
    const own = ownPartyInRole(this.ctx, 'EMSP', options.from);
    const to = options.to ?? partnerPartyInRole(partner, 'CPO');
    if (!to) throw new Error(`partner ${partnerId} registered no party`);
    const id = randomUUID();
    const responseUrl = `${this.ctx.publicUrl}${interfacePath('commands', 'EMSP')}/${command}/${id}`;
    const body = { ...input, response_url: responseUrl };
    const validation = compileValidator(CommandRequest[command])(body);
    if (!validation.ok) throw new TypeError(`Invalid ${command}: ${firstErrorMessage(validation.errors)}`);
    const client = partnerClient(this.ctx, partner, { from: own, to });
    const row = await this.sender.send(
      {
        id,
        module: 'commands',
        kind: command,
        partner_id: partner.id,
        own_country_code: own.countryCode,
        own_party_id: own.partyId,
        partner_country_code: to.countryCode.toUpperCase(),
        partner_party_id: to.partyId.toUpperCase(),
        subject: subjectOf(body),
        request: JSON.stringify(body),
        response_url: responseUrl,
      },
      () => this.post(client, joinUrl(endpoint, command), body, options.correlationId),
    );
    return sentCommand(row);
  }

  async get(id: string): Promise<SentCommand | undefined> {
    const row = await this.sender.get(id);
    return row?.module === 'commands' ? sentCommand(row) : undefined;
  }

  /** Resolves once the command has its result, timed out, was refused or could not be sent. */
  async whenSettled(id: string): Promise<SentCommand> {
    return sentCommand(await this.sender.whenSettled(id));
  }

  onSettled(listener: (command: SentCommand) => void): () => void {
    return this.sender.onSettled((row) => listener(sentCommand(row)));
  }

  private async post(client: ReturnType<typeof partnerClient>, url: string, body: object, correlationId?: string): Promise<CommandResponse> {
    try {
      const answer = await client.post('commands', url, body, { schema: CommandResponse, ...(correlationId ? { correlationId } : {}) });
      // The schema check passed, so data is a CommandResponse.
      return answer.envelope.data!;
    } catch (error) {
      // CMD-03: an unknown Location is 2003 with a REJECTED CommandResponse: a refusal, not a failure.
      if (error instanceof OcpiStatusError && compileValidator(CommandResponse).check(error.envelope.data)) {
        const text = `${error.statusCode}${error.statusMessage ? ` ${error.statusMessage}` : ''}`;
        return { ...error.envelope.data, message: [...(error.envelope.data.message ?? []), { language: 'en', text }] };
      }
      throw error;
    }
  }
}

function subjectOf(body: object): string | null {
  const b = body as { session_id?: string; reservation_id?: string; location_id?: string };
  return b.session_id ?? b.reservation_id ?? b.location_id ?? null;
}

function sentCommand(row: AsyncRequest): SentCommand {
  const sent: SentCommand = { id: row.id, command: row.kind as CommandType, partnerId: row.partner_id, state: row.state, responseUrl: row.response_url };
  if (row.response !== null) sent.response = JSON.parse(row.response) as CommandResponse;
  if (row.result !== null) sent.result = JSON.parse(row.result) as CommandResult;
  if (row.error !== null) sent.error = row.error;
  return sent;
}
