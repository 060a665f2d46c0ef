/**
 * Own objects as the library accepts them: the model's schema with `last_updated` optional in every
 * object however deep (Location → EVSE → Connector), because evroam stamps what changed. Inputs are
 * validated against these before anything walks them.
 */
import { Kind, OptionalKind, Type } from '@sinclair/typebox';
import type { TProperties, TSchema } from '@sinclair/typebox';

/** The schema with `last_updated` optional in every object however deep (Location → EVSE → Connector). */
export function lastUpdatedOptional<T extends TSchema>(schema: T): T {
  const s = schema as TSchema & Record<string, any>;
  let out: TSchema;
  switch (s[Kind]) {
    case 'Object': {
      const properties: TProperties = {};
      for (const [key, property] of Object.entries(s.properties as TProperties)) {
        properties[key] = key === 'last_updated' ? Type.Optional(property) : lastUpdatedOptional(property);
      }
      out = Type.Object(properties, optionsOf(s, ['type', 'properties', 'required']));
      break;
    }
    case 'Array':
      out = Type.Array(lastUpdatedOptional(s.items as TSchema), optionsOf(s, ['type', 'items']));
      break;
    case 'Union':
      out = Type.Union((s.anyOf as TSchema[]).map(lastUpdatedOptional), optionsOf(s, ['anyOf']));
      break;
    default:
      return schema;
  }
  return (s[OptionalKind] === 'Optional' ? Type.Optional(out) : out) as unknown as T;
}

function optionsOf(schema: Record<string, unknown>, structural: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(schema).filter(([key]) => !structural.includes(key)));
}
