/**
 * Crawling a paginated list (PAG-10): follow `Link rel="next"` until it is absent, one object at a
 * time or one page at a time. A list answer is the new truth (PAG-14), so the crawler prefers
 * yielding an object twice over missing one: consumers upsert, which makes repeats harmless.
 */
import type { TSchema } from '@sinclair/typebox';
import { formatDateTime } from '../core/datetime.js';
import { nextLink } from '../core/pagination.js';
import { compileValidator } from '../core/validation.js';
import type { ValidationError, Validator } from '../core/validation.js';
import { OcpiInvalidResponseError } from './errors.js';
import { newMessageId } from './headers.js';
import type { Routing } from './headers.js';
import type { ModuleName, OcpiClient, OcpiResult } from './ocpi-client.js';
import { withQuery } from './url.js';
import type { QueryValue } from './url.js';

export interface ListOptions<S extends TSchema | undefined = undefined> {
  /** Inclusive lower bound on last_updated (PAG-03). */
  dateFrom?: string | Date;
  /** Exclusive upper bound on last_updated (PAG-03). */
  dateTo?: string | Date;
  /** Objects per page wanted; the partner may return fewer (PAG-05, PAG-08). */
  limit?: number;
  offset?: number;
  /** Further query parameters, kept on every page. */
  query?: Readonly<Record<string, QueryValue>>;
  /** Validates each object; invalid ones are skipped and reported (T-15). */
  schema?: S;
  /** Called for each skipped object; without it they are logged at warn. */
  onInvalid?: (invalid: InvalidListObject) => void;
  /** Called after each page, e.g. to move a progress bar. */
  onPage?: (progress: Readonly<ListProgress>) => void;
  /** One correlation ID for every page of the crawl; a new one when not given. */
  correlationId?: string;
  routing?: Routing;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ListProgress {
  /** X-Total-Count of the latest page: objects matching the filters at the partner (PAG-06). */
  totalCount: number | undefined;
  /** X-Limit of the latest page: the partner's page size cap. */
  limit: number | undefined;
  pages: number;
  /** Valid objects handed out so far. */
  received: number;
  /** Invalid objects skipped so far. */
  skipped: number;
  /** Pages requested again because X-Total-Count went down during the crawl. */
  redone: number;
}

export interface InvalidListObject {
  object: unknown;
  /** Position in the partner's list (page offset + index), as far as the URL tells. */
  position: number;
  errors: ValidationError[];
  pageUrl: string;
  requestId: string;
}

/** PAG-12, PIT-14: Sessions GET lists date_from as required, so evroam always sends one. */
const EPOCH = '1970-01-01T00:00:00Z';

function dateParam(value: string | Date | undefined): string | undefined {
  return value instanceof Date ? formatDateTime(value) : value;
}

function intHeader(headers: Headers, name: string): number | undefined {
  const value = headers.get(name)?.trim();
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

function offsetOf(url: string): number | undefined {
  const value = new URL(url).searchParams.get('offset');
  return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
}

export class OcpiListing<T> implements AsyncIterable<T> {
  readonly progress: ListProgress = emptyProgress();
  private readonly firstUrl: string;
  /** Parameters the partner must keep on every `next` link (PAG-07); re-added when it drops them. */
  private readonly filters: ReadonlyMap<string, string>;
  private readonly validator: Validator<TSchema> | undefined;

  constructor(
    private readonly client: OcpiClient,
    private readonly module: ModuleName,
    url: string,
    private readonly options: ListOptions<TSchema | undefined>,
  ) {
    const filters: Record<string, QueryValue> = {
      ...options.query,
      date_from: dateParam(options.dateFrom) ?? (module === 'sessions' ? EPOCH : undefined),
      date_to: dateParam(options.dateTo),
    };
    this.filters = new Map(
      Object.entries(filters).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])),
    );
    this.firstUrl = withQuery(url, { ...filters, offset: options.offset, limit: options.limit });
    this.validator = options.schema && compileValidator(options.schema);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for await (const page of this.pages()) yield* page;
  }

  /** Page by page, for consumers that store in batches. Each call starts a new crawl. */
  async *pages(): AsyncGenerator<T[], void, undefined> {
    Object.assign(this.progress, emptyProgress());
    const correlationId = this.options.correlationId ?? newMessageId();
    let url = this.firstUrl;
    let previousTotal: number | undefined;
    let warnedDroppedFilters = false;
    for (;;) {
      const page = await this.fetch(url, correlationId);
      const total = intHeader(page.headers, 'x-total-count');
      const redo = total !== undefined && previousTotal !== undefined && total < previousTotal;
      const redoUrl = redo ? lowerOffset(url, previousTotal! - total) : undefined;
      if (total !== undefined) previousTotal = total;
      if (redoUrl !== undefined) {
        url = redoUrl;
        this.progress.redone++;
        continue;
      }
      yield this.accept(page, url);
      const link = nextLink(page.headers.get('link'));
      if (link === undefined) return;
      const next = new URL(link, url);
      if (this.restoreFilters(next) && !warnedDroppedFilters) {
        warnedDroppedFilters = true;
        this.client.log?.warn({ module: this.module, link }, 'partner dropped list filters from its Link header (PIT-06)');
      }
      if (next.toString() === url) throw invalid(page, 'Link rel="next" points to the page just read');
      url = next.toString();
    }
  }

  private fetch(url: string, correlationId: string): Promise<OcpiResult> {
    const { routing, timeoutMs, signal } = this.options;
    return this.client.request({ method: 'GET', module: this.module, url, correlationId, routing, timeoutMs, signal });
  }

  /** The page's valid objects; progress is updated before the consumer sees them. */
  private accept(page: OcpiResult, url: string): T[] {
    const data = page.envelope.data;
    // `data` of a list is `*`: absent or null is an empty page (T-16).
    if (data !== undefined && data !== null && !Array.isArray(data)) throw invalid(page, 'must be a list', 'data');
    const objects: unknown[] = Array.isArray(data) ? data : [];
    const valid = this.validator ? this.validObjects(objects, page, url) : (objects as T[]);
    const progress = this.progress;
    progress.totalCount = intHeader(page.headers, 'x-total-count') ?? progress.totalCount;
    progress.limit = intHeader(page.headers, 'x-limit') ?? progress.limit;
    progress.pages++;
    progress.received += valid.length;
    progress.skipped += objects.length - valid.length;
    this.options.onPage?.(progress);
    return valid;
  }

  private validObjects(objects: unknown[], page: OcpiResult, url: string): T[] {
    const validator = this.validator!;
    const valid: T[] = [];
    const base = offsetOf(url) ?? this.progress.received + this.progress.skipped;
    for (let index = 0; index < objects.length; index++) {
      const object = objects[index];
      if (validator.check(object)) {
        valid.push(object as T);
        continue;
      }
      this.report({ object, position: base + index, errors: validator.errors(object), pageUrl: url, requestId: page.requestId });
    }
    return valid;
  }

  private report(invalidObject: InvalidListObject): void {
    if (this.options.onInvalid) return this.options.onInvalid(invalidObject);
    const first = invalidObject.errors[0];
    this.client.log?.warn(
      {
        module: this.module,
        position: invalidObject.position,
        pageUrl: invalidObject.pageUrl,
        requestId: invalidObject.requestId,
        path: first?.path,
        problem: first?.message,
      },
      'skipped an invalid object in a partner list (T-15)',
    );
  }

  /** Puts back filters the partner left out of the next link; true when one was missing. */
  private restoreFilters(next: URL): boolean {
    let restored = false;
    for (const [name, value] of this.filters) {
      if (next.searchParams.has(name)) continue;
      next.searchParams.set(name, value);
      restored = true;
    }
    return restored;
  }
}

function emptyProgress(): ListProgress {
  return { totalCount: undefined, limit: undefined, pages: 0, received: 0, skipped: 0, redone: 0 };
}

/**
 * PAG-10: when X-Total-Count went down, objects before this page may have left the result set and
 * shifted the rest forward, so this page's first objects would be missed. Asking again with the
 * offset lowered by the drop covers every such shift. Undefined when the URL carries no offset to
 * lower (first page, or a partner with opaque links).
 */
export function lowerOffset(url: string, drop: number): string | undefined {
  const offset = offsetOf(url);
  if (offset === undefined || offset === 0) return undefined;
  const lowered = new URL(url);
  lowered.searchParams.set('offset', String(Math.max(0, offset - drop)));
  return lowered.toString();
}

function invalid(page: OcpiResult, problem: string, path?: string): OcpiInvalidResponseError {
  return new OcpiInvalidResponseError(page, page, path, problem);
}
