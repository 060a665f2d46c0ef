/**
 * The receiving side of an asynchronous OCPI request (typically the CPO): the request was answered
 * ACCEPTED, the charger was asked, and whatever the charger says — or its silence until the
 * deadline — is POSTed to the request's response_url (CMD-04, CMD-05, CP-01..CP-03). The request is
 * in the database from the moment it is accepted, so a restart loses no result: a request still
 * waiting gets its timeout at the stored deadline, a result not yet delivered is delivered.
 */
import type { NodeContext } from '../module.js';
import type { AsyncRequest, AsyncRequestStore, NewAsyncRequest } from './async-store.js';
import { partnerClient } from './partner-client.js';
import type { Timers } from './timers.js';

export interface AsyncReceiverOptions {
  /** What to POST when the charger did not answer by the deadline; undefined: nothing (no such result exists). */
  timeoutResult(request: AsyncRequest): object | undefined;
  /** What to POST when asking the charger failed outright. */
  failureResult(request: AsyncRequest): object;
  /** Runs after a charger answer was stored (e.g. remembering who set a profile, CP-06). */
  afterResult?(request: AsyncRequest, result: object): Promise<void>;
}

export class AsyncReceiver {
  private readonly delivering = new Map<string, Promise<void>>();

  constructor(
    private readonly ctx: NodeContext,
    private readonly store: AsyncRequestStore,
    private readonly timers: Timers,
    private readonly options: AsyncReceiverOptions,
  ) {}

  /**
   * Stores an accepted request (state WAITING, with its deadline) and asks the charger; returns
   * once stored, without waiting for the charger.
   */
  async accept(request: Omit<NewAsyncRequest, 'side' | 'state'> & { deadline_at: string }, ask: () => Promise<object>): Promise<void> {
    const row = await this.store.insert({ ...request, side: 'RECEIVER', state: 'WAITING' });
    this.armDeadline(row);
    // Only the work after the charger's answer is tracked: a charger that never answers must not hold up close().
    ask()
      .then(
        (result) => this.timers.track(this.settle(row.id, result)),
        (error: unknown) => {
          this.ctx.logger.warn({ err: error, request: row.id }, 'charger action failed');
          return this.timers.track(this.settle(row.id, this.options.failureResult(row)));
        },
      )
      .catch((error: unknown) => this.logFailure(row.id, error));
  }

  /**
   * A further result for a request whose first result went out already — a reservation the CPO
   * canceled on its own goes to the ReserveNow's response_url (CMD-10). One POST, no retries; a
   * first result still in flight goes out before this one is sent.
   */
  async sendLater(request: AsyncRequest, result: object): Promise<void> {
    const sent = ['DELIVERING', 'DELIVERED', 'UNDELIVERED'] as const;
    const row = await this.store.transition(request.id, sent, { state: 'DELIVERING', result: JSON.stringify(result), error: null });
    if (row) await this.timers.track(this.deliver(row));
  }

  /** After a restart: deadlines of waiting requests are re-armed, undelivered results delivered. */
  async recover(): Promise<void> {
    for (const row of await this.store.inStates('RECEIVER', ['WAITING'])) this.armDeadline(row);
    for (const row of await this.store.inStates('RECEIVER', ['DELIVERING'])) {
      this.timers.track(this.deliver(row)).catch((error: unknown) => this.logFailure(row.id, error));
    }
  }

  private armDeadline(row: AsyncRequest): void {
    if (row.deadline_at === null) return;
    this.timers.at(
      row.id,
      new Date(row.deadline_at),
      async () => {
        const current = await this.store.get(row.id);
        if (current?.state !== 'WAITING') return;
        await this.settle(row.id, this.options.timeoutResult(current));
      },
      (error) => this.logFailure(row.id, error),
    );
  }

  /** The first verdict wins: a charger answer after the timeout (or the reverse) changes nothing. */
  private async settle(id: string, result: object | undefined): Promise<void> {
    if (this.timers.isClosed) return;
    this.timers.cancel(id);
    if (result === undefined) {
      await this.store.transition(id, ['WAITING'], { state: 'TIMED_OUT' });
      return;
    }
    const row = await this.store.transition(id, ['WAITING'], { state: 'DELIVERING', result: JSON.stringify(result) });
    if (!row) return;
    await this.options.afterResult?.(row, result);
    await this.deliver(row);
  }

  /** POSTs to one response_url go out one after the other, so a later result arrives last. */
  private deliver(row: AsyncRequest): Promise<void> {
    const previous = this.delivering.get(row.id) ?? Promise.resolve();
    const next = previous.then(() => this.post(row));
    this.delivering.set(row.id, next);
    const forget = () => {
      if (this.delivering.get(row.id) === next) this.delivering.delete(row.id);
    };
    next.then(forget, forget);
    return next;
  }

  /** One POST to the response_url, no retries (T-14): the outcome is recorded either way. */
  private async post(row: AsyncRequest): Promise<void> {
    if (this.timers.isClosed) return;
    const partner = await this.ctx.partners.get(row.partner_id);
    try {
      if (!partner) throw new Error('partner no longer exists');
      const client = partnerClient(this.ctx, partner, {
        from: { countryCode: row.own_country_code, partyId: row.own_party_id },
        to: { countryCode: row.partner_country_code, partyId: row.partner_party_id },
      });
      // The response_url's origin was checked when the request came in; a redirect must not lead elsewhere.
      await client.post(this.store.module, row.response_url, row.result ?? '{}', { redirect: 'error' });
      await this.store.transition(row.id, ['DELIVERING'], { state: 'DELIVERED' });
    } catch (error) {
      if (this.timers.isClosed) return;
      const reason = error instanceof Error ? error.message : String(error);
      this.ctx.logger.warn({ request: row.id, reason }, 'result could not be delivered to the response_url');
      await this.store.transition(row.id, ['DELIVERING'], { state: 'UNDELIVERED', error: reason.slice(0, 500) });
    }
  }

  private logFailure(id: string, error: unknown): void {
    if (this.timers.isClosed) return;
    this.ctx.logger.error({ err: error, request: id }, 'asynchronous request handling failed');
  }
}
