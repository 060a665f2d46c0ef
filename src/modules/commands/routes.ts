/**
 * Commands endpoints: the CPO's Receiver `POST {commands_url}/{command}` (CMD-01) and the eMSP's
 * Sender `POST {response_url}` = `{commands_url}/{command}/{uid}` (CMD-04, CMD-06).
 */
import type { FastifyInstance } from 'fastify';
import { OcpiError } from '../../core/status.js';
import { validateOrThrow } from '../../core/validation.js';
import { sendOcpi } from '../../http/reply.js';
import { ocpiPath } from '../../http/routes.js';
import type { NodeContext } from '../module.js';
import { interfacePath } from '../versions/interfaces.js';
import type { AsyncSender } from './async-sender.js';
import type { CpoCommands } from './cpo-commands.js';
import { requestParties } from './parties.js';
import { CommandResult, CommandTypeValues } from './schema.js';
import type { CommandType } from './schema.js';

const COMMAND_TYPES: ReadonlySet<string> = new Set(CommandTypeValues);

/** CMD-12 (PROJECT): an unknown {command} is an unknown resource: HTTP 404, 2001. */
function commandType(segment: string): CommandType {
  if (!COMMAND_TYPES.has(segment)) throw OcpiError.notFound(`command: unknown command ${segment}; one of ${CommandTypeValues.join(', ')}`);
  return segment as CommandType;
}

export function registerCpoCommandRoutes(app: FastifyInstance, ctx: NodeContext, commands: CpoCommands): void {
  ocpiPath(app, `${interfacePath('commands', 'CPO')}/:command`, 'ocpi', {
    POST: {
      handler: async (request, reply) => {
        const command = commandType((request.params as { command: string }).command);
        const parties = requestParties(request, reply, ctx, 'CPO');
        return sendOcpi(reply, await commands.handle(command, request.body, parties));
      },
    },
  });
}

export function registerEmspCommandRoutes(app: FastifyInstance, ctx: NodeContext, sender: AsyncSender): void {
  ocpiPath(app, `${interfacePath('commands', 'EMSP')}/:command/:uid`, 'ocpi', {
    POST: {
      handler: async (request, reply) => {
        const params = request.params as { command: string; uid: string };
        const command = commandType(params.command);
        const parties = requestParties(request, reply, ctx, 'EMSP');
        const result = validateOrThrow(CommandResult, request.body, 'CommandResult');
        await sender.receive(params.uid, parties.partner.id, command, result);
        // CMD-04: the answer is the envelope without data.
        return sendOcpi(reply);
      },
    },
  });
}
