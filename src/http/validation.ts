import type { TSchema } from '@sinclair/typebox';
import type { FastifySchemaCompiler } from 'fastify';
import { OcpiError } from '../core/status.js';
import { compileValidator, firstErrorMessage } from '../core/validation.js';

const PART: Record<string, string> = { body: 'body', querystring: 'query parameter', params: 'URL segment', headers: 'header' };

/**
 * Route schemas are TypeBox schemas validated by the core's compiled validators (compiled once,
 * at route registration). A failure is OCPI status 2001 naming the field (ST-03, TYP-03).
 */
export const typeboxValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const validate = compileValidator(schema);
  const part = PART[httpPart ?? 'body'] ?? httpPart;
  return (value: unknown) => {
    const result = validate(value);
    if (result.ok) return { value: result.value };
    return { error: OcpiError.invalid(`Invalid ${part}: ${firstErrorMessage(result.errors)}`, { errors: result.errors.slice(0, 10) }) };
  };
};
