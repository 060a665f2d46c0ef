/**
 * One pull of one module from one partner: crawl its Sender list page by page (PAG-10, the
 * outbound client's `list`), validate every object (T-15), store each valid one through the
 * module's Receiver as received from that partner, skip objects of parties the partner did not
 * register (T-31), and after a full list settle the objects it no longer holds (PAG-14).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { OcpiClient } from '../client/ocpi-client.js';
import type { InvalidListObject, ListProgress } from '../client/listing.js';
import type { Routing } from '../client/headers.js';
import { toSortableTimestamp } from '../core/datetime.js';
import { OcpiError } from '../core/status.js';
import { firstErrorMessage } from '../core/validation.js';
import type { Partner, PartyKey } from '../modules/credentials/partner.js';
import { partnerEndpoint, partyKey } from '../modules/credentials/partner.js';
import type { NodeContext } from '../modules/module.js';
import { HeldByOtherConnection } from '../modules/shared/object-store.js';
import type { ObjectKey } from '../modules/shared/object-store.js';
import { callerParty, upperParty } from '../modules/shared/ownership.js';
import type { PartyObject } from '../modules/shared/receiver.js';
import type { FunctionalCall } from '../modules/shared/routing.js';
import { ownPartiesOf } from '../modules/shared/routing.js';
import { keyText, SeenKeys, unlisted } from './stale.js';
import { crawlRoutings } from './routings.js';
import type { PullTarget } from './targets.js';
import { storedVersions } from './stored-versions.js';
import type { StoredVersion } from './stored-versions.js';

/**
 * What a pull did. Every listed object is `received` and then either `stored`, or skipped as
 * `invalid` (schema, or refused by the Receiver) or `foreign` (a party the partner did not
 * register, or an object another registered connection of that party holds). `stale`: stored objects a full list no longer held; `removed`: those deleted.
 */
export interface PullCounts {
  received: number;
  stored: number;
  invalid: number;
  foreign: number;
  stale: number;
  removed: number;
}

export interface PullProgress extends PullCounts {
  /** X-Total-Count summed over the crawls so far (PAG-06); undefined until the partner sent one. */
  totalCount: number | undefined;
}

export interface PullRequest {
  partner: Partner;
  target: PullTarget;
  /** Inclusive lower bound on last_updated (PAG-03); absent for a full list. */
  dateFrom?: string;
  /**
   * The list is the whole truth (no date_from): settle what it no longer holds (PAG-14), among
   * the objects last updated before `settleBefore` — later ones may have been pushed meanwhile.
   */
  full: false | { settleBefore: Date };
  signal?: AbortSignal;
  /** After every stored page (progress bars, lease renewal); a throw ends the pull. */
  afterPage?: (progress: Readonly<PullProgress>) => Promise<void> | void;
  /** Already bound to the partner by the caller; the pull adds the module. */
  logger: Logger;
}

export function emptyCounts(): PullCounts {
  return { received: 0, stored: 0, invalid: 0, foreign: 0, stale: 0, removed: 0 };
}

export async function pull(ctx: NodeContext, request: PullRequest): Promise<PullCounts> {
  return new Pull(ctx, request).run();
}

class Pull {
  private readonly counts: PullCounts = emptyCounts();
  private readonly seen: SeenKeys | undefined;
  private readonly log: Logger;
  /** X-Total-Count of the crawls already finished. */
  private finishedTotal = 0;

  constructor(
    private readonly ctx: NodeContext,
    private readonly request: PullRequest,
  ) {
    this.seen = request.full ? new SeenKeys() : undefined;
    this.log = request.logger.child({ module: request.target.module });
  }

  async run(): Promise<PullCounts> {
    const { partner, target } = this.request;
    const endpoint = partnerEndpoint(partner, target.module, 'SENDER');
    if (endpoint === undefined) throw new Error(`partner ${partner.id} offers no ${target.module} SENDER endpoint`);
    if (partner.tokenToPartner === undefined) throw new Error(`no token to call partner ${partner.id} with`);
    const client = new OcpiClient({
      token: partner.tokenToPartner,
      legacyPlainToken: partner.legacyPlainToken,
      timeoutMs: this.ctx.config.limits.requestTimeoutMs,
      logger: this.log,
    });
    const routings = crawlRoutings(this.ctx, partner, target);
    // Without a party to address nothing is listed, and an empty "full list" must not settle anything away.
    if (routings.length === 0) throw new Error(`partner ${partner.id} registered no ${target.ownerRole} party to list ${target.module} of`);
    for (const routing of routings) await this.crawl(client, endpoint, routing);
    if (this.seen && this.request.full) await this.settleUnlisted(this.seen, this.request.full.settleBefore);
    return this.counts;
  }

  /** One list crawl as one own party asking one partner party (the partner may list per party). */
  private async crawl(client: OcpiClient, endpoint: string, routing: Routing): Promise<void> {
    const { target, dateFrom, signal } = this.request;
    // One correlation ID for the crawl's pages and for what storing its objects sets off (T-22).
    const correlationId = randomUUID();
    const listing = client.list(target.module, endpoint, {
      correlationId,
      schema: target.schema,
      onInvalid: (invalid) => {
        this.counts.received++;
        this.skipInvalid(invalid.object, reasonOf(invalid), invalid);
      },
      routing,
      ...(dateFrom !== undefined ? { dateFrom } : {}),
      ...(signal ? { signal } : {}),
    });
    const call: FunctionalCall = { partner: this.request.partner, own: { ...routing.from, role: target.pullerRole }, from: routing.to, correlationId };
    for await (const page of listing.pages()) {
      await this.acceptPage(call, page as PartyObject[]);
      await this.request.afterPage?.(this.progress(listing.progress));
    }
    this.finishedTotal += listing.progress.totalCount ?? 0;
  }

  /** A page of valid objects, with the stored versions of those this node already holds (one query). */
  private async acceptPage(call: FunctionalCall, objects: PartyObject[]): Promise<void> {
    const { target } = this.request;
    const keys = objects.map((object) => target.keyOf(object)!);
    const stored = await storedVersions(this.ctx.db, target.objects, keys);
    for (const [index, object] of objects.entries()) await this.accept(call, object, keys[index]!, stored);
  }

  /**
   * Stores one valid object through the Receiver, unless its owner is not the partner's (T-31), or
   * this node holds it already: exactly as the Receiver would store it (owner upper-cased,
   * PIT-21), or in a newer version a push brought while the crawl ran.
   */
  private async accept(call: FunctionalCall, object: PartyObject, key: ObjectKey, stored: ReadonlyMap<string, StoredVersion>): Promise<void> {
    const { target } = this.request;
    this.counts.received++;
    const asOwner = this.ownerCall(call, partyKey(object.country_code, object.party_id));
    const foreign = foreignReason(this.ctx, asOwner, object, target);
    if (foreign !== undefined) {
      this.counts.foreign++;
      this.log.warn({ objectId: objectId(target, object), reason: foreign }, 'skipped a listed object of a party the partner did not register (T-31)');
      return;
    }
    if (heldAlready(stored.get(keyText(key)), object, call.partner.id)) {
      this.counts.stored++;
      this.seen?.add(key);
      return;
    }
    try {
      await target.put(asOwner, object);
    } catch (error) {
      if (error instanceof HeldByOtherConnection) {
        // Not the partner's to give: the store refused and logged both connections.
        this.counts.foreign++;
        this.log.warn({ objectId: objectId(target, object), reason: error.message }, 'skipped a listed object another registered partner connection holds (T-29)');
        return;
      }
      // The Receiver's own checks refused it: skipped like an invalid object, nothing stored.
      if (!(error instanceof OcpiError)) throw error;
      this.skipInvalid(object, error.message);
      return;
    }
    this.counts.stored++;
    this.seen?.add(key);
  }

  /**
   * A partner hub lists the objects of the parties behind it, as it relays their pushes: the
   * object's own party stands in the FROM role (T-27), which the ownership check accepts only
   * through a hub.
   */
  private ownerCall(call: FunctionalCall, owner: PartyKey): FunctionalCall {
    if (!call.partner.roles.some((r) => r.role === 'HUB')) return call;
    return { ...call, from: { countryCode: owner.countryCode, partyId: owner.partyId } };
  }

  private skipInvalid(object: unknown, reason: string, listed?: InvalidListObject): void {
    this.counts.invalid++;
    // Listed, so it still exists at the partner: a full sync must not settle the stored copy away.
    this.seen?.add(this.request.target.keyOf(object));
    this.log.warn(
      { objectId: objectId(this.request.target, object), reason, position: listed?.position, requestId: listed?.requestId },
      'skipped an invalid object of a partner list (T-15)',
    );
  }

  /** PAG-14: stored objects of this partner that the full list did not hold. */
  private async settleUnlisted(seen: SeenKeys, before: Date): Promise<void> {
    const { target, partner } = this.request;
    const removable = target.remove !== undefined && seen.conclusive;
    for await (const keys of unlisted(this.ctx.db, target.objects, partner.id, seen, before)) {
      this.counts.stale += keys.length;
      this.log.warn({ objects: keys.map(keyText), removed: removable }, `${target.module} no longer listed by the partner (PAG-14)`);
      if (removable) await this.remove(keys);
    }
  }

  private async remove(keys: ObjectKey[]): Promise<void> {
    const { target, partner } = this.request;
    const call: FunctionalCall = { partner, own: ownPartiesOf(this.ctx, target.pullerRole)[0]!, from: undefined, correlationId: randomUUID() };
    for (const key of keys) {
      try {
        await target.remove!(this.ownerCall(call, key), key);
        this.counts.removed++;
      } catch (error) {
        // Gone meanwhile, or its party no longer registered by the partner: nothing to remove.
        if (!(error instanceof OcpiError)) throw error;
      }
    }
  }

  private progress(listing: Readonly<ListProgress>): PullProgress {
    const total = listing.totalCount === undefined ? undefined : this.finishedTotal + listing.totalCount;
    return { ...this.counts, totalCount: total };
  }
}

/**
 * Whether the partner's stored version equals the listed object, or is newer (last_updated later).
 * Another connection's version goes through the Receiver, which refuses it or takes it over.
 */
function heldAlready(stored: StoredVersion | undefined, object: PartyObject, partnerId: string): boolean {
  if (stored === undefined || stored.partnerId !== partnerId) return false;
  if (stored.data === JSON.stringify(upperParty(object))) return true;
  const listed = toSortableTimestamp(object.last_updated);
  return listed !== undefined && stored.lastUpdated > listed;
}

/** Why an object is not the partner's to give (T-31, the Receiver's own check), or undefined. */
function foreignReason(ctx: NodeContext, call: FunctionalCall, object: PartyObject, target: PullTarget): string | undefined {
  try {
    callerParty(ctx, call, object.country_code, object.party_id, target.ownerRole);
    return undefined;
  } catch (error) {
    if (error instanceof OcpiError) return error.message;
    throw error;
  }
}

function reasonOf(invalid: InvalidListObject): string {
  return firstErrorMessage(invalid.errors);
}

function objectId(target: PullTarget, object: unknown): string | undefined {
  const key = target.keyOf(object);
  if (key) return keyText(key);
  const record = object as { id?: unknown; uid?: unknown } | null;
  const id = record?.id ?? record?.uid;
  return typeof id === 'string' ? id : undefined;
}
