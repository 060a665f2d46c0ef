/**
 * `evroam sync` as an operator or a script runs it, in its own process on the node's database:
 * the --json summary, the plain summary when stderr is no terminal, exit codes.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { defaultConfig } from '../../src/config/load.js';
import type { EvroamConfig } from '../../src/config/schema.js';
import type { Partner } from '../../src/modules/credentials/partner.js';
import { EvroamNode } from '../../src/node.js';
import { backends } from '../helpers/backends.js';
import { EMSP_PARTY } from '../helpers/nodes.js';
import { at, location } from '../locations/fixtures.js';
import { addSenderPartner, Receiver, servePages } from './helpers.js';

const run = promisify(execFile);
const hasScript = existsSync('/usr/bin/script');

for (const backend of backends) {
  describe(`CLI: evroam sync (${backend.name})`, { skip: backend.skip }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'evroam-sync-cli-'));
    let database: Awaited<ReturnType<typeof backend.fresh>>;
    let cpo: Receiver;
    let partner: Partner;
    let configFile: string;

    const evroam = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--config', configFile, 'sync', ...args]);

    before(async () => {
      database = await backend.fresh();
      const config: EvroamConfig = { ...structuredClone(defaultConfig), database: database.config, parties: [EMSP_PARTY], logLevel: 'warn' };
      configFile = join(dir, 'evroam.json');
      writeFileSync(configFile, JSON.stringify({ database: database.config, parties: [EMSP_PARTY], logLevel: 'warn' }));
      cpo = await Receiver.start();
      servePages(cpo, () => [[location('L1', at(1)), location('L2', at(2)), { id: 'BAD' }]]);
      const node = await EvroamNode.create(config);
      try {
        partner = await addSenderPartner(node, cpo, { modules: ['locations', 'tariffs'], role: 'CPO', countryCode: 'NL', partyId: 'CPO' });
      } finally {
        await node.close();
      }
    });
    after(async () => {
      await cpo?.down();
      await database?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    test('--json: one report per module with received, stored, skipped and duration; skipped objects logged on stderr', async () => {
      const { stdout, stderr } = await evroam(partner.id, 'locations', '--json');
      const reports = JSON.parse(stdout) as Array<Record<string, unknown>>;
      assert.equal(reports.length, 1);
      const { durationMs, startedAt, ...rest } = reports[0]!;
      assert.equal(typeof durationMs, 'number');
      assert.equal(typeof startedAt, 'string');
      assert.deepEqual(rest, { partnerId: partner.id, module: 'locations', status: 'ok', full: true, received: 3, stored: 2, invalid: 1, foreign: 0, stale: 0, removed: 0 });
      assert.match(stderr, /skipped an invalid object of a partner list \(T-15\)/);
    });

    test('without --json and without a terminal: a plain summary line per module, no progress bar', async () => {
      servePages(cpo, () => [[]]);
      const { stdout, stderr } = await evroam(partner.id, 'all');
      const lines = stdout.trim().split('\n');
      assert.equal(lines.length, 2);
      assert.match(lines[0]!, /^tariffs\s+ok\s+full\s+received 0\s+stored 0\s+skipped 0 invalid, 0 foreign party\s+no longer listed 0\s+\d+\.\d s$/);
      assert.match(lines[1]!, /^locations\s+ok\s+incremental from \S+Z\s+received 0\s+stored 0\s+skipped 0 invalid, 0 foreign party\s+\d+\.\d s$/);
      assert.doesNotMatch(stderr, /\[.*\]/, 'no progress bar when stderr is not a terminal');
    });

    test('on a terminal: a progress bar per module on stderr, its total from X-Total-Count', { skip: hasScript ? false : 'util-linux script (a pseudo-terminal) is not available' }, async () => {
      servePages(cpo, () => [[location('L1', at(1)), location('L2', at(2)), { id: 'BAD' }]]);
      const command = [process.execPath, '--import', 'tsx', 'src/cli/main.ts', '--config', configFile, 'sync', partner.id, 'locations', '--full'];
      // `script` runs the command on a pseudo-terminal, as an operator's shell would.
      const { stdout } = await run('script', ['-qec', command.map((arg) => `'${arg}'`).join(' '), '/dev/null']);
      assert.match(stdout, /locations +\[[^\]]+\] 3\/3 +stored 2 +skipped 1/);
      assert.match(stdout, /locations +ok +full +received 3 +stored 2/);
    });

    test('exit codes: 1 when a sync failed (the report says why), an error for an unknown module', async () => {
      await cpo.down();
      const failed = await evroam(partner.id, 'locations', '--json').then(
        () => assert.fail('expected exit code 1'),
        (error: { code: number; stdout: string }) => error,
      );
      assert.equal(failed.code, 1);
      const [report] = JSON.parse(failed.stdout) as Array<{ status: string; error: string }>;
      assert.equal(report!.status, 'failed');
      assert.match(report!.error, /ECONNREFUSED|connect|fetch failed/i);
      await assert.rejects(evroam(partner.id, 'chargers'), /"chargers" is not a module to pull/);
      await cpo.up();
    });
  });
}
