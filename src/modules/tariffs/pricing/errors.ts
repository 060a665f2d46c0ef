/**
 * Input problems the engine cannot price around. `path` names the offending field in the input
 * (e.g. `session.meter_values[2].date_time`, `tariffs[0].elements[1].restrictions.start_time`) so
 * the CLI can point at the file and field.
 */
export class PricingInputError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(path === '' ? message : `${path}: ${message}`);
    this.name = 'PricingInputError';
  }
}
