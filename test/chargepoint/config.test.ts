/**
 * The `charging` settings of the configuration reach the charging recorder (currency, how often a
 * running Session is PATCHed) and the in-process chargers (meter interval, power cap); bad values
 * stop the node before it starts, naming the setting.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inProcessChargePointsOf } from '../../src/chargepoint/attach.js';
import { DEFAULT_RECORDER_SETTINGS, chargingRecorderOf } from '../../src/chargepoint/recorder.js';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { sqlite } from '../helpers/backends.js';
import { startNode } from '../helpers/nodes.js';
import type { TestNode } from '../helpers/nodes.js';

describe('charging settings', () => {
  let configured: TestNode;
  let defaults: TestNode;

  before(async () => {
    configured = await startNode(sqlite, {
      config: { charging: { currency: 'CHF', sessionUpdateSeconds: 30, sessionUpdateKwh: 0.5, simulation: { meterIntervalSeconds: 2, maxPowerW: 3700 } } },
    });
    defaults = await startNode(sqlite);
  });
  after(async () => {
    await configured?.close();
    await defaults?.close();
  });

  test('reach the recorder and the in-process chargers', () => {
    const ctx = configured.node.context;
    assert.deepEqual({ ...chargingRecorderOf(ctx).settings }, { currency: 'CHF', updateIntervalMs: 30_000, updateKwh: 0.5 });
    const simulation = inProcessChargePointsOf(ctx).simulation;
    assert.equal(simulation.meterIntervalMs, 2000);
    assert.equal(simulation.maxPowerW, 3700);
  });

  test('absent, the defaults hold', () => {
    const ctx = defaults.node.context;
    assert.deepEqual({ ...chargingRecorderOf(ctx).settings }, DEFAULT_RECORDER_SETTINGS);
    assert.equal(inProcessChargePointsOf(ctx).simulation.maxPowerW, 11_000);
  });

  test('a bad value is a config error naming the setting', () => {
    const problems = (overrides: Record<string, unknown>) => {
      try {
        loadConfig({ env: {}, overrides });
        return [];
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.problems;
      }
    };
    assert.match(problems({ 'charging.currency': 'eur' }).join('\n'), /charging\.currency/);
    assert.match(problems({ 'charging.simulation': { maxPowerW: 0 } }).join('\n'), /charging\.simulation\.maxPowerW/);
    assert.match(problems({ 'charging.sessionUpdateKwh': 0 }).join('\n'), /charging\.sessionUpdateKwh/);
  });
});
