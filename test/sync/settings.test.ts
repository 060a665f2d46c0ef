/** The `sync` settings: defaults, validation with the setting's path, and what the node derives from them. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, defaultConfig, loadConfig } from '../../src/config/load.js';
import { syncSettings } from '../../src/sync/index.js';

describe('sync settings', () => {
  test('defaults: hourly with a 5-minute overlap (T-13: pull rarely); a config without `sync` gets them too', () => {
    assert.deepEqual(loadConfig({ env: {} }).sync, { intervalMinutes: 60, overlapMinutes: 5 });
    const { sync: _sync, ...withoutSync } = defaultConfig;
    const settings = syncSettings(withoutSync);
    assert.equal(settings.intervalMs, 3_600_000);
    assert.equal(settings.overlapMs, 300_000);
    assert.ok(settings.leaseMs > 2 * defaultConfig.limits.requestTimeoutMs, 'a lease outlives any page');
  });

  test('0 disables the schedule; a partial `sync` keeps the other default', () => {
    assert.equal(syncSettings(loadConfig({ env: {}, overrides: { 'sync.intervalMinutes': 0 } })).intervalMs, 0);
    // Library users build configs by hand: a `sync` object with one setting keeps the other default.
    const settings = syncSettings({ ...defaultConfig, sync: { intervalMinutes: 0 } });
    assert.deepEqual([settings.intervalMs, settings.overlapMs], [0, 300_000]);
  });

  test('a negative interval or an unknown sync setting is refused, naming the path', () => {
    assert.throws(() => loadConfig({ env: {}, overrides: { 'sync.intervalMinutes': -1 } }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.ok(error.problems.some((p) => p.startsWith('sync.intervalMinutes')), error.message);
      return true;
    });
    assert.throws(() => loadConfig({ env: {}, overrides: { 'sync.everyMinutes': 5 } }), /sync/);
  });
});
