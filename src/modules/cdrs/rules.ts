/**
 * What a CPO's CDR must satisfy beyond its schema before evroam sends it (PIT-20: validate before
 * sending, never fix silently). Received CDRs are held to the schema only: refusing a partner's
 * billing record over an informational detail helps nobody.
 */
import { OcpiError } from '../../core/status.js';
import { SESSION_ONLY_DIMENSION_TYPES } from './schema.js';
import type { CDR } from './schema.js';

export function assertSendableCdr(cdr: CDR): void {
  if (cdr.credit === true && (cdr.credit_reference_id == null || cdr.credit_reference_id === '')) {
    throw OcpiError.invalid('Invalid CDR: credit_reference_id: is required for a Credit CDR (CDR-01)');
  }
  if (cdr.credit !== true && cdr.id.length > 36) {
    throw OcpiError.invalid(`Invalid CDR: id: must be at most 36 characters unless credit is true (got ${cdr.id.length})`);
  }
  cdr.charging_periods.forEach((period, p) =>
    period.dimensions.forEach((dimension, d) => {
      if (SESSION_ONLY_DIMENSION_TYPES.includes(dimension.type)) {
        throw OcpiError.invalid(`Invalid CDR: charging_periods[${p}].dimensions[${d}].type: ${dimension.type} belongs in Sessions only (CDR-17)`);
      }
    }),
  );
}
