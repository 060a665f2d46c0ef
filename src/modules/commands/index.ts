/**
 * The Commands module (mod_commands): Receiver for the CPO role, Sender for the eMSP role.
 * `node.services.commands` gives library users the eMSP's send API and both sides' settings.
 */
import { onReservationCanceled } from '../../chargepoint/attach.js';
import type { NodeContext, OcpiModule } from '../module.js';
import { declare } from '../versions/interfaces.js';
import { AsyncReceiver } from './async-receiver.js';
import { AsyncSender } from './async-sender.js';
import { AsyncRequestStore } from './async-store.js';
import { CpoCommands } from './cpo-commands.js';
import { defaultDirectory } from './directory.js';
import type { CpoDirectory } from './directory.js';
import { EmspCommands } from './emsp-commands.js';
import { registerCpoCommandRoutes, registerEmspCommandRoutes } from './routes.js';
import { DEFAULT_RETENTION_MS, pruner } from './retention.js';
import { resumeWhenListening } from './resume.js';
import { Timers } from './timers.js';

export interface CommandsServices {
  /** CPO side; `cpo.settings.timeoutMs` is how long chargers get (CMD-05). */
  cpo: CpoCommands;
  /** eMSP side: send commands, read their outcome. */
  emsp: EmspCommands;
  /** eMSP side: `resultGraceMs` is added to the CPO's timeout before a local TIMEOUT. */
  senderSettings: { resultGraceMs: number };
  /** How long ended requests are kept (both sides), read at each daily pruning. */
  retention: { retentionMs: number };
  /** Deletes ended requests older than the retention now; resolves with how many. */
  pruneEnded(): Promise<number>;
  /** Where the CPO side looks up Locations and Sessions; replaceable. */
  directory: CpoDirectory;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;
export const DEFAULT_RESULT_GRACE_MS = 10_000;

declare module '../module.js' {
  interface NodeServices {
    commands: CommandsServices;
  }
}

/** The node's commands services (`node.services.commands`), or an error when the module is not registered. */
export function commandsOf(ctx: Pick<NodeContext, 'services'>): CommandsServices {
  const found = ctx.services.commands;
  if (!found) throw new Error('the commands module is not registered on this node');
  return found;
}

export const commandsModule: OcpiModule = {
  name: 'commands',
  interfaces: [declare('commands', 'RECEIVER', 'CPO'), declare('commands', 'SENDER', 'EMSP')],
  async register(app, ctx) {
    const store = new AsyncRequestStore(ctx.db, 'commands');
    const timers = new Timers();
    ctx.onClose(() => timers.close());
    const retention = { retentionMs: DEFAULT_RETENTION_MS };
    const pruning = pruner(store, timers, ctx.logger, retention);
    const receiver = new AsyncReceiver(ctx, store, timers, {
      timeoutResult: () => ({ result: 'TIMEOUT' }),
      failureResult: () => ({ result: 'FAILED' }),
    });
    const senderSettings = { resultGraceMs: DEFAULT_RESULT_GRACE_MS };
    const sender = new AsyncSender(ctx, store, timers, senderSettings);
    const built: CommandsServices = {
      cpo: new CpoCommands(ctx, store, receiver, () => built.directory, { timeoutMs: DEFAULT_COMMAND_TIMEOUT_MS }),
      emsp: new EmspCommands(ctx, sender),
      senderSettings,
      retention,
      pruneEnded: () => pruning.pruneNow(),
      directory: defaultDirectory(ctx),
    };
    ctx.services.commands = built;
    if (ctx.ownRoles.has('CPO')) {
      registerCpoCommandRoutes(app, ctx, built.cpo);
      const stop = onReservationCanceled(ctx, (reservationId) => {
        built.cpo.reservationCanceled(reservationId).catch((error: unknown) => ctx.logger.error({ err: error }, 'CANCELED_RESERVATION not sent'));
      });
      ctx.onClose(stop);
    }
    resumeWhenListening(app, ctx, { receiver, sender, pruning });
    if (ctx.ownRoles.has('EMSP')) {
      registerEmspCommandRoutes(app, ctx, sender);
    }
  },
};
