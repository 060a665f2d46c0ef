/**
 * Request/response validation against the TypeBox schemas (TYP-03, TYP-12).
 *
 * `compileValidator(schema)` compiles the schema once with TypeBox's TypeCompiler (cached per
 * schema object). The compiled check is the hot path; error details are only built when the check
 * fails, by walking the schema next to the value. The walker knows the shapes this project uses
 * (objects, arrays, strings with maxLength/pattern, numbers, enums as unions of literals, nullable
 * optionals) and produces one precise error per offending field, in schema order, with a readable
 * path such as `evses[0].connectors[1].standard`.
 */
import { Kind, OptionalKind } from '@sinclair/typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { TypeCheck } from '@sinclair/typebox/compiler';
import { OcpiError } from './status.js';
import { CISTRING_PATTERN, PATTERN_MESSAGES, STRING_PATTERN } from './types.js';

export interface ValidationError {
  /** Readable JSON path of the offending field, e.g. `evses[0].uid`; `''` for the value itself. */
  path: string;
  /** What is wrong, e.g. `must be at most 36 characters`. */
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationError[] };

export interface Validator<T extends TSchema> {
  /** Checks a value: the value itself (typed) or the list of errors, most relevant first. */
  (value: unknown): ValidationResult<Static<T>>;
  readonly schema: T;
  /** The bare compiled check (type guard), no error details. */
  check(value: unknown): value is Static<T>;
  /** Error details for a value (empty when valid). */
  errors(value: unknown): ValidationError[];
}

/** At most this many errors are reported for one value. */
const MAX_ERRORS = 20;

const cache = new WeakMap<TSchema, Validator<TSchema>>();

/** Compiles (once per schema object) a validator for `schema`. */
export function compileValidator<T extends TSchema>(schema: T): Validator<T> {
  const cached = cache.get(schema);
  if (cached !== undefined) return cached as unknown as Validator<T>;
  const compiled: TypeCheck<T> = TypeCompiler.Compile(schema);
  const errors = (value: unknown): ValidationError[] => {
    if (compiled.Check(value)) return [];
    return explainErrors(schema, value, compiled);
  };
  const validate = ((value: unknown): ValidationResult<Static<T>> =>
    compiled.Check(value)
      ? { ok: true, value: value as Static<T> }
      : { ok: false, errors: explainErrors(schema, value, compiled) }) as Validator<T>;
  Object.defineProperties(validate, {
    schema: { value: schema, enumerable: true },
    check: { value: (value: unknown) => compiled.Check(value), enumerable: true },
    errors: { value: errors, enumerable: true },
  });
  cache.set(schema, validate as unknown as Validator<TSchema>);
  return validate;
}

/** Validates with the cached compiled validator of `schema`. */
export function validate<T extends TSchema>(schema: T, value: unknown): ValidationResult<Static<T>> {
  return compileValidator(schema)(value);
}

/** One error as a sentence: `evses[0].uid: must be at most 36 characters`. */
export function formatValidationError(error: ValidationError): string {
  return error.path === '' ? error.message : `${error.path}: ${error.message}`;
}

/** A single human message built from the first (most relevant) error. */
export function firstErrorMessage(errors: readonly ValidationError[]): string {
  const first = errors[0];
  return first === undefined ? 'invalid value' : formatValidationError(first);
}

/**
 * Returns the typed value or throws `OcpiError.invalid` (status 2001) whose message names the
 * first offending field, prefixed with `what` when given (e.g. `Invalid Location: evses[0].uid: …`).
 */
export function validateOrThrow<T extends TSchema>(schema: T, value: unknown, what?: string): Static<T> {
  const result = compileValidator(schema)(value);
  if (result.ok) return result.value;
  const message = firstErrorMessage(result.errors);
  throw OcpiError.invalid(what === undefined ? message : `Invalid ${what}: ${message}`);
}

// ---------------------------------------------------------------------------------------------
// Error explanation (only runs when the compiled check failed)
// ---------------------------------------------------------------------------------------------

type AnySchema = TSchema & Record<string | symbol, any>;

function explainErrors<T extends TSchema>(schema: T, value: unknown, compiled: TypeCheck<T>): ValidationError[] {
  const out: ValidationError[] = [];
  explain(schema as AnySchema, value, '', out);
  if (out.length === 0) {
    // The walker met a construct it does not know: fall back to TypeBox's own first error.
    const first = compiled.Errors(value).First();
    out.push({
      path: first === undefined ? '' : pointerToPath(first.path),
      message: first === undefined ? 'invalid value' : first.message,
    });
  }
  return out;
}

function explain(schema: AnySchema, value: unknown, path: string, out: ValidationError[]): void {
  if (out.length >= MAX_ERRORS) return;
  switch (schema[Kind]) {
    case 'Object':
      return explainObject(schema, value, path, out);
    case 'Array':
      return explainArray(schema, value, path, out);
    case 'Union':
      return explainUnion(schema, value, path, out);
    case 'String':
      return explainString(schema, value, path, out);
    case 'Number':
    case 'Integer':
      return explainNumber(schema, value, path, out);
    case 'Boolean':
      if (typeof value !== 'boolean') out.push({ path, message: `must be a boolean${got(value)}` });
      return;
    case 'Null':
      if (value !== null) out.push({ path, message: `must be null${got(value)}` });
      return;
    case 'Literal':
      if (value !== schema.const) out.push({ path, message: `must be ${String(schema.const)}${got(value)}` });
      return;
    default:
      return;
  }
}

function explainObject(schema: AnySchema, value: unknown, path: string, out: ValidationError[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    out.push({ path, message: `must be an object${got(value)}` });
    return;
  }
  const record = value as Record<string, unknown>;
  const properties = (schema.properties ?? {}) as Record<string, AnySchema>;
  const required = new Set<string>((schema.required as string[] | undefined) ?? []);
  for (const [key, property] of Object.entries(properties)) {
    if (out.length >= MAX_ERRORS) return;
    const child = joinKey(path, key);
    const v = record[key];
    if (v === undefined) {
      if (required.has(key) && property[OptionalKind] === undefined && !acceptsUndefined(property)) {
        out.push({ path: child, message: 'is required' });
      }
      continue;
    }
    if (v === null && !acceptsNull(property) && required.has(key)) {
      out.push({ path: child, message: 'is required (must not be null)' });
      continue;
    }
    explain(property, v, child, out);
  }
  if (schema.additionalProperties === false) {
    for (const key of Object.keys(record)) {
      if (!(key in properties)) out.push({ path: joinKey(path, key), message: 'is not an allowed property' });
    }
  } else if (typeof schema.additionalProperties === 'object') {
    for (const [key, v] of Object.entries(record)) {
      if (!(key in properties)) explain(schema.additionalProperties as AnySchema, v, joinKey(path, key), out);
    }
  }
}

function explainArray(schema: AnySchema, value: unknown, path: string, out: ValidationError[]): void {
  if (!Array.isArray(value)) {
    out.push({ path, message: `must be an array${got(value)}` });
    return;
  }
  if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
    out.push({ path, message: `must contain at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}` });
  }
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
    out.push({ path, message: `must contain at most ${schema.maxItems} item${schema.maxItems === 1 ? '' : 's'}` });
  }
  const items = schema.items as AnySchema | undefined;
  if (items === undefined) return;
  for (let i = 0; i < value.length && out.length < MAX_ERRORS; i++) explain(items, value[i], `${path}[${i}]`, out);
}

function explainUnion(schema: AnySchema, value: unknown, path: string, out: ValidationError[]): void {
  const variants = schema.anyOf as AnySchema[];
  const nonNull = variants.filter((v) => v[Kind] !== 'Null');
  if (value === null && nonNull.length < variants.length) return;
  // Enum: a union of literals.
  if (nonNull.length > 0 && nonNull.every((v) => v[Kind] === 'Literal')) {
    if (!nonNull.some((v) => v.const === value)) {
      const values = nonNull.map((v) => String(v.const));
      const message = values.length === 1 ? `must be ${values[0]}` : `must be one of ${values.join(', ')}`;
      out.push({ path, message: `${message}${got(value)}` });
    }
    return;
  }
  // Nullable single type: explain against that type.
  if (nonNull.length === 1) {
    explain(nonNull[0]!, value, path, out);
    return;
  }
  // General union: report the errors of the closest variant (fewest errors, matching JSON type first).
  let best: ValidationError[] | undefined;
  for (const variant of nonNull) {
    const errors: ValidationError[] = [];
    explain(variant, value, path, errors);
    if (errors.length === 0) return;
    if (best === undefined || scoreOf(errors, path) < scoreOf(best, path)) best = errors;
  }
  if (best !== undefined) out.push(...best.slice(0, MAX_ERRORS - out.length));
}

/** Fewer errors is closer; a variant of the wrong JSON type altogether is farthest. */
function scoreOf(errors: ValidationError[], path: string): number {
  const typeMismatch = errors.length === 1 && errors[0]!.path === path && / \(got [a-z]+\)$/.test(errors[0]!.message);
  return typeMismatch ? Number.MAX_SAFE_INTEGER : errors.length;
}

function explainString(schema: AnySchema, value: unknown, path: string, out: ValidationError[]): void {
  if (typeof value !== 'string') {
    out.push({ path, message: `must be a string${got(value)}` });
    return;
  }
  const pattern = typeof schema.pattern === 'string' ? schema.pattern : undefined;
  const patternFails = pattern !== undefined && !patternRegExp(pattern).test(value);
  const patternMessage = () =>
    (pattern !== undefined && PATTERN_MESSAGES.get(pattern)) || `must match the pattern ${pattern ?? ''}`;
  // For formats (DateTime, URL, HH:MM …) the format says more than the length.
  if (patternFails && pattern !== CISTRING_PATTERN && pattern !== STRING_PATTERN) {
    out.push({ path, message: `${patternMessage()}${got(value)}` });
    return;
  }
  if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
    out.push({ path, message: `must be at most ${schema.maxLength} characters (got ${value.length})` });
  } else if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
    out.push({ path, message: `must be at least ${schema.minLength} characters (got ${value.length})` });
  } else if (patternFails) {
    out.push({ path, message: patternMessage() });
  }
}

function explainNumber(schema: AnySchema, value: unknown, path: string, out: ValidationError[]): void {
  const integer = schema[Kind] === 'Integer';
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    out.push({ path, message: `must be ${integer ? 'an integer' : 'a number'}${got(value)}` });
    return;
  }
  if (integer && !Number.isInteger(value)) {
    out.push({ path, message: `must be an integer (got ${value})` });
    return;
  }
  if (typeof schema.minimum === 'number' && value < schema.minimum) {
    out.push({ path, message: `must be at least ${schema.minimum} (got ${value})` });
  } else if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) {
    out.push({ path, message: `must be greater than ${schema.exclusiveMinimum} (got ${value})` });
  } else if (typeof schema.maximum === 'number' && value > schema.maximum) {
    out.push({ path, message: `must be at most ${schema.maximum} (got ${value})` });
  } else if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) {
    out.push({ path, message: `must be less than ${schema.exclusiveMaximum} (got ${value})` });
  } else if (typeof schema.multipleOf === 'number' && !isMultipleOf(value, schema.multipleOf)) {
    out.push({ path, message: `must be a multiple of ${schema.multipleOf} (got ${value})` });
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const regexps = new Map<string, RegExp>();
function patternRegExp(pattern: string): RegExp {
  let re = regexps.get(pattern);
  if (re === undefined) {
    re = new RegExp(pattern);
    regexps.set(pattern, re);
  }
  return re;
}

function isMultipleOf(value: number, divisor: number): boolean {
  const q = value / divisor;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

function acceptsNull(schema: AnySchema): boolean {
  switch (schema[Kind]) {
    case 'Null':
    case 'Any':
    case 'Unknown':
      return true;
    case 'Union':
      return (schema.anyOf as AnySchema[]).some(acceptsNull);
    default:
      return false;
  }
}

function acceptsUndefined(schema: AnySchema): boolean {
  return schema[Kind] === 'Any' || schema[Kind] === 'Unknown' || schema[Kind] === 'Undefined';
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
function joinKey(path: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** `/evses/0/uid` → `evses[0].uid` */
function pointerToPath(pointer: string): string {
  if (pointer === '' || pointer === '/') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => (/^[0-9]+$/.test(segment) ? `${path}[${segment}]` : joinKey(path, segment)), '');
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** ` (got number)` — the JSON type of a wrong value; the value itself for short scalars. */
function got(value: unknown): string {
  if (typeof value === 'string') return value.length <= 40 ? ` (got ${JSON.stringify(value)})` : ' (got a string)';
  if (typeof value === 'number' || typeof value === 'boolean') return ` (got ${String(value)})`;
  return ` (got ${typeName(value)})`;
}
