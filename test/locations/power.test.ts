/** The most a Connector delivers (mod_locations Connector: max_voltage, max_amperage, max_electric_power), without I/O. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connectorMaxPowerW } from '../../src/modules/locations/power.js';

describe('connector power', () => {
  test('voltage × amperage × phases (max_voltage is line to neutral), capped by max_electric_power', () => {
    assert.equal(connectorMaxPowerW({ power_type: 'AC_1_PHASE', max_voltage: 230, max_amperage: 16 }), 3680);
    assert.equal(connectorMaxPowerW({ power_type: 'AC_2_PHASE', max_voltage: 230, max_amperage: 16 }), 7360);
    assert.equal(connectorMaxPowerW({ power_type: 'AC_3_PHASE', max_voltage: 230, max_amperage: 32 }), 22080);
    assert.equal(connectorMaxPowerW({ power_type: 'DC', max_voltage: 920, max_amperage: 400, max_electric_power: 150000 }), 150000);
    assert.equal(connectorMaxPowerW({ power_type: 'AC_3_PHASE', max_voltage: 230, max_amperage: 16, max_electric_power: 50000 }), 11040, 'a higher max_electric_power does not raise it');
    assert.equal(connectorMaxPowerW({ power_type: 'DC', max_voltage: 400, max_amperage: 125, max_electric_power: null }), 50000);
  });
});
