/** `evroam tariff price` and `evroam tariff verify`, driven through commander as the CLI runs them. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerTariffCommands } from '../../src/cli/tariff-commands.js';

const EXAMPLES = new URL('../../examples/pricing/', import.meta.url).pathname;
const example = (name: string) => join(EXAMPLES, name);

async function evroam(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  let code = -1;
  const program = new Command().name('evroam').exitOverride();
  program.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  registerTariffCommands(program, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    setExitCode: (c) => (code = c),
  });
  await program.parseAsync(['node', 'evroam', ...args]);
  return { code, out, err };
}

const tmp = mkdtempSync(join(tmpdir(), 'evroam-pricing-'));
function file(name: string, value: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

describe('evroam tariff price', () => {
  test('TAR-06 prices the complex example session: charging periods and totals as a table', async () => {
    const r = await evroam(
      'tariff', 'price',
      '--tariff', example('tariff-complex.json'),
      '--session', example('session-complex-monday.json'),
    );
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Tariff COMPLEX-1 \(EUR\), local time Europe\/Amsterdam/);
    assert.match(r.out, /total_cost\s+9\s+10\.3/);
    assert.match(r.out, /step_size: PARKING_TIME total 0\.7 rounded up to 0\.75/);
  });

  test('TAR-08 --json gives the full result; min_price, max_price and the reservation examples price', async () => {
    const r = await evroam(
      'tariff', 'price', '--json',
      '--tariff', example('tariff-energy-start-parking.json'),
      '--session', example('session-energy-parking.json'),
    );
    assert.equal(r.code, 0, r.err);
    const priced = JSON.parse(r.out);
    assert.deepEqual(priced.total_cost, { excl_vat: 7, incl_vat: 7.9 });
    assert.equal(priced.charging_periods.length, 2);

    const used = JSON.parse((await evroam('tariff', 'price', '--json', '--tariff', example('tariff-reservation.json'), '--session', example('session-reservation.json'))).out);
    assert.deepEqual(used.total_cost, { excl_vat: 6.5, incl_vat: 7.3 });
    const expired = JSON.parse((await evroam('tariff', 'price', '--json', '--tariff', example('tariff-reservation.json'), '--session', example('session-reservation-expired.json'))).out);
    assert.deepEqual(expired.total_cost, { excl_vat: 6, incl_vat: 7.2 });
  });

  test('--tz overrides the session file; a bad zone is bad input (exit 2)', async () => {
    const r = await evroam(
      'tariff', 'price', '--tz', 'Mars/Olympus',
      '--tariff', example('tariff-complex.json'),
      '--session', example('session-complex-monday.json'),
    );
    assert.equal(r.code, 2);
    assert.match(r.err, /--tz: must be an IANA time zone/);
  });

  test('a missing time zone for a tariff with local-time restrictions names --tz', async () => {
    const session = JSON.parse(readFileSync(example('session-complex-monday.json'), 'utf8'));
    delete session.time_zone;
    const r = await evroam('tariff', 'price', '--tariff', example('tariff-complex.json'), '--session', file('no-tz.json', session));
    assert.equal(r.code, 2);
    assert.match(r.err, /--tz \(or time_zone in the session file\): is required: tariff COMPLEX-1/);
  });

  test('bad input names the file and the field (exit 2)', async () => {
    const tariff = JSON.parse(readFileSync(example('tariff-complex.json'), 'utf8'));
    tariff.elements[1].price_components[0].price = 'one euro';
    const badTariff = await evroam('tariff', 'price', '--tariff', file('bad-tariff.json', tariff), '--session', example('session-complex-monday.json'));
    assert.equal(badTariff.code, 2);
    assert.match(badTariff.err, /bad-tariff\.json: elements\[1\]\.price_components\[0\]\.price: /);

    const session = JSON.parse(readFileSync(example('session-complex-monday.json'), 'utf8'));
    session.meter_values[1].date_time = 'yesterday';
    const badSession = await evroam('tariff', 'price', '--tariff', example('tariff-complex.json'), '--session', file('bad-session.json', session));
    assert.equal(badSession.code, 2);
    assert.match(badSession.err, /bad-session\.json: meter_values\[1\]\.date_time: must be a DateTime/);

    const notJson = await evroam('tariff', 'price', '--tariff', file('broken.json', '{"id": '), '--session', example('session-complex-monday.json'));
    assert.equal(notJson.code, 2);
    assert.match(notJson.err, /broken\.json: not valid JSON/);

    const missing = await evroam('tariff', 'price', '--tariff', join(tmp, 'nope.json'), '--session', example('session-complex-monday.json'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nope\.json: cannot read the tariff file \(ENOENT\)/);
  });
});

describe('evroam tariff verify', () => {
  test('CDR-12 a CDR that matches its embedded tariff exits 0 and prints both columns', async () => {
    const r = await evroam('tariff', 'verify', '--cdr', example('cdr-complex-monday.json'), '--tz', 'Europe/Amsterdam');
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /CDR CDR-2024-0001 \(EUR\): matches its tariffs/);
    assert.match(r.out, /total_parking_cost\s+3\.75\s+3\.75\s+4\.13\s+4\.125/);
  });

  test('CDR-12 a CDR with a wrong time cost exits 1 and lists each difference with its reason', async () => {
    const r = await evroam('tariff', 'verify', '--json', '--cdr', example('cdr-complex-monday-wrong.json'), '--tariff', example('tariff-complex.json'), '--tz', 'Europe/Amsterdam');
    assert.equal(r.code, 1);
    const v = JSON.parse(r.out);
    assert.deepEqual(
      v.differences.map((d: { field: string }) => d.field),
      ['total_cost.excl_vat', 'total_cost.incl_vat', 'total_time_cost.excl_vat', 'total_time_cost.incl_vat'],
    );
    assert.match(v.differences[2].reason, /2\.75 h at 1 per h \(tariff COMPLEX-1 element 1, VAT 20%\)/);
    assert.deepEqual(v.computed.total_cost, { excl_vat: 9, incl_vat: 10.3 });
  });

  test('a CDR failing the CDR schema is bad input naming the field', async () => {
    const cdr = JSON.parse(readFileSync(example('cdr-complex-monday.json'), 'utf8'));
    delete cdr.total_cost;
    const r = await evroam('tariff', 'verify', '--cdr', file('cdr-no-total.json', cdr), '--tz', 'Europe/Amsterdam');
    assert.equal(r.code, 2);
    assert.match(r.err, /cdr-no-total\.json: total_cost/);
  });

  test('--tolerance widens what counts as a difference', async () => {
    const cdr = JSON.parse(readFileSync(example('cdr-complex-monday.json'), 'utf8'));
    cdr.total_cost = { excl_vat: 9.01, incl_vat: 10.31 };
    const path = file('cdr-cent.json', cdr);
    assert.equal((await evroam('tariff', 'verify', '--cdr', path, '--tz', 'Europe/Amsterdam')).code, 1);
    assert.equal((await evroam('tariff', 'verify', '--cdr', path, '--tz', 'Europe/Amsterdam', '--tolerance', '0.01')).code, 0);
  });
});
