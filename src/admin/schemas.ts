/**
 * Schemas shared by the operator routes: the error body, list pages, pagination parameters, and
 * request bodies derived from the OCPI model (never re-declared here).
 */
import { Type } from '@sinclair/typebox';
import type { TObject, TProperties, TSchema } from '@sinclair/typebox';
import { DateTimeOf, definePattern } from '../core/types.js';
export { lastUpdatedOptional } from '../modules/shared/inputs.js';
import { validatedByModule } from './http.js';

export const ErrorBody = Type.Object(
  {
    error: Type.String({ description: 'Machine-readable kind: invalid_request, unauthorized, not_found, conflict, partner_error …' }),
    message: Type.String({ description: 'What went wrong, naming the field when one is at fault' }),
    field: Type.Optional(Type.String({ description: 'The offending field (JSON path, URL segment or query parameter)' })),
  },
  { description: 'An error of the operator API' },
);

/** Response schemas of the error statuses a route can answer (401 always). */
export function errors(...statuses: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = { 401: ErrorBody };
  for (const status of statuses) out[status] = ErrorBody;
  return out;
}

const COUNT_PATTERN = definePattern('^[0-9]{1,9}$', 'must be a non-negative integer');

/** A non-negative integer in a query string. */
export function CountParam(description: string) {
  return Type.String({ pattern: COUNT_PATTERN, description });
}

/** offset, limit, date_from, date_to: the OCPI list parameters, for operator lists too. */
export const PageQueryProperties = {
  offset: Type.Optional(CountParam('Index of the first object (default 0)')),
  limit: Type.Optional(CountParam('Page size (default and maximum: limits.pageLimit)')),
  date_from: Type.Optional(DateTimeOf({ description: 'Only objects with last_updated at or after this time' })),
  date_to: Type.Optional(DateTimeOf({ description: 'Only objects with last_updated before this time' })),
};
export const PageQuery = Type.Object(PageQueryProperties);

/** One page of a list; the `Link` header (rel="next") and `X-Total-Count` say the same. */
export function Page<T extends TSchema>(item: T, description: string) {
  return Type.Object(
    {
      total: Type.Integer({ description: 'Objects matching the filter' }),
      offset: Type.Integer(),
      limit: Type.Integer({ description: 'The page size in force' }),
      items: Type.Array(item),
    },
    { description },
  );
}

/**
 * A request body from an OCPI schema whose `optional` properties the operator may leave out
 * (evroam fills them: last_updated, identifiers given by the URL). The route validates it.
 */
export function InputOf<P extends TProperties>(schema: TObject<P>, optional: readonly (keyof P & string)[], description: string): TObject {
  const properties: TProperties = { ...schema.properties };
  for (const key of optional) properties[key] = Type.Optional(schema.properties[key]!);
  return Type.Object(properties, { description });
}

/** As {@link InputOf}, for a module that validates the body itself (documentation only here). */
export function ModuleInputOf<P extends TProperties>(schema: TObject<P>, optional: readonly (keyof P & string)[], description: string): TSchema {
  return validatedByModule(InputOf(schema, optional, description));
}

