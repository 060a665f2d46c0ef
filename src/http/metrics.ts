/**
 * Prometheus metrics (`GET /metrics`): request counts and latency per route pattern and status,
 * plus prom-client's process metrics (memory, event loop lag, GC).
 *
 * Request metrics are aggregated in plain counters held by each route (a few increments per
 * request) and rendered at scrape time: labelled prom-client updates on every request cost
 * measurable throughput (see `npm run bench`). One registry per node, so several nodes in one process
 * (tests, embedding) do not collide.
 */
import type { FastifyInstance } from 'fastify';
import { Registry, collectDefaultMetrics } from 'prom-client';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface StatusStats {
  status: string;
  count: number;
  sum: number;
  /** Observations per bucket (not cumulative); the last slot is above the largest bucket. */
  buckets: number[];
}

/** The counters of one route (method and URL pattern), one set per response status. */
export class RouteMetrics {
  /** Per status code; a route answers only a handful of them. */
  readonly statuses = new Map<number, StatusStats>();

  constructor(
    readonly method: string,
    readonly route: string,
  ) {}

  observe(status: number, seconds: number): void {
    let s = this.statuses.get(status);
    if (!s) this.statuses.set(status, (s = { status: String(status), count: 0, sum: 0, buckets: new Array<number>(BUCKETS.length + 1).fill(0) }));
    s.count++;
    s.sum += seconds;
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]!) i++;
    s.buckets[i]!++;
  }
}

/**
 * Request metrics of one node. Each route gets its holder once, when it is registered (the
 * server's onRoute hook), so a request costs no label lookup at all.
 */
export class RequestMetrics {
  private readonly routes = new Map<string, RouteMetrics>();

  /** The holder of a route; the route pattern, not the URL, so object ids cannot explode the label space. */
  route(method: string, route: string): RouteMetrics {
    const key = `${method} ${route}`;
    let r = this.routes.get(key);
    if (!r) this.routes.set(key, (r = new RouteMetrics(method, route)));
    return r;
  }

  /** Prometheus text exposition of the request metrics. */
  render(): string {
    const lines = [
      '# HELP evroam_http_requests_total HTTP requests by route, method and status',
      '# TYPE evroam_http_requests_total counter',
    ];
    for (const r of this.routes.values()) {
      for (const s of r.statuses.values()) lines.push(`evroam_http_requests_total{${labels(r)},status="${s.status}"} ${s.count}`);
    }
    lines.push('# HELP evroam_http_request_duration_seconds HTTP request duration by route and method');
    lines.push('# TYPE evroam_http_request_duration_seconds histogram');
    for (const r of this.routes.values()) {
      if (r.statuses.size === 0) continue;
      // The latency histogram is per route and method (not status), as it was declared.
      const buckets = new Array<number>(BUCKETS.length + 1).fill(0);
      let count = 0;
      let sum = 0;
      for (const s of r.statuses.values()) {
        count += s.count;
        sum += s.sum;
        s.buckets.forEach((n, i) => (buckets[i]! += n));
      }
      let cumulative = 0;
      BUCKETS.forEach((le, i) => {
        cumulative += buckets[i]!;
        lines.push(`evroam_http_request_duration_seconds_bucket{le="${le}",${labels(r)}} ${cumulative}`);
      });
      lines.push(`evroam_http_request_duration_seconds_bucket{le="+Inf",${labels(r)}} ${count}`);
      lines.push(`evroam_http_request_duration_seconds_sum{${labels(r)}} ${sum}`);
      lines.push(`evroam_http_request_duration_seconds_count{${labels(r)}} ${count}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

function labels(r: RouteMetrics): string {
  return `method="${escape(r.method)}",route="${escape(r.route)}"`;
}

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** `GET /metrics`: the request metrics (observed by the server's route hooks) and process metrics. */
export function registerMetrics(app: FastifyInstance, requests: RequestMetrics): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'evroam_' });
  app.get('/metrics', { config: { auth: 'none' }, schema: { hide: true } as object }, async (_request, reply) => {
    reply.type(registry.contentType);
    return `${await registry.metrics()}${requests.render()}`;
  });
}
