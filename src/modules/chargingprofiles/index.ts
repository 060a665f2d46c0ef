/**
 * The ChargingProfiles module (mod_charging_profiles): Receiver for the CPO role, Sender for the
 * eMSP role. `node.services.chargingProfiles` gives library users the eMSP's API and the settings.
 */
import { onActiveProfileChanged } from '../../chargepoint/attach.js';
import { AsyncReceiver } from '../commands/async-receiver.js';
import { AsyncSender } from '../commands/async-sender.js';
import { AsyncRequestStore } from '../commands/async-store.js';
import { defaultDirectory } from '../commands/directory.js';
import type { CpoDirectory } from '../commands/directory.js';
import { DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_RESULT_GRACE_MS } from '../commands/index.js';
import { DEFAULT_RETENTION_MS, pruner } from '../commands/retention.js';
import { resumeWhenListening } from '../commands/resume.js';
import { Timers } from '../commands/timers.js';
import type { NodeContext, OcpiModule } from '../module.js';
import { declare } from '../versions/interfaces.js';
import { CpoChargingProfiles } from './cpo-profiles.js';
import { EmspChargingProfiles } from './emsp-profiles.js';
import { registerCpoProfileRoutes, registerEmspProfileRoutes } from './routes.js';
import { ProfileSubscriptions } from './subscriptions.js';

export interface ChargingProfilesServices {
  /** CPO side; `cpo.settings.timeoutMs` is how long chargers get, `minIntervalMs` the TOO_OFTEN limit (CP-04). */
  cpo: CpoChargingProfiles;
  /** eMSP side: get, set and clear profiles; read the outcomes and pushed ActiveChargingProfiles. */
  emsp: EmspChargingProfiles;
  /** eMSP side: `resultGraceMs` is added to the CPO's timeout before a local TIMEOUT. */
  senderSettings: { resultGraceMs: number };
  /** How long ended requests are kept (both sides), read at each daily pruning. */
  retention: { retentionMs: number };
  /** Deletes ended requests older than the retention now; resolves with how many. */
  pruneEnded(): Promise<number>;
  /** Where the CPO side looks up Sessions; replaceable. */
  directory: CpoDirectory;
}

declare module '../module.js' {
  interface NodeServices {
    chargingProfiles: ChargingProfilesServices;
  }
}

export function chargingProfilesOf(ctx: Pick<NodeContext, 'services'>): ChargingProfilesServices {
  const found = ctx.services.chargingProfiles;
  if (!found) throw new Error('the chargingprofiles module is not registered on this node');
  return found;
}

export const chargingProfilesModule: OcpiModule = {
  name: 'chargingprofiles',
  interfaces: [declare('chargingprofiles', 'RECEIVER', 'CPO'), declare('chargingprofiles', 'SENDER', 'EMSP')],
  async register(app, ctx) {
    const store = new AsyncRequestStore(ctx.db, 'chargingprofiles');
    const timers = new Timers();
    ctx.onClose(() => timers.close());
    const retention = { retentionMs: DEFAULT_RETENTION_MS };
    const pruning = pruner(store, timers, ctx.logger, retention);
    const subscriptions = new ProfileSubscriptions(ctx.db);
    const receiver = new AsyncReceiver(ctx, store, timers, {
      // ChargingProfileResultType has no TIMEOUT: a silent charger gets no result posted, and the
      // sender's own timeout (ChargingProfileResponse.timeout) tells it so.
      timeoutResult: () => undefined,
      failureResult: () => ({ result: 'REJECTED' }),
      afterResult: (request, result) => built.cpo.afterResult(request.kind, request, result),
    });
    const senderSettings = { resultGraceMs: DEFAULT_RESULT_GRACE_MS };
    const sender = new AsyncSender(ctx, store, timers, senderSettings);
    const built: ChargingProfilesServices = {
      cpo: new CpoChargingProfiles(ctx, receiver, () => built.directory, subscriptions, timers, { timeoutMs: DEFAULT_COMMAND_TIMEOUT_MS, minIntervalMs: 0 }),
      emsp: new EmspChargingProfiles(ctx, sender, ctx.db),
      senderSettings,
      retention,
      pruneEnded: () => pruning.pruneNow(),
      directory: defaultDirectory(ctx),
    };
    ctx.services.chargingProfiles = built;
    if (ctx.ownRoles.has('CPO')) {
      registerCpoProfileRoutes(app, ctx, built.cpo);
      const stop = onActiveProfileChanged(ctx, (sessionId, profile) => {
        built.cpo.profileChanged(sessionId, profile).catch((error: unknown) => ctx.logger.error({ err: error, sessionId }, 'ActiveChargingProfile update failed'));
      });
      ctx.onClose(stop);
    }
    resumeWhenListening(app, ctx, { receiver, sender, pruning });
    if (ctx.ownRoles.has('EMSP')) {
      registerEmspProfileRoutes(app, ctx, sender, built.emsp);
    }
  },
};
