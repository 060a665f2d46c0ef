import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

/** An own party this deployment acts as (section 6 of issue 2; CRED-02). */
export const OwnPartyConfig = Type.Object(
  {
    role: Type.Union([Type.Literal('CPO'), Type.Literal('EMSP')], { description: 'CPO or EMSP' }),
    country_code: Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2' }),
    party_id: Type.String({ pattern: '^[A-Za-z0-9]{3}$', description: 'ISO 15118 party id, 3 characters' }),
    business_details: Type.Object({
      name: Type.String({ minLength: 1, maxLength: 100 }),
      website: Type.Optional(Type.String({ maxLength: 255, pattern: '^https?://' })),
    }),
  },
  { additionalProperties: false },
);
export type OwnPartyConfig = Static<typeof OwnPartyConfig>;

/** An origin: http(s), a host and an optional port; nothing after it but an optional `/`. */
export const ORIGIN_PATTERN = '^https?://[^\\s/?#@]+/?$';

export const EvroamConfig = Type.Object(
  {
    /** Base URL partners reach this node at; versions are served at `${publicUrl}/ocpi/versions`. */
    publicUrl: Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$', maxLength: 200 }),
    listen: Type.Object(
      {
        host: Type.String({ minLength: 1 }),
        port: Type.Integer({ minimum: 0, maximum: 65535 }),
      },
      { additionalProperties: false },
    ),
    database: Type.Object(
      {
        url: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
        sqliteFile: Type.Optional(Type.String({ minLength: 1 })),
        schema: Type.Optional(Type.String({ pattern: '^[a-z_][a-z0-9_]*$' })),
        poolSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        /** SQLite: memory for repeated reads of stored objects and list pages (0 = off). */
        readCacheBytes: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 * 1024 * 1024 * 1024 })),
      },
      { additionalProperties: false },
    ),
    parties: Type.Array(OwnPartyConfig, { minItems: 1 }),
    admin: Type.Object(
      { token: Type.Optional(Type.String({ minLength: 16, maxLength: 200 })) },
      { additionalProperties: false },
    ),
    limits: Type.Object(
      {
        bodyBytes: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024 }),
        pageLimit: Type.Integer({ minimum: 1, maximum: 10000 }),
        requestTimeoutMs: Type.Integer({ minimum: 100, maximum: 600000 }),
      },
      { additionalProperties: false },
    ),
    logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))),
    /** The push outbox (docs/push.md); missing settings take the defaults of load.ts. */
    push: Type.Optional(
      Type.Object(
        {
          /** How long a change keeps being retried before it goes dead (dead letters are replayable). */
          horizonMs: Type.Integer({ minimum: 1000 }),
          /** Backoff after the first failure; doubles per consecutive failure of the partner (full jitter). */
          baseBackoffMs: Type.Integer({ minimum: 1 }),
          maxBackoffMs: Type.Integer({ minimum: 1 }),
          /** How often the outbox is scanned (an in-process enqueue wakes the dispatcher at once). */
          pollIntervalMs: Type.Integer({ minimum: 10, maximum: 600000 }),
          /** Requests in flight per partner. */
          concurrencyPerPartner: Type.Integer({ minimum: 1, maximum: 64 }),
          /** How long delivered, superseded and dropped rows are kept for inspection. */
          retainMs: Type.Integer({ minimum: 0 }),
        },
        { additionalProperties: false },
      ),
    ),
    /**
     * Where partners may have asynchronous results POSTed (commands, charging profiles): their own
     * registered origins, plus these (scheme://host[:port], no path) — e.g. a partner's separate
     * result service.
     */
    responseUrls: Type.Optional(
      Type.Object(
        { extraOrigins: Type.Array(Type.String({ pattern: ORIGIN_PATTERN, maxLength: 200 })) },
        { additionalProperties: false },
      ),
    ),
    /** A CPO's charging (docs/charging.md): how charger events become Sessions, and the in-process simulation. */
    charging: Type.Optional(
      Type.Object(
        {
          /** The Session's currency when the connector has no own Tariff (ISO 4217). */
          currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
          /** A running Session's kWh is PATCHed to partners at most this often… */
          sessionUpdateSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
          /** …unless this much more energy was charged since the last PATCH. */
          sessionUpdateKwh: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
          /** The in-process chargers (no bridge): meter interval and the power a simulated session charges at, at most. */
          simulation: Type.Optional(
            Type.Object(
              {
                meterIntervalSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
                maxPowerW: Type.Optional(Type.Integer({ minimum: 1 })),
              },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    /** Pull sync (docs/sync.md); missing settings take the defaults of load.ts. */
    sync: Type.Optional(
      Type.Object(
        {
          /** How often a serving node pulls every partner's lists (T-13: rarely, with random splay); 0 disables. */
          intervalMinutes: Type.Optional(Type.Number({ minimum: 0 })),
          /** How far before the last successful sync's start an incremental sync's date_from lies. */
          overlapMinutes: Type.Optional(Type.Number({ minimum: 0 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type EvroamConfig = Static<typeof EvroamConfig>;
