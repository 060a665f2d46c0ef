/**
 * The Tariffs module (mod_tariffs): the CPO's Sender list (TAR-01) and own-tariff library API with
 * change events (PUT/DELETE, TAR-05), the eMSP's Receiver GET/PUT/DELETE of
 * `/{country_code}/{party_id}/{tariff_id}` (TAR-02..TAR-04). `node.context.services.tariffs` is the
 * library API of a running node.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ocpiPath } from '../../http/routes.js';
import type { NodeContext, OcpiModule } from '../module.js';
import { ObjectStore } from '../shared/object-store.js';
import type { ObjectKey } from '../shared/object-store.js';
import type { StoreListener } from '../shared/changes.js';
import type { OwnChange, OwnInput } from '../shared/own-objects.js';
import { OwnObjects } from '../shared/own-objects.js';
import { ClientOwnedObjects } from '../shared/receiver.js';
import { functionalCall } from '../shared/routing.js';
import { sendObjectList } from '../shared/sender.js';
import { declare, interfacePath } from '../versions/interfaces.js';
import { Tariff } from './schema.js';

export const CPO_TARIFFS_PATH = interfacePath('tariffs', 'CPO');
export const EMSP_TARIFFS_PATH = interfacePath('tariffs', 'EMSP');

/** A change to an own Tariff: PUT (created or replaced) or DELETE, with the Receiver path to push to. */
export interface TariffChange {
  method: 'PUT' | 'DELETE';
  tariff: Tariff;
  /** Below a Receiver's tariffs endpoint: `/NL/CPO/T1` (id URL-encoded). */
  path: string;
}

/** A tariff as the library takes it: last_updated may be left out (then: now). */
export type TariffInput = OwnInput<Tariff>;

/** The CPO's own tariffs: library API and change events. */
export class OwnTariffs {
  private readonly objects: OwnObjects<Tariff>;

  constructor(ctx: NodeContext, store: ObjectStore<Tariff>) {
    this.objects = new OwnObjects<Tariff>(ctx, { store, name: 'Tariff', schema: Tariff, idField: 'id', ownerRole: 'CPO' });
  }

  /** Subscribes to changes once committed; returns the unsubscribe function. */
  onChange(listener: (change: TariffChange) => void | Promise<void>): () => void {
    return this.objects.onChange((change) => {
      const tariff = tariffChange(change);
      return tariff && listener(tariff);
    });
  }

  /** Subscribes inside the transaction that stores each change (the push outbox); returns the unsubscribe function. */
  onStore(listener: StoreListener<TariffChange>): () => void {
    return this.objects.onStore(async (change, trx) => {
      const tariff = tariffChange(change);
      if (tariff) await listener(tariff, trx);
    });
  }

  /** Creates or replaces an own tariff (validated; an OcpiError 2001 names the field). Unchanged content emits nothing. */
  put(tariff: TariffInput): Promise<Tariff> {
    return this.objects.put(tariff);
  }

  /**
   * Deletes an own tariff (TAR-04); undefined when there was none. TAR-05: Connectors should no
   * longer reference it — the caller's responsibility.
   */
  delete(countryCode: string, partyId: string, tariffId: string): Promise<Tariff | undefined> {
    return this.objects.delete(key(countryCode, partyId, tariffId));
  }

  get(countryCode: string, partyId: string, tariffId: string): Promise<Tariff | undefined> {
    return this.objects.get(key(countryCode, partyId, tariffId));
  }

  /** Every own tariff, oldest first. */
  list(): Promise<Tariff[]> {
    return this.objects.list();
  }
}

/** The Tariffs library API of a running node: `node.context.services.tariffs`. */
export interface TariffsApi {
  /** CPO role: own tariffs, change events (`cpo.onChange`); undefined when the node is no CPO. */
  cpo?: OwnTariffs;
  /** eMSP role: tariffs CPO partners pushed (`emsp.changes.on(…)`); undefined when the node is no eMSP. */
  emsp?: ClientOwnedObjects<Tariff>;
}

declare module '../module.js' {
  interface NodeServices {
    tariffs: TariffsApi;
  }
}

/** The object store of Tariffs (own and received, one table). */
export function tariffStore(ctx: NodeContext): ObjectStore<Tariff> {
  return new ObjectStore<Tariff>(ctx.db, ctx.dialect, 'tariffs', { logger: ctx.logger });
}

export const tariffsModule: OcpiModule = {
  name: 'tariffs',
  interfaces: [declare('tariffs', 'SENDER', 'CPO'), declare('tariffs', 'RECEIVER', 'EMSP')],
  register(app, ctx) {
    const store = tariffStore(ctx);
    const api: TariffsApi = {};
    if (ctx.ownRoles.has('CPO')) {
      api.cpo = new OwnTariffs(ctx, store);
      ocpiPath(app, CPO_TARIFFS_PATH, 'ocpi', {
        GET: {
          handler: async (request: FastifyRequest, reply: FastifyReply) =>
            sendObjectList(request, reply, ctx, functionalCall(request, reply, ctx, 'CPO'), store, { path: CPO_TARIFFS_PATH }),
        },
      });
    }
    if (ctx.ownRoles.has('EMSP')) {
      api.emsp = new ClientOwnedObjects<Tariff>(ctx, { store, name: 'Tariff', schema: Tariff, idField: 'id', ownerRole: 'CPO' });
      api.emsp.register(app, EMSP_TARIFFS_PATH, 'EMSP', ['GET', 'PUT', 'DELETE']);
    }
    ctx.services.tariffs = api;
  },
};

function key(countryCode: string, partyId: string, id: string): ObjectKey {
  return { countryCode, partyId, id };
}

/** Tariffs are never patched (TAR-02; put() replaces): PUT and DELETE only. */
function tariffChange(change: OwnChange<Tariff>): TariffChange | undefined {
  if (change.method === 'PATCH') return undefined;
  return { method: change.method, tariff: change.object, path: tariffPath(change.object) };
}

function tariffPath(tariff: Tariff): string {
  return `/${tariff.country_code}/${tariff.party_id}/${encodeURIComponent(tariff.id)}`;
}
