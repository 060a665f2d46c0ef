/**
 * `evroam outbox list|replay|stats` as an operator runs them, beside a running node on the same
 * database: a refused change shows up dead, is replayed from the CLI, and the node delivers it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { backends } from '../helpers/backends.js';
import { CPO_PARTY } from '../helpers/nodes.js';
import { addPartner, envelope, locationChange, Receiver, startSender, waitFor } from './helpers.js';
import type { Sender } from './helpers.js';

const run = promisify(execFile);

for (const backend of backends) {
  describe(`CLI: evroam outbox (${backend.name})`, { skip: backend.skip }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'evroam-outbox-cli-'));
    let database: Awaited<ReturnType<typeof backend.fresh>>;
    let sender: Sender;
    let emsp: Receiver;
    let configFile: string;

    const evroam = async (...args: string[]) => {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--config', configFile, 'outbox', ...args]);
      return stdout;
    };

    before(async () => {
      database = await backend.fresh();
      sender = await startSender(database.config);
      emsp = await Receiver.start();
      configFile = join(dir, 'evroam.json');
      writeFileSync(configFile, JSON.stringify({ database: database.config, parties: [CPO_PARTY], logLevel: 'warn' }));
    });
    after(async () => {
      await emsp?.down();
      await sender?.close();
      await database?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    test('list --status dead shows a refused change; stats counts it; replay <id> has the running node deliver it', async () => {
      const partner = await addPartner(sender.node, emsp);
      let refuse = true;
      emsp.answer = (_request, response) => envelope(response, 200, refuse ? 2001 : 1000);
      const [id] = await sender.node.context.push.enqueue(locationChange('PUT', 'CLI1', { v: 1 }));
      await waitFor('dead', async () => (await sender.node.context.push.store.get(id!))?.status === 'dead');

      const dead = JSON.parse(await evroam('list', '--status', 'dead', '--partner', partner.id, '--json'));
      assert.deepEqual(dead.map((r: { id: number; method: string; path: string }) => [r.id, r.method, r.path]), [[id, 'PUT', '/NL/CPO/CLI1']]);
      assert.match(dead[0].lastError, /2001/);
      assert.match(await evroam('list'), new RegExp(`${id}\\s+dead`));

      const stats = JSON.parse(await evroam('stats', '--json'));
      assert.deepEqual(stats.map((s: { partnerId: string; counts: object }) => [s.partnerId, s.counts]), [[partner.id, { dead: 1 }]]);

      refuse = false;
      const replayed = JSON.parse(await evroam('replay', String(id), '--json'));
      assert.deepEqual(replayed.map((r: { id: number; status: string }) => [r.id, r.status]), [[id, 'pending']]);
      await waitFor('delivered by the running node', async () => (await sender.node.context.push.store.get(id!))?.status === 'delivered');
      assert.equal(emsp.requests.length, 2, 'refused once, delivered once');
    });

    test('replay --partner <id> --dead replays every dead row of a partner; a wrong call fails', async () => {
      const other = await addPartner(sender.node, emsp, { name: 'bulk' });
      assert.match(await evroam('replay', '--partner', other.id, '--dead'), /Replaying 0 row/);
      await assert.rejects(evroam('replay'), /give either a row id or --partner/);
      await assert.rejects(evroam('replay', '--partner', other.id), /add --dead/);
      await assert.rejects(evroam('replay', '999999'), /not dead/);
    });
  });
}
