/**
 * Shared machinery of the object modules (Locations, Tariffs, Sessions, CDRs, Tokens): routing
 * parties, ownership checks, the object table and store, the Sender list, the Receiver
 * GET/PUT/PATCH/DELETE, own-object library API and change events.
 */
export { functionalCall, isOwnParty, ownPartiesOf, ROUTING_HEADERS } from './routing.js';
export type { FunctionalCall, OwnParty } from './routing.js';
export { assertBodyId, assertBodyParty, callerParty, sameCi, upperParty } from './ownership.js';
export { createObjectTable } from './object-table.js';
export type { ExtraColumn, ObjectTable } from './object-table.js';
export { HeldByOtherConnection, KEEP, ObjectStore } from './object-store.js';
export type { ListFilter, ObjectKey, ObjectPage, ObjectQuery, ObjectStoreOptions, Ownership, Reader, StoredObject, WriteResult } from './object-store.js';
export { sendObjectList } from './sender.js';
export type { SenderListOptions } from './sender.js';
export { asPartner, ClientOwnedObjects, sendWriteResult } from './receiver.js';
export type { ObjectParams, PartyObject, ReceivedChange, ReceiverOptions } from './receiver.js';
export { OwnObjects } from './own-objects.js';
export type { OwnChange, OwnInput, OwnObjectsOptions } from './own-objects.js';
export { ChangeEmitter } from './changes.js';
export type { ChangeListener } from './changes.js';
export { mergeFields, mergeListById, sameContent } from './patch.js';
export { assertResponseUrl, responseUrlProblem } from './response-url.js';
