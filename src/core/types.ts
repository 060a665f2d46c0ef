/**
 * OCPI 2.2.1 primitive types and shared classes (types.asciidoc), as TypeBox schemas.
 *
 * Conventions used by every module schema:
 * - Cardinality (TYP-11): `1` → required, non-null; `?` → {@link Opt} (absent or `null`);
 *   `*` → {@link List} (absent, `null` or an array); `+` → {@link NonEmptyList} (required, ≥ 1 item).
 * - Unknown properties are accepted (TYP-12): objects do not set `additionalProperties: false`.
 * - Strings carry their OCPI maximum length (TYP-01..03) and a `pattern` that rejects control
 *   characters (and, for CiString, anything outside printable ASCII).
 */
import { OptionalKind, Type } from '@sinclair/typebox';
import type {
  Static,
  StringOptions,
  NumberOptions,
  IntegerOptions,
  ObjectOptions,
  SchemaOptions,
  TSchema,
  TUnion,
  TLiteral,
  TNull,
  TOptional,
  TArray,
  TString,
  ArrayOptions,
  TObject,
  TProperties,
} from '@sinclair/typebox';

// ---------------------------------------------------------------------------------------------
// Patterns. Plain JSON-Schema `pattern`s (no `format`), so TypeCompiler needs no format registry
// and the OpenAPI document shows the rule. validation.ts maps each pattern to a readable message.
// ---------------------------------------------------------------------------------------------

/** CiString: printable ASCII only, U+0020..U+007E (TYP-01). */
export const CISTRING_PATTERN = '^[ -~]*$';

/** string: printable UTF-8, i.e. no C0/C1 control characters and no DEL (TYP-02). */
export const STRING_PATTERN = '^[^\\u0000-\\u001F\\u007F-\\u009F]*$';

/**
 * DateTime (TYP-04, PIT-16): `YYYY-MM-DDTHH:MM:SS`, optional 1–3 fraction digits, optional `Z`.
 * No offsets (`+00:00` is not UTC for OCPI). Field ranges are checked so that every accepted value
 * parses with `new Date()`.
 */
export const DATETIME_PATTERN =
  '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,3})?Z?$';

/** URL (TYP-09): an absolute URI (`scheme:` followed by printable, non-space ASCII). */
export const URL_PATTERN = '^[A-Za-z][A-Za-z0-9+.-]*:[!-~]+$';

/** Time of day `HH:MM` (TYP-13), local time of the Location. */
export const TIME_OF_DAY_PATTERN = '^([0-1][0-9]|2[0-3]):[0-5][0-9]$';

/** Calendar date `YYYY-MM-DD` (TYP-13), local time of the Location. */
export const DATE_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';

/** Human descriptions of the patterns above, used by validation.ts for error messages. */
export const PATTERN_MESSAGES = new Map<string, string>([
  [CISTRING_PATTERN, 'must contain only printable ASCII characters (no control characters)'],
  [STRING_PATTERN, 'must not contain control characters (CR, LF, TAB …)'],
  [
    DATETIME_PATTERN,
    'must be an OCPI DateTime in UTC, e.g. 2015-06-29T20:39:09Z (Z or no designator, at most 3 fraction digits, no offset)',
  ],
  [URL_PATTERN, 'must be an absolute URL'],
  [TIME_OF_DAY_PATTERN, 'must be a time of day HH:MM (00:00–23:59)'],
  [DATE_PATTERN, 'must be a date YYYY-MM-DD'],
]);

/** Registers the human description of a module-specific pattern and returns the pattern. */
export function definePattern(pattern: string, message: string): string {
  PATTERN_MESSAGES.set(pattern, message);
  return pattern;
}

// ---------------------------------------------------------------------------------------------
// Cardinality helpers (TYP-11)
// ---------------------------------------------------------------------------------------------

/** `T | null` */
export type TNullable<T extends TSchema> = TUnion<[T, TNull]>;

/** A value that may be `null`. */
export function Nullable<T extends TSchema>(schema: T, options?: SchemaOptions): TNullable<T> {
  return Type.Union([schema, Type.Null()], options);
}

/** Cardinality `?`: the property may be absent or `null`. */
export function Opt<T extends TSchema>(schema: T, options?: SchemaOptions): TOptional<TNullable<T>> {
  return Type.Optional(Nullable(schema, options));
}

/** Cardinality `*`: a list of 0..n items; the property may be absent, `null` or `[]`. */
export function List<T extends TSchema>(items: T, options?: ArrayOptions): TOptional<TNullable<TArray<T>>> {
  return Opt(Type.Array(items, options));
}

/** Cardinality `+`: a required list of at least one item. */
export function NonEmptyList<T extends TSchema>(items: T, options?: ArrayOptions): TArray<T> {
  return Type.Array(items, { minItems: 1, ...options });
}

/** The properties of a PATCH body built from `P`: see {@link Patch}. */
export type TPatchProperties<P extends TProperties, R extends keyof P> = {
  [K in keyof P]: K extends R ? P[K] : P[K] extends TOptional<TSchema> ? P[K] : TOptional<P[K]>;
};

/**
 * A PATCH body (T-11): the same properties as the object, all optional except `required`
 * (e.g. `last_updated`, which every OCPI PATCH SHALL contain, PIT-13). Fields that are required in
 * the object stay non-null (PATCH cannot remove data); optional fields still accept `null`.
 * Pass `{ ...Object.properties, child: … }` to replace nested shapes.
 */
export function Patch<P extends TProperties, const R extends keyof P & string>(
  properties: P,
  required: readonly R[],
  options?: ObjectOptions,
): TObject<TPatchProperties<P, R>> {
  const keep = new Set<string>(required);
  const out: Record<string, TSchema> = {};
  for (const [key, schema] of Object.entries(properties)) {
    out[key] = keep.has(key) || OptionalKind in schema ? schema : Type.Optional(schema);
  }
  return Type.Object(out, options) as TObject<TPatchProperties<P, R>>;
}

// ---------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------

/** The schema of an OCPI enum: a union of string literals (case-sensitive, TYP-02). */
export type TEnum<V extends string> = TUnion<TLiteral<V>[]>;

/**
 * Builds an enum schema from its values. Export the values array next to the schema, e.g.
 * `export const RoleValues = [...] as const; export const Role = Enum(RoleValues)`.
 */
export function Enum<const V extends readonly [string, ...string[]]>(
  values: V,
  options?: SchemaOptions,
): TEnum<V[number]> {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  ) as unknown as TEnum<V[number]>;
}

// ---------------------------------------------------------------------------------------------
// Primitive types
// ---------------------------------------------------------------------------------------------

/** CiString(n): case-insensitive, printable ASCII, at most n characters (TYP-01). */
export function CiString(maxLength: number, options?: StringOptions): TString {
  return Type.String({ maxLength, pattern: CISTRING_PATTERN, ...options });
}

/** string(n): case-sensitive, printable UTF-8, at most n characters (TYP-02). */
export function OcpiString(maxLength: number, options?: StringOptions): TString {
  return Type.String({ maxLength, pattern: STRING_PATTERN, ...options });
}

/** DateTime: string(25), RFC 3339 restricted to UTC forms (TYP-04). */
export function DateTimeOf(options?: StringOptions): TString {
  return Type.String({
    maxLength: 25,
    pattern: DATETIME_PATTERN,
    description: 'UTC timestamp, e.g. 2015-06-29T20:39:09Z',
    ...options,
  });
}
export const DateTime = DateTimeOf();
export type DateTime = Static<typeof DateTime>;

/** URL: string(255) following the W3C URI spec (TYP-09). */
export function UrlOf(options?: StringOptions): TString {
  return Type.String({ maxLength: 255, pattern: URL_PATTERN, ...options });
}
export const URL = UrlOf();
export type URL = Static<typeof URL>;

/** number: a JSON number, 4 decimals unless stated otherwise (TYP-06). */
export function OcpiNumber(options?: NumberOptions) {
  return Type.Number(options);
}

/** int: a JSON integer. */
export function OcpiInt(options?: IntegerOptions) {
  return Type.Integer(options);
}

/** Time of day string(5) `HH:MM` (TYP-13). */
export function TimeOfDay(options?: StringOptions): TString {
  return Type.String({ maxLength: 5, pattern: TIME_OF_DAY_PATTERN, ...options });
}

/** Date string(10) `YYYY-MM-DD` (TYP-13). */
export function DateOnly(options?: StringOptions): TString {
  return Type.String({ maxLength: 10, pattern: DATE_PATTERN, ...options });
}

/** country_code: CiString(2), ISO 3166-1 alpha-2 of the party. */
export function CountryCode(options?: StringOptions): TString {
  return CiString(2, { description: 'ISO 3166-1 alpha-2 country code of the party', ...options });
}

/** party_id: CiString(3), ISO 15118 party id. */
export function PartyId(options?: StringOptions): TString {
  return CiString(3, { description: 'ID of the party (ISO 15118)', ...options });
}

/** currency: string(3), ISO 4217. */
export function Currency(options?: StringOptions): TString {
  return OcpiString(3, { description: 'ISO 4217 currency code', ...options });
}

// ---------------------------------------------------------------------------------------------
// Shared classes and enums of types.asciidoc
// ---------------------------------------------------------------------------------------------

/** DisplayText (TYP-05). */
export const DisplayText = Type.Object(
  {
    language: OcpiString(2, { description: 'Language code ISO 639-1' }),
    text: OcpiString(512, { description: 'Text to be displayed to an end user; no markup' }),
  },
  { description: 'Text in a given language' } satisfies ObjectOptions,
);
export type DisplayText = Static<typeof DisplayText>;

/** Price (TYP-07). */
export const Price = Type.Object(
  {
    excl_vat: OcpiNumber({ description: 'Price/cost excluding VAT' }),
    incl_vat: Opt(OcpiNumber({ description: 'Price/cost including VAT' })),
  },
  { description: 'Price or cost, excluding and (optionally) including VAT' },
);
export type Price = Static<typeof Price>;

/** Role (TYP-08). */
export const RoleValues = ['CPO', 'EMSP', 'HUB', 'NAP', 'NSP', 'OTHER', 'SCSP'] as const;
export const Role = Enum(RoleValues, { description: 'Role of a party' });
export type Role = Static<typeof Role>;

/**
 * ProfileType (mod_sessions). Kept here, and re-exported by sessions/schema.ts, because Tokens
 * (default_profile_type) and Sessions both use it and Sessions depends on CDRs, which depend on
 * Tokens: defining it in sessions would make the modules import each other in a cycle.
 */
export const ProfileTypeValues = ['CHEAP', 'FAST', 'GREEN', 'REGULAR'] as const;
export const ProfileType = Enum(ProfileTypeValues, { description: 'Type of smart charging profile the driver prefers' });
export type ProfileType = Static<typeof ProfileType>;
