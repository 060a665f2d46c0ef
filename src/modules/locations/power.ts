/**
 * How much power a Connector can deliver at most (mod_locations Connector): max_electric_power
 * when set, never more than voltage × amperage × phases. An upper bound, for deciding what a
 * connector certainly cannot do; a car may draw less.
 */
import type { Connector, PowerType } from './schema.js';

/** Phases carrying max_amperage; max_voltage is line to neutral, so 2-phase and split phase count twice. */
const PHASES: Record<PowerType, number> = { AC_1_PHASE: 1, AC_2_PHASE: 2, AC_2_PHASE_SPLIT: 2, AC_3_PHASE: 3, DC: 1 };

/** The most power the Connector can deliver, in W. */
export function connectorMaxPowerW(connector: Pick<Connector, 'power_type' | 'max_voltage' | 'max_amperage' | 'max_electric_power'>): number {
  const computed = connector.max_voltage * connector.max_amperage * PHASES[connector.power_type];
  return connector.max_electric_power == null ? computed : Math.min(computed, connector.max_electric_power);
}
