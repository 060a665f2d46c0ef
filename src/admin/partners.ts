/**
 * Inspection of partners (connections, endpoints, credentials audit trail; never a token) and of
 * the push outbox (rows, per-partner stats, replay of dead rows), as `evroam partners` and
 * `evroam outbox` show them.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Enum } from '../core/types.js';
import type { Partner } from '../modules/credentials/partner.js';
import { CredentialsRole } from '../modules/credentials/schema.js';
import type { NodeContext } from '../modules/module.js';
import { Endpoint } from '../modules/versions/schema.js';
import type { OutboxRow, OutboxStatus } from '../push/index.js';
import { AdminError, operatorRoute } from './http.js';
import { CountParam, errors } from './schemas.js';

const PartnerId = Type.String({ minLength: 1, maxLength: 36 });

const PartnerView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    status: Enum(['INVITED', 'REGISTERED', 'UNREGISTERED']),
    versionsUrl: Type.Optional(Type.String()),
    version: Type.Optional(Type.String()),
    roles: Type.Array(CredentialsRole),
    endpoints: Type.Optional(Type.Array(Endpoint, { description: 'Only on GET /partners/{id}' })),
    legacyPlainToken: Type.Boolean({ description: 'The partner sends and takes raw (not Base64) tokens' }),
    hasTokenToPartner: Type.Boolean({ description: 'Whether evroam holds a token to call the partner with (never shown)' }),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { description: 'A roaming partner: one credentials connection' },
);

const AuditEntry = Type.Object({
  id: Type.String(),
  event: Type.String({ description: 'invited, registration_started, registered, registration_failed, rotated, unregistered …' }),
  at: Type.String(),
  correlationId: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Unknown({ description: 'What the event recorded (URLs, versions, reasons), never a token' }),
});

const OUTBOX_STATUSES = ['pending', 'delivering', 'delivered', 'dead', 'superseded', 'dropped'] as const satisfies readonly OutboxStatus[];
const Party = Type.Object({ countryCode: Type.String(), partyId: Type.String() });
const OutboxRowView = Type.Object(
  {
    id: Type.Integer(),
    partnerId: Type.String(),
    module: Type.String(),
    method: Type.String(),
    path: Type.String({ description: "Relative to the partner's receiver endpoint" }),
    body: Type.Unknown({ description: 'The request body (JSON), null for DELETE' }),
    objectKey: Type.String(),
    from: Party,
    to: Party,
    correlationId: Type.String(),
    status: Enum(OUTBOX_STATUSES),
    attempts: Type.Integer(),
    createdAt: Type.String(),
    pendingSince: Type.String(),
    nextAttemptAt: Type.String(),
    lockedBy: Type.Union([Type.String(), Type.Null()]),
    lastError: Type.Union([Type.String(), Type.Null()]),
    updatedAt: Type.String(),
  },
  { description: 'One change on its way to one partner (docs/push.md)' },
);
const OutboxRows = Type.Object({ items: Type.Array(OutboxRowView) });
const OutboxStats = Type.Object({
  partners: Type.Array(
    Type.Object({
      partnerId: Type.String(),
      counts: Type.Record(Type.String(), Type.Integer(), { description: 'Rows per state' }),
      oldestPending: Type.Union([Type.String(), Type.Null()], { description: 'Creation time of the oldest undelivered row' }),
      failures: Type.Integer({ description: 'Consecutive failed attempts (backoff)' }),
      pausedUntil: Type.Union([Type.String(), Type.Null()]),
      lastError: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

function partnerView(partner: Partner, withEndpoints: boolean) {
  const { tokenToPartner, endpoints, ...rest } = partner;
  return { ...rest, ...(withEndpoints ? { endpoints } : {}), hasTokenToPartner: tokenToPartner !== undefined };
}

function rowView(row: OutboxRow) {
  return { ...row, body: row.body === null ? null : (JSON.parse(row.body) as unknown) };
}

export function registerPartnerRoutes(app: FastifyInstance, ctx: NodeContext): void {
  const required = async (id: string) => {
    const partner = await ctx.partners.get(id);
    if (!partner) throw AdminError.notFound(`Unknown partner ${id}`);
    return partner;
  };

  operatorRoute(
    app,
    'GET',
    '/partners',
    { summary: 'List partners', response: { 200: Type.Object({ items: Type.Array(PartnerView) }), ...errors() } },
    async () => ({ items: (await ctx.partners.list()).map((p) => partnerView(p, false)) }),
  );

  operatorRoute(
    app,
    'GET',
    '/partners/:partner_id',
    { summary: 'A partner with its endpoints', params: Type.Object({ partner_id: PartnerId }), response: { 200: PartnerView, ...errors(404) } },
    async (request) => partnerView(await required(request.params.partner_id), true),
  );

  operatorRoute(
    app,
    'GET',
    '/partners/:partner_id/audit',
    {
      summary: "A partner's credentials audit trail",
      params: Type.Object({ partner_id: PartnerId }),
      response: { 200: Type.Object({ items: Type.Array(AuditEntry) }), ...errors(404) },
    },
    async (request) => {
      const partner = await required(request.params.partner_id);
      const trail = await ctx.partners.auditTrail(partner.id);
      return {
        items: trail.map((a) => ({ id: a.id, event: a.event, at: a.at, correlationId: a.correlation_id, detail: a.detail === null ? null : (JSON.parse(a.detail) as unknown) })),
      };
    },
  );
}

export function registerOutboxRoutes(app: FastifyInstance, ctx: NodeContext): void {
  const store = ctx.push.store;

  operatorRoute(
    app,
    'GET',
    '/outbox',
    {
      summary: 'List outbox rows, oldest first',
      querystring: Type.Object({
        partner_id: Type.Optional(PartnerId),
        status: Type.Optional(Enum(OUTBOX_STATUSES)),
        limit: Type.Optional(CountParam('At most this many rows (default 100, at most 1000)')),
      }),
      response: { 200: OutboxRows, ...errors(400) },
    },
    async (request) => {
      const { partner_id: partnerId, status, limit } = request.query;
      const max = limit === undefined ? 100 : Number(limit);
      if (max < 1 || max > 1000) throw AdminError.invalid('limit: must be between 1 and 1000', 'limit');
      const rows = await store.list({ ...(partnerId !== undefined ? { partnerId } : {}), ...(status !== undefined ? { status } : {}), limit: max });
      return { items: rows.map(rowView) };
    },
  );

  operatorRoute(
    app,
    'GET',
    '/outbox/stats',
    { summary: 'Outbox rows per partner and state, oldest undelivered change, backoff state', response: { 200: OutboxStats, ...errors() } },
    async () => ({ partners: await store.stats() }),
  );

  operatorRoute(
    app,
    'GET',
    '/outbox/:id',
    { summary: 'One outbox row', params: Type.Object({ id: CountParam('The row id') }), response: { 200: OutboxRowView, ...errors(400, 404) } },
    async (request) => {
      const row = await store.get(Number(request.params.id));
      if (!row) throw AdminError.notFound(`Unknown outbox row ${request.params.id}`);
      return rowView(row);
    },
  );

  operatorRoute(
    app,
    'POST',
    '/outbox/:id/replay',
    {
      summary: 'Send a dead row again',
      description: "Back to pending, due now, with a fresh horizon; the partner's backoff is reset.",
      params: Type.Object({ id: CountParam('The row id') }),
      response: { 200: OutboxRowView, ...errors(400, 404, 409) },
    },
    async (request) => {
      const id = Number(request.params.id);
      const row = await store.get(id);
      if (!row) throw AdminError.notFound(`Unknown outbox row ${id}`);
      const [replayed] = await store.replay({ id }, Date.now());
      if (!replayed) throw AdminError.conflict(`Outbox row ${id} is ${row.status}; only dead rows are replayed`);
      ctx.push.wake();
      return rowView(replayed);
    },
  );

  operatorRoute(
    app,
    'POST',
    '/outbox/replay',
    {
      summary: 'Send every dead row of a partner again',
      body: Type.Object({ partner_id: PartnerId }),
      response: { 200: OutboxRows, ...errors(400, 404) },
    },
    async (request) => {
      const { partner_id: partnerId } = request.body as { partner_id: string };
      if (!(await ctx.partners.get(partnerId))) throw AdminError.notFound(`Unknown partner ${partnerId}`);
      const rows = await store.replay({ partnerId }, Date.now());
      if (rows.length > 0) ctx.push.wake();
      return { items: rows.map(rowView) };
    },
  );
}
