/**
 * A module's own objects as library API (the operator API and the EVerest bridge call it): create,
 * replace, patch and delete objects of this node's own parties. Each change is handed to the store
 * listeners inside the transaction that stores it (the push outbox queues its PUT/PATCH/DELETE
 * there, so the change and its pushes commit together) and emitted as an event after the commit.
 */
import type { TSchema } from '@sinclair/typebox';
import { formatDateTime } from '../../core/datetime.js';
import { OcpiError } from '../../core/status.js';
import { validateOrThrow } from '../../core/validation.js';
import type { NodeContext } from '../module.js';
import type { OwnRole } from '../versions/interfaces.js';
import { ChangeEmitter } from './changes.js';
import type { StoreListener } from './changes.js';
import { KEEP } from './object-store.js';
import type { ListFilter, ObjectKey, ObjectStore } from './object-store.js';
import { upperParty } from './ownership.js';
import { mergeFields, sameContent } from './patch.js';
import type { PartyObject } from './receiver.js';
import { ownPartiesOf } from './routing.js';

/** A change to an own object, recorded as it is stored and emitted after; only real changes (content, not just last_updated) count. */
export interface OwnChange<T> {
  /** PUT: send the whole object; PATCH: send `patch`; DELETE: the object is gone. */
  method: 'PUT' | 'PATCH' | 'DELETE';
  /** The object after the change (for DELETE: as it was). */
  object: T;
  before: T | undefined;
  /** For PATCH: the fields that changed, always with last_updated. */
  patch?: Record<string, unknown>;
}

/** An own object as the library accepts it: last_updated may be left out (then: now). */
export type OwnInput<T extends PartyObject> = Omit<T, 'last_updated'> & { last_updated?: string };

export interface OwnObjectsOptions<T extends PartyObject> {
  store: ObjectStore<T>;
  name: string;
  schema: TSchema;
  idField: string;
  /** The role of the own parties owning these objects (CPO for Tariffs, EMSP for Tokens). */
  ownerRole: OwnRole;
  /** Key variant of an object (Tokens: its type). */
  variantOf?: (object: T) => string;
  /** The field holding the key variant, which a PATCH cannot change (Tokens: `type`). */
  variantField?: string;
  merge?: (current: T, patch: Record<string, unknown>) => T;
}

/** Own objects of one kind: validated writes, change listeners in the transaction and after it. */
export class OwnObjects<T extends PartyObject> {
  readonly changes: ChangeEmitter<OwnChange<T>>;

  constructor(
    private readonly ctx: NodeContext,
    readonly options: OwnObjectsOptions<T>,
  ) {
    this.changes = new ChangeEmitter(ctx.logger);
  }

  /** Subscribes to changes once committed; returns the unsubscribe function. */
  onChange(listener: (change: OwnChange<T>) => void | Promise<void>): () => void {
    return this.changes.on(listener);
  }

  /** Subscribes inside the transaction that stores each change (the push outbox); returns the unsubscribe function. */
  onStore(listener: StoreListener<OwnChange<T>>): () => void {
    return this.changes.onStore(listener);
  }

  /** Creates or replaces an own object (validated; 2001 OcpiError naming the field when invalid). */
  async put(input: OwnInput<T>): Promise<T> {
    const object = this.validate({ ...input, last_updated: input.last_updated ?? now() });
    const key = this.keyOf(object);
    // PIT-08: the same content again is no change, unless the caller set a new last_updated itself.
    const result = await this.changes.write((record) =>
      this.options.store.modify(
        { own: true },
        key,
        (current) => (current !== undefined && input.last_updated === undefined && sameContent(current, object) ? KEEP : object),
        (trx, stored) => record(trx, { method: 'PUT', object: stored.after, before: stored.before }),
      ),
    );
    return result!.after;
  }

  /** Changes some fields of an own object (last_updated: given or now); undefined when absent. */
  async patch(key: ObjectKey, fields: Record<string, unknown>): Promise<T | undefined> {
    const patch = { ...fields, last_updated: (fields.last_updated as string | undefined) ?? now() };
    // The default merge works on a copy: `current` must stay as stored to tell whether anything changed.
    const identity = ['country_code', 'party_id', this.options.idField, ...(this.options.variantField ? [this.options.variantField] : [])];
    const merge = this.options.merge ?? ((current: T, p: Record<string, unknown>) => mergeFields(structuredClone(current), p, identity));
    const result = await this.changes.write((record) =>
      this.options.store.modify(
        { own: true },
        key,
        (current) => {
          if (current === undefined) throw OcpiError.notFound(`Unknown ${this.options.name} ${key.id}`);
          const next = this.validate(merge(current, patch));
          return sameContent(current, next) ? KEEP : next;
        },
        (trx, stored) => record(trx, { method: 'PATCH', object: stored.after, before: stored.before, patch }),
      ),
    );
    return result?.after;
  }

  /** Deletes an own object; returns it, or undefined when there was none. */
  async delete(key: ObjectKey): Promise<T | undefined> {
    return this.changes.write((record) =>
      this.options.store.delete(true, key, (trx, deleted) => record(trx, { method: 'DELETE', object: deleted, before: deleted })),
    );
  }

  async get(key: ObjectKey): Promise<T | undefined> {
    return (await this.options.store.get(true, key))?.object;
  }

  /** Own objects, oldest first; by default of every own party of the owner role. */
  async list(filter: Omit<ListFilter, 'own'> = {}): Promise<T[]> {
    return this.options.store.list({ parties: ownPartiesOf(this.ctx, this.options.ownerRole), ...filter, own: true });
  }

  /** The store key of an object. */
  keyOf(object: T): ObjectKey {
    const key: ObjectKey = {
      countryCode: object.country_code,
      partyId: object.party_id,
      id: String((object as Record<string, unknown>)[this.options.idField]),
    };
    const variant = this.options.variantOf?.(object);
    if (variant !== undefined) key.variant = variant;
    return key;
  }

  private validate(candidate: unknown): T {
    const object = upperParty(validateOrThrow(this.options.schema, candidate, this.options.name) as T);
    const owners = ownPartiesOf(this.ctx, this.options.ownerRole);
    if (!owners.some((p) => p.countryCode === object.country_code && p.partyId === object.party_id)) {
      throw OcpiError.invalid(`country_code/party_id: ${object.country_code}/${object.party_id} is not an own ${this.options.ownerRole} party of this node`);
    }
    return object;
  }
}

function now(): string {
  return formatDateTime(new Date());
}
