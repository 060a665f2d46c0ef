/**
 * Which chargers a node drives. Commands and charging profiles share one port per node; until an
 * operator plugs in another (the EVerest bridge), the node drives in-process chargers, which a CPO
 * node has serve its own Locations (connect.ts). Listeners registered here — the charging recorder
 * among them — follow the node's chargers across a swap of the port.
 */
import type { NodeContext } from '../modules/module.js';
import { InProcessChargePoints } from './in-process.js';
import type { ActiveProfileListener, ChargePointPort, ChargingEventListener, ReservationCanceledListener } from './port.js';

interface Attachment {
  port: ChargePointPort;
  profileListeners: Set<ActiveProfileListener>;
  reservationListeners: Set<ReservationCanceledListener>;
  chargingListeners: Set<ChargingEventListener>;
  unsubscribe: () => void;
}

const attachments = new WeakMap<NodeContext, Attachment>();

function attachment(ctx: NodeContext): Attachment {
  let found = attachments.get(ctx);
  if (!found) {
    const created: Attachment = {
      port: new InProcessChargePoints(),
      profileListeners: new Set(),
      reservationListeners: new Set(),
      chargingListeners: new Set(),
      unsubscribe: () => undefined,
    };
    subscribe(created);
    attachments.set(ctx, created);
    ctx.onClose(() => created.port.close());
    found = created;
  }
  return found;
}

/** The node's charge point port (looked up per use, so a port plugged in later takes over). */
export function chargePointsOf(ctx: NodeContext): ChargePointPort {
  return attachment(ctx).port;
}

/** Replaces the node's chargers; the previous port is closed. */
export async function useChargePoints(ctx: NodeContext, port: ChargePointPort): Promise<void> {
  const found = attachment(ctx);
  const previous = found.port;
  if (previous === port) return;
  found.unsubscribe();
  found.port = port;
  subscribe(found);
  await previous.close();
}

/** The node's in-process chargers, for operators without chargers and for tests. */
export function inProcessChargePointsOf(ctx: NodeContext): InProcessChargePoints {
  const port = chargePointsOf(ctx);
  if (!(port instanceof InProcessChargePoints)) throw new Error('this node drives other chargers than the in-process ones');
  return port;
}

/** Hears of profile changes the node's chargers make on their own (CP-06). */
export function onActiveProfileChanged(ctx: NodeContext, listener: ActiveProfileListener): () => void {
  const found = attachment(ctx);
  found.profileListeners.add(listener);
  return () => found.profileListeners.delete(listener);
}

/** Hears of reservations the CPO side canceled on its own (CMD-10). */
export function onReservationCanceled(ctx: NodeContext, listener: ReservationCanceledListener): () => void {
  const found = attachment(ctx);
  found.reservationListeners.add(listener);
  return () => found.reservationListeners.delete(listener);
}

/** Hears of the chargers' transactions, meter values and EVSE statuses (the charging recorder). */
export function onChargingEvent(ctx: NodeContext, listener: ChargingEventListener): () => void {
  const found = attachment(ctx);
  found.chargingListeners.add(listener);
  return () => found.chargingListeners.delete(listener);
}

function subscribe(found: Attachment): void {
  const stopProfiles = found.port.onActiveProfileChanged((sessionId, profile) => {
    for (const listener of found.profileListeners) listener(sessionId, profile);
  });
  const stopReservations = found.port.onReservationCanceled((reservationId) => {
    for (const listener of found.reservationListeners) listener(reservationId);
  });
  const stopCharging = found.port.onChargingEvent((event) => {
    for (const listener of found.chargingListeners) listener(event);
  });
  found.unsubscribe = () => {
    stopProfiles();
    stopReservations();
    stopCharging();
  };
}
