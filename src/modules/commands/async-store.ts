/**
 * Persistence of asynchronous requests (commands, charging profile requests). State changes are
 * conditional on the state they leave, so two nodes sharing one database (or a timer racing a
 * late answer) never both act on one request: exactly one transition wins.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/tables.js';
import type { AsyncRequestSide, AsyncRequestsTable, AsyncRequestState } from './tables.js';

export type AsyncRequest = AsyncRequestsTable;

export type NewAsyncRequest = Omit<AsyncRequest, 'created_at' | 'updated_at' | 'response' | 'result' | 'error'> &
  Partial<Pick<AsyncRequest, 'response' | 'result' | 'error'>>;

export type AsyncRequestChanges = Partial<Pick<AsyncRequest, 'state' | 'response' | 'result' | 'deadline_at' | 'error' | 'subject'>>;

export class AsyncRequestStore {
  constructor(
    private readonly db: Kysely<Database>,
    readonly module: string,
  ) {}

  async insert(request: NewAsyncRequest): Promise<AsyncRequest> {
    const now = new Date().toISOString();
    const row: AsyncRequest = { response: null, result: null, error: null, ...request, created_at: now, updated_at: now };
    await this.db.insertInto('async_requests').values(row).execute();
    return row;
  }

  async get(id: string): Promise<AsyncRequest | undefined> {
    return this.db.selectFrom('async_requests').selectAll().where('id', '=', id).where('module', '=', this.module).executeTakeFirst();
  }

  /**
   * Applies `changes` only while the request is in one of `from`; returns the updated request, or
   * undefined when another transition got there first.
   */
  async transition(id: string, from: readonly AsyncRequestState[], changes: AsyncRequestChanges): Promise<AsyncRequest | undefined> {
    const result = await this.db
      .updateTable('async_requests')
      .set({ ...changes, updated_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('module', '=', this.module)
      .where('state', 'in', [...from])
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return undefined;
    return this.get(id);
  }

  /** Requests of one side still in one of `states` (restart recovery). */
  async inStates(side: AsyncRequestSide, states: readonly AsyncRequestState[]): Promise<AsyncRequest[]> {
    return this.db
      .selectFrom('async_requests')
      .selectAll()
      .where('module', '=', this.module)
      .where('side', '=', side)
      .where('state', 'in', [...states])
      .orderBy('created_at')
      .execute();
  }

  /** The most recent request of one side and kind about `subject`. */
  async latest(side: AsyncRequestSide, kind: string, subject: string): Promise<AsyncRequest | undefined> {
    return this.db
      .selectFrom('async_requests')
      .selectAll()
      .where('module', '=', this.module)
      .where('side', '=', side)
      .where('kind', '=', kind)
      .where('subject', '=', subject)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** Deletes requests that ended (nothing more will happen to them) before `before`; returns how many. */
  async pruneEnded(before: Date, ended: readonly AsyncRequestState[]): Promise<number> {
    const result = await this.db
      .deleteFrom('async_requests')
      .where('module', '=', this.module)
      .where('state', 'in', [...ended])
      .where('updated_at', '<', before.toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Whether a partner's request of this kind about `subject` exists (ownership checks). */
  async exists(side: AsyncRequestSide, partnerId: string, kind: string, subject: string, states?: readonly AsyncRequestState[]): Promise<boolean> {
    let query = this.db
      .selectFrom('async_requests')
      .select('id')
      .where('module', '=', this.module)
      .where('side', '=', side)
      .where('partner_id', '=', partnerId)
      .where('kind', '=', kind)
      .where('subject', '=', subject);
    if (states) query = query.where('state', 'in', [...states]);
    return (await query.limit(1).executeTakeFirst()) !== undefined;
  }
}
