/**
 * What a CPO node wires up around its chargers when it starts: the charging recorder (charger
 * events → Sessions, CDRs, EVSE statuses) and, while the node drives the in-process chargers,
 * those chargers serving the own Locations.
 */
import type { NodeContext } from '../modules/module.js';
import { chargePointsOf } from './attach.js';
import { InProcessChargePoints } from './in-process.js';
import { serveOwnLocations } from './own-locations.js';
import { recordCharging } from './recorder.js';

export function connectChargers(ctx: NodeContext): void {
  if (!ctx.ownRoles.has('CPO')) return;
  const charging = ctx.config.charging ?? {};
  const recorder = recordCharging(ctx);
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
