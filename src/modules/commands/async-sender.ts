/**
 * The sending side of an asynchronous OCPI request (typically the eMSP): the request is stored
 * before it leaves (a result may arrive before the synchronous answer is read), the synchronous
 * answer decides whether a result is to be expected, and without one by `timeout` seconds (plus a
 * grace for delivery) the request ends in a local TIMEOUT (CMD-05). A result that arrives later is
 * still stored (PIT-10: chargers act late; CMD-10: a CPO may cancel a reservation at any time).
 */
import { EventEmitter } from 'node:events';
import { OcpiError } from '../../core/status.js';
import type { NodeContext } from '../module.js';
import type { AsyncRequest, AsyncRequestStore, NewAsyncRequest } from './async-store.js';
import type { AsyncRequestState } from './tables.js';
import type { Timers } from './timers.js';

/** The part of a synchronous answer (CommandResponse, ChargingProfileResponse) that drives the wait. */
export interface SyncAnswer {
  result: string;
  timeout: number;
}

const SETTLED: ReadonlySet<AsyncRequestState> = new Set(['RESULT', 'TIMEOUT', 'ANSWERED', 'SEND_FAILED']);

export interface AsyncSenderSettings {
  /** Added to the partner's `timeout` before giving up, for the result's trip over the network. */
  resultGraceMs: number;
}

export class AsyncSender {
  private readonly events = new EventEmitter();

  constructor(
    private readonly ctx: NodeContext,
    private readonly store: AsyncRequestStore,
    private readonly timers: Timers,
    private readonly settings: AsyncSenderSettings,
  ) {
    this.events.setMaxListeners(0);
  }

  /**
   * Stores the request, sends it with `send`, and records the synchronous answer. Throws what
   * `send` throws (after recording SEND_FAILED).
   */
  async send<A extends SyncAnswer>(request: Omit<NewAsyncRequest, 'side' | 'state' | 'deadline_at'>, send: () => Promise<A>): Promise<AsyncRequest> {
    await this.store.insert({ ...request, side: 'SENDER', state: 'SENDING', deadline_at: null });
    let answer: A;
    try {
      answer = await send();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const failed = await this.store.transition(request.id, ['SENDING'], { state: 'SEND_FAILED', error: reason.slice(0, 500) });
      if (failed) this.announce(failed);
      throw error;
    }
    const response = JSON.stringify(answer);
    if (answer.result !== 'ACCEPTED') {
      return this.announceIf(await this.store.transition(request.id, ['SENDING'], { state: 'ANSWERED', response }), request.id);
    }
    const deadline = new Date(Date.now() + answer.timeout * 1000 + this.settings.resultGraceMs).toISOString();
    const waiting = await this.store.transition(request.id, ['SENDING'], { state: 'AWAITING_RESULT', response, deadline_at: deadline });
    if (!waiting) {
      // The result overtook the answer: keep both.
      return (await this.store.transition(request.id, ['RESULT'], { response })) ?? (await this.required(request.id));
    }
    this.armDeadline(waiting);
    return waiting;
  }

  /**
   * A result POSTed to a response_url this node handed out. Only the partner the request went to
   * may deliver it, and only for the request kind in the URL: anything else is an unknown object
   * (HTTP 404, 2001), revealing nothing about other partners' requests.
   */
  async receive(id: string, partnerId: string, kind: string, result: object): Promise<AsyncRequest> {
    const row = await this.store.get(id);
    if (!row || row.side !== 'SENDER' || row.partner_id !== partnerId || row.kind !== kind) {
      throw OcpiError.notFound(`No ${this.store.module} request ${id} awaits a result from this partner`);
    }
    this.timers.cancel(id);
    const stored = await this.store.transition(id, ['SENDING', 'AWAITING_RESULT', 'RESULT', 'TIMEOUT', 'ANSWERED'], {
      state: 'RESULT',
      result: JSON.stringify(result),
    });
    if (!stored) throw OcpiError.notFound(`No ${this.store.module} request ${id} awaits a result from this partner`);
    this.announce(stored);
    return stored;
  }

  async get(id: string): Promise<AsyncRequest | undefined> {
    const row = await this.store.get(id);
    return row?.side === 'SENDER' ? row : undefined;
  }

  /** Whether this node sent the partner a request of `kind` about `subject` (ownership of pushed updates). */
  async hasRequest(partnerId: string, kind: string, subject: string): Promise<boolean> {
    return this.store.exists('SENDER', partnerId, kind, subject);
  }

  /** Resolves with the request once it is settled (result, timeout, refused or failed). */
  async whenSettled(id: string): Promise<AsyncRequest> {
    const current = await this.required(id);
    if (SETTLED.has(current.state)) return current;
    return new Promise<AsyncRequest>((resolve, reject) => {
      const listener = (row: AsyncRequest) => {
        this.events.off(id, listener);
        resolve(row);
      };
      this.events.on(id, listener);
      // It may have settled between the read above and the subscription.
      this.get(id).then((row) => {
        if (row && SETTLED.has(row.state)) listener(row);
      }, (error: unknown) => {
        this.events.off(id, listener);
        reject(error as Error);
      });
    });
  }

  /** Subscribes to every settled request (library users: show the driver the outcome). */
  onSettled(listener: (request: AsyncRequest) => void): () => void {
    this.events.on('settled', listener);
    return () => this.events.off('settled', listener);
  }

  /** After a restart: requests still awaiting a result get their deadline back. */
  async recover(): Promise<void> {
    for (const row of await this.store.inStates('SENDER', ['AWAITING_RESULT'])) this.armDeadline(row);
  }

  private armDeadline(row: AsyncRequest): void {
    if (row.deadline_at === null) return;
    this.timers.at(
      row.id,
      new Date(row.deadline_at),
      async () => {
        const timedOut = await this.store.transition(row.id, ['AWAITING_RESULT'], { state: 'TIMEOUT' });
        if (timedOut) this.announce(timedOut);
      },
      (error) => this.ctx.logger.error({ err: error, request: row.id }, 'local timeout could not be recorded'),
    );
  }

  private async required(id: string): Promise<AsyncRequest> {
    const row = await this.get(id);
    if (!row) throw new Error(`no ${this.store.module} request ${id}`);
    return row;
  }

  private async announceIf(row: AsyncRequest | undefined, id: string): Promise<AsyncRequest> {
    if (row) {
      this.announce(row);
      return row;
    }
    return this.required(id);
  }

  private announce(row: AsyncRequest): void {
    this.events.emit(row.id, row);
    this.events.emit('settled', row);
  }
}
