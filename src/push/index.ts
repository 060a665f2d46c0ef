/** The durable push outbox (docs/push.md): every change of an own object reaches every receiving partner. */
export { PushOutbox } from './outbox.js';
export type { PushOutboxOptions } from './outbox.js';
export { pushObjectKey } from './change.js';
export type { OwnParty, PushChange, PushModule } from './change.js';
export { pushSettings } from './config.js';
export type { PushSettings } from './config.js';
export { OutboxStore } from './store.js';
export type { ListFilter, OutboxRow, PartnerStats } from './store.js';
export type { OutboxStatus, PushMethod } from './tables.js';
export { connectPush } from './sources.js';
