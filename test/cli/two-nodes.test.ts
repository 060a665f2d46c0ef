/**
 * The README's walk-through, as a user runs it: two `evroam start` processes (a CPO and an eMSP)
 * connected with `partners invite` and `partners register`, then rotated and unregistered, all
 * through the CLI (CRED-04..CRED-15).
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { freePort } from '../helpers/nodes.js';

const run = promisify(execFile);
const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

async function evroam(config: string, ...args: string[]) {
  const { stdout } = await run(process.execPath, [...CLI, '--config', config, ...args], { env: { ...process.env, EVROAM_LOG_LEVEL: 'warn' } });
  return stdout;
}

async function waitForHealth(url: string) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

describe('CLI: connecting two evroam nodes as the README says', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evroam-cli-'));
  const servers: ChildProcess[] = [];
  const configs: Record<'cpo' | 'emsp', { file: string; url: string }> = {} as never;

  before(async () => {
    for (const [name, party] of [
      ['cpo', { role: 'CPO', country_code: 'NL', party_id: 'CPO', business_details: { name: 'CLI CPO' } }],
      ['emsp', { role: 'EMSP', country_code: 'DE', party_id: 'MSP', business_details: { name: 'CLI eMSP' } }],
    ] as const) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify({ publicUrl: url, listen: { host: '127.0.0.1', port }, database: { sqliteFile: join(dir, `${name}.db`) }, parties: [party], logLevel: 'warn' }));
      configs[name] = { file, url };
      servers.push(spawn(process.execPath, [...CLI, '--config', file, 'start'], { stdio: 'ignore' }));
      await waitForHealth(url);
    }
  });

  after(async () => {
    for (const server of servers) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('invite, register, list, rotate, unregister', async () => {
    const invite = JSON.parse(await evroam(configs.cpo.file, 'partners', 'invite', 'the eMSP', '--json'));
    assert.equal(invite.versionsUrl, `${configs.cpo.url}/ocpi/versions`);
    assert.match(invite.token, /^[\x21-\x7e]{20,64}$/);

    const registered = JSON.parse(await evroam(configs.emsp.file, 'partners', 'register', 'the CPO', '--url', invite.versionsUrl, '--token', invite.token, '--json'));
    assert.equal(registered.status, 'REGISTERED');
    assert.equal(registered.tokenToPartner, undefined, 'the CLI never prints stored tokens');

    const atCpo = JSON.parse(await evroam(configs.cpo.file, 'partners', 'list', '--json'));
    assert.equal(atCpo.length, 1);
    assert.equal(atCpo[0].status, 'REGISTERED');
    assert.deepEqual(atCpo[0].roles.map((r: any) => r.party_id), ['MSP']);

    const rotated = JSON.parse(await evroam(configs.emsp.file, 'partners', 'rotate', registered.id, '--json'));
    assert.equal(rotated.status, 'REGISTERED');
    const shown = JSON.parse(await evroam(configs.cpo.file, 'partners', 'show', atCpo[0].id, '--json'));
    assert.deepEqual(shown.audit.map((a: any) => a.event), ['invited', 'registered', 'rotated']);

    const unregistered = JSON.parse(await evroam(configs.emsp.file, 'partners', 'unregister', registered.id, '--json'));
    assert.deepEqual(unregistered, { partnerId: registered.id });
    const after = JSON.parse(await evroam(configs.cpo.file, 'partners', 'list', '--json'));
    assert.equal(after[0].status, 'UNREGISTERED');
  });

  test('a configuration mistake is reported with the setting before anything starts (exit 78)', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ listen: { host: '127.0.0.1', port: 'eighty' } }));
    await assert.rejects(run(process.execPath, [...CLI, '--config', bad, 'start']), (error: any) => {
      assert.equal(error.code, 78);
      assert.match(error.stderr, /listen\.port/);
      return true;
    });
  });
});
