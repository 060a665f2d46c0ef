/**
 * The tariff engine (pure: no I/O, no clock). Entry points:
 * - {@link priceSession}: price a session timeline under its tariff (CPO side);
 * - {@link verifyCdr}: recompute a received CDR's totals from its tariffs (eMSP side).
 * See docs/pricing.md.
 */
export { priceSession } from './price-session.js';
export type { PriceSessionInput } from './price-session.js';
export { verifyCdr } from './verify-cdr.js';
export type { CdrInput, CdrVerification, TotalDifference, VerifyCdrOptions } from './verify-cdr.js';
export { PricingInputError } from './errors.js';
export type { TariffInput } from './model.js';
export type { SessionTimeline, MeterValue, ReservationTimeline, TimeInterval } from './timeline.js';
export type * from './types.js';
