/**
 * What a CPO node wires up around its chargers when it starts: the charging recorder (charger
 * events → Sessions, CDRs, EVSE statuses) with the transactions it recorded before a restart and,
 * while the node drives the in-process chargers, those chargers serving the own Locations.
 */
import type { NodeContext } from '../modules/module.js';
import { chargePointsOf } from './attach.js';
import { InProcessChargePoints } from './in-process.js';
import { serveOwnLocations } from './own-locations.js';
import { chargingRecorderOf, recordCharging } from './recorder.js';

export async function connectChargers(ctx: NodeContext): Promise<void> {
  if (!ctx.ownRoles.has('CPO')) return;
  const charging = ctx.config.charging ?? {};
  const recorder = recordCharging(ctx);
  await recorder.reload();
  if (charging.currency !== undefined) recorder.settings.currency = charging.currency;
  if (charging.sessionUpdateSeconds !== undefined) recorder.settings.updateIntervalMs = charging.sessionUpdateSeconds * 1000;
  if (charging.sessionUpdateKwh !== undefined) recorder.settings.updateKwh = charging.sessionUpdateKwh;
  const port = chargePointsOf(ctx);
  if (port instanceof InProcessChargePoints) {
    const simulation = charging.simulation ?? {};
    port.simulate({
      ...(simulation.meterIntervalSeconds !== undefined ? { meterIntervalMs: simulation.meterIntervalSeconds * 1000 } : {}),
      ...(simulation.maxPowerW !== undefined ? { maxPowerW: simulation.maxPowerW } : {}),
    });
    serveOwnLocations(ctx, port);
  }
}

/**
 * When the node starts serving: the in-process chargers lost their sessions with the node, so they
 * end the transactions still recorded from before (a bridge's chargers kept charging and report
 * the end themselves). Only a serving node does: a CLI command opening the same database must not
 * end the sessions of the node that serves it.
 */
export function resumeCharging(ctx: NodeContext): void {
  if (!ctx.ownRoles.has('CPO')) return;
  const port = chargePointsOf(ctx);
  if (port instanceof InProcessChargePoints) port.endLostTransactions(chargingRecorderOf(ctx).running());
}
