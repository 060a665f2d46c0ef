/**
 * The typed OCPI 2.2.1 model: every TypeBox schema (which is also the TypeScript type of the same
 * name), the primitives and the validator. Library users import from here.
 *
 *   import { Location, compileValidator } from './model.js';
 *   const check = compileValidator(Location);
 *   const result = check(body); // { ok: true, value } | { ok: false, errors: [{ path, message }] }
 */
export * from './core/types.js';
export * from './core/validation.js';
export * from './modules/versions/schema.js';
export * from './modules/credentials/schema.js';
export * from './modules/locations/schema.js';
export * from './modules/sessions/schema.js';
export * from './modules/cdrs/schema.js';
export * from './modules/tariffs/schema.js';
export * from './modules/tokens/schema.js';
export * from './modules/commands/schema.js';
export * from './modules/chargingprofiles/schema.js';
export * from './modules/hubclientinfo/schema.js';
