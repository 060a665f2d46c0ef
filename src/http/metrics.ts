/**
 * Prometheus metrics (`GET /metrics`): request counts and latency per route pattern and status,
 * plus prom-client's process metrics (memory, event loop lag, GC).
 *
 * Request metrics are aggregated in a plain Map (one lookup and a few increments per request) and
 * rendered at scrape time: labelled prom-client updates on every request cost measurable
 * throughput (see `npm run bench`). One registry per node, so several nodes in one process
 * (tests, embedding) do not collide.
 */
import type { FastifyInstance } from 'fastify';
import { Registry, collectDefaultMetrics } from 'prom-client';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface RouteStats {
  method: string;
  route: string;
  status: string;
  count: number;
  sum: number;
  /** Observations per bucket (not cumulative); the last slot is above the largest bucket. */
  buckets: number[];
}

export class RequestMetrics {
  private readonly stats = new Map<string, RouteStats>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let s = this.stats.get(key);
    if (!s) this.stats.set(key, (s = { method, route, status: String(status), count: 0, sum: 0, buckets: new Array<number>(BUCKETS.length + 1).fill(0) }));
    s.count++;
    s.sum += seconds;
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]!) i++;
    s.buckets[i]!++;
  }

  /** Prometheus text exposition of the request metrics. */
  render(): string {
    const lines = [
      '# HELP evroam_http_requests_total HTTP requests by route, method and status',
      '# TYPE evroam_http_requests_total counter',
    ];
    for (const s of this.stats.values()) lines.push(`evroam_http_requests_total{${labels(s, true)}} ${s.count}`);
    lines.push('# HELP evroam_http_request_duration_seconds HTTP request duration by route and method');
    lines.push('# TYPE evroam_http_request_duration_seconds histogram');
    for (const s of this.mergedByRoute()) {
      let cumulative = 0;
      BUCKETS.forEach((le, i) => {
        cumulative += s.buckets[i]!;
        lines.push(`evroam_http_request_duration_seconds_bucket{le="${le}",${labels(s, false)}} ${cumulative}`);
      });
      lines.push(`evroam_http_request_duration_seconds_bucket{le="+Inf",${labels(s, false)}} ${s.count}`);
      lines.push(`evroam_http_request_duration_seconds_sum{${labels(s, false)}} ${s.sum}`);
      lines.push(`evroam_http_request_duration_seconds_count{${labels(s, false)}} ${s.count}`);
    }
    return `${lines.join('\n')}\n`;
  }

  /** The latency histogram is per route and method (not status), as it was declared. */
  private mergedByRoute(): RouteStats[] {
    const merged = new Map<string, RouteStats>();
    for (const s of this.stats.values()) {
      const key = `${s.method} ${s.route}`;
      const m = merged.get(key);
      if (!m) merged.set(key, { ...s, buckets: [...s.buckets] });
      else {
        m.count += s.count;
        m.sum += s.sum;
        s.buckets.forEach((n, i) => (m.buckets[i]! += n));
      }
    }
    return [...merged.values()];
  }
}

function labels(s: RouteStats, withStatus: boolean): string {
  const base = `method="${escape(s.method)}",route="${escape(s.route)}"`;
  return withStatus ? `${base},status="${s.status}"` : base;
}

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function registerMetrics(app: FastifyInstance): RequestMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'evroam_' });
  const requests = new RequestMetrics();

  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL: object ids must not explode the label space.
    requests.observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { config: { auth: 'none' }, schema: { hide: true } as object }, async (_request, reply) => {
    reply.type(registry.contentType);
    return `${await registry.metrics()}${requests.render()}`;
  });
  return requests;
}
