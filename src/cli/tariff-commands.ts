/**
 * `evroam tariff …`: price a session timeline under a tariff before publishing it, and verify a
 * received CDR against the tariffs it references. Both read JSON files and print either a table
 * or (`--json`) the engine's result.
 *
 * Exit codes: 0 priced / CDR matches, 1 the CDR differs from its recomputation, 2 bad input
 * (the message names the file and the field).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { firstErrorMessage, compileValidator } from '../core/validation.js';
import { CDR } from '../modules/cdrs/schema.js';
import { Tariff } from '../modules/tariffs/schema.js';
import { priceSession, PricingInputError, verifyCdr } from '../modules/tariffs/pricing/index.js';
import type {
  CdrTotals,
  CdrVerification,
  PeriodBreakdown,
  PricedSession,
  SessionTimeline,
} from '../modules/tariffs/pricing/index.js';

/** Where the commands write; tests pass their own. */
export interface TariffCommandIo {
  out(text: string): void;
  err(text: string): void;
  setExitCode(code: number): void;
}

const processIo: TariffCommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

export const EXIT_OK = 0;
export const EXIT_DIFFERENCES = 1;
export const EXIT_BAD_INPUT = 2;

/** Bad input: reported on stderr with exit code 2. */
class InputError extends Error {}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot read the ${what} file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

/** A file may hold one object, a list, or an OCPI response envelope around either. */
function unwrap(value: unknown): unknown[] {
  const data =
    typeof value === 'object' && value !== null && !Array.isArray(value) && 'data' in value && 'status_code' in value
      ? (value as { data: unknown }).data
      : value;
  return Array.isArray(data) ? data : [data];
}

interface Loaded<T> {
  value: T;
  file: string;
  /** Prefix of the value's fields in messages, e.g. `[1].` for the second tariff of a list. */
  prefix: string;
}

function loadTariffs(files: readonly string[]): Loaded<Tariff>[] {
  const check = compileValidator(Tariff);
  return files.flatMap((file) => {
    const items = unwrap(readJson(file, 'tariff'));
    return items.map((item, i) => {
      const prefix = items.length > 1 ? `[${i}].` : '';
      const result = check(item);
      if (!result.ok) throw new InputError(`${file}: ${prefix}${firstErrorMessage(result.errors)}`);
      return { value: result.value, file, prefix };
    });
  });
}

function loadCdr(file: string): CDR {
  const items = unwrap(readJson(file, 'CDR'));
  if (items.length !== 1) throw new InputError(`${file}: must hold exactly one CDR`);
  const result = compileValidator(CDR)(items[0]);
  if (!result.ok) throw new InputError(`${file}: ${firstErrorMessage(result.errors)}`);
  return result.value;
}

type SessionFile = SessionTimeline & { time_zone?: string | null };

function loadSession(file: string): SessionFile {
  const value = readJson(file, 'session');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${file}: must hold one session timeline object`);
  }
  return value as SessionFile;
}

/**
 * Maps an engine error path (`session.meter_values[2].date_time`, `tariffs[1].elements[0]…`,
 * `cdr.charging_periods[3]…`, `time_zone`) to the file it came from.
 */
function locate(
  error: PricingInputError,
  files: { session?: string; cdr?: string; tariffs: Loaded<unknown>[]; tz: string },
): string {
  const { path } = error;
  const rest = (prefix: string) => path.slice(prefix.length).replace(/^\./, '');
  const message = error.message.slice(path.length + 2);
  const tariff = /^tariffs?(?:\[(\d+)\])?\.?(.*)$/.exec(path);
  const cdrTariff = /^cdr\.tariffs\[(\d+)\]\.?(.*)$/.exec(path);
  if (cdrTariff && files.cdr) return `${files.cdr}: tariffs[${cdrTariff[1]}].${cdrTariff[2]}: ${message}`;
  if (path.startsWith('session') && files.session) return `${files.session}: ${rest('session') || '(session)'}: ${message}`;
  if (path.startsWith('cdr') && files.cdr) return `${files.cdr}: ${rest('cdr') || '(CDR)'}: ${message}`;
  if (path === 'time_zone') return `${files.tz}: ${message}`;
  if (tariff) {
    const loaded = files.tariffs[Number(tariff[1] ?? 0)];
    const field = tariff[2] ?? '';
    if (loaded) return `${loaded.file}: ${loaded.prefix}${field || '(tariff)'}: ${message}`;
  }
  return error.message;
}

// ---------------------------------------------------------------------------------------------
// Text output
// ---------------------------------------------------------------------------------------------

const TOTAL_PRICES = [
  'total_fixed_cost',
  'total_energy_cost',
  'total_time_cost',
  'total_parking_cost',
  'total_reservation_cost',
  'total_cost',
] as const;
const TOTAL_QUANTITIES = [
  ['total_energy', 'kWh'],
  ['total_time', 'h'],
  ['total_parking_time', 'h'],
] as const;

function num(n: number | null | undefined): string {
  return n === undefined || n === null ? '-' : String(n);
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map((r) => `  ${r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd()}`).join('\n');
}

function breakdownLines(periods: readonly PeriodBreakdown[]): string {
  const rows: string[][] = [['period', 'from', 'to', 'state', 'dimension', 'volume', 'billed', 'price', 'excl. VAT', 'incl. VAT']];
  for (const p of periods) {
    const state = p.phase === 'SESSION' ? (p.charging ? 'charging' : 'parking') : p.phase.toLowerCase();
    for (const d of p.dimensions) {
      const c = d.component;
      const priceText =
        c === null
          ? 'free'
          : `${c.price}${d.unit === 'fee' ? '' : `/${d.unit}`} (el. ${c.element}, ${c.vat === null ? 'no VAT' : `VAT ${c.vat}%`}, step ${c.step_size})`;
      rows.push([
        String(p.charging_period),
        p.start_date_time,
        p.end_date_time,
        state,
        d.type,
        d.unit === 'fee' ? '' : `${d.volume} ${d.unit}`,
        d.unit === 'fee' || d.billed_volume === d.volume ? '' : `${d.billed_volume} ${d.unit}`,
        priceText,
        d.cost.excl_vat,
        d.cost.incl_vat,
      ]);
    }
  }
  return table(rows);
}

function priceText(r: PricedSession, zone: string | undefined): string {
  const lines: string[] = [];
  lines.push(`Tariff ${r.tariff_id} (${r.currency})${zone ? `, local time ${zone}` : ''}`);
  lines.push(`${r.start_date_time} → ${r.end_date_time}`);
  lines.push('', 'Charging periods');
  lines.push(
    table([
      ['#', 'start_date_time', 'tariff_id', 'dimensions'],
      ...r.charging_periods.map((p, i) => [
        String(i),
        p.start_date_time,
        p.tariff_id ?? '-',
        p.dimensions.map((d) => `${d.type} ${d.volume}`).join(', '),
      ]),
    ]),
  );
  lines.push('', 'How each period is priced (exact amounts)', breakdownLines(r.explanation.periods));
  for (const s of r.explanation.step_size) {
    lines.push(
      `step_size: ${s.dimension} total ${s.total} rounded up to ${s.rounded_total} (step_size ${s.step_size}, added in period ${s.period})`,
    );
  }
  const limit = r.explanation.price_limit;
  if (limit !== null) {
    lines.push(`${limit.applied.join(' and ')} applied: the sum was ${limit.before.excl_vat} excl. / ${limit.before.incl_vat} incl. VAT`);
  }
  lines.push('', 'Totals');
  lines.push(
    table([
      ['', 'excl. VAT', 'incl. VAT'],
      ...TOTAL_PRICES.map((f) => [f, num(r[f].excl_vat), num(r[f].incl_vat)]),
    ]),
  );
  lines.push(table(TOTAL_QUANTITIES.map(([f, unit]) => [f, `${r[f]} ${unit}`])));
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

function verifyText(v: CdrVerification, cdrId: string): string {
  const lines: string[] = [];
  const reported = v.reported as Partial<Record<keyof CdrTotals, unknown>>;
  lines.push(`CDR ${cdrId} (${v.currency}): ${v.ok ? 'matches its tariffs' : `${v.differences.length} difference(s)`}`, '');
  const rows: string[][] = [['', 'CDR excl.', 'computed excl.', 'CDR incl.', 'computed incl.']];
  for (const f of TOTAL_PRICES) {
    const mine = reported[f] as { excl_vat: number; incl_vat?: number | null } | undefined;
    rows.push([f, num(mine?.excl_vat), num(v.computed[f].excl_vat), num(mine?.incl_vat), num(v.computed[f].incl_vat)]);
  }
  lines.push(table(rows));
  lines.push(
    table([
      ['', 'CDR', 'computed'],
      ...TOTAL_QUANTITIES.map(([f, unit]) => [f, `${num(reported[f] as number | undefined)} ${unit}`, `${v.computed[f]} ${unit}`]),
    ]),
  );
  if (v.differences.length > 0) {
    lines.push('', 'Differences');
    for (const d of v.differences) {
      lines.push(`  ${d.field}: CDR ${num(d.reported as number)}, computed ${num(d.computed as number)}`, `    ${d.reason}`);
    }
  }
  if (v.notes.length > 0) {
    lines.push('', 'Notes');
    for (const n of v.notes) lines.push(`  ${n}`);
  }
  lines.push('', 'How each period is priced (exact amounts)', breakdownLines(v.explanation.periods));
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

interface PriceOptions {
  tariff: string[];
  session: string;
  tz?: string;
  json?: boolean;
  decimals?: string;
}

interface VerifyOptions {
  cdr: string;
  tariff?: string[];
  tz?: string;
  json?: boolean;
  tolerance?: string;
}

function decimalsOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 12) throw new InputError(`--decimals must be an integer from 0 to 12 (got ${value})`);
  return n;
}

function runPrice(options: PriceOptions, io: TariffCommandIo): number {
  const tariffs = loadTariffs(options.tariff);
  const session = loadSession(options.session);
  const { time_zone: fileZone, ...timeline } = session;
  const zone = options.tz ?? fileZone ?? undefined;
  try {
    const decimals = decimalsOption(options.decimals);
    const result = priceSession({
      tariffs: tariffs.map((t) => t.value),
      time_zone: zone ?? null,
      session: timeline,
      ...(decimals === undefined ? {} : { options: { decimals } }),
    });
    io.out(options.json ? `${JSON.stringify(result, null, 2)}\n` : priceText(result, zone ?? undefined));
    return EXIT_OK;
  } catch (error) {
    if (error instanceof PricingInputError) {
      const tz = options.tz !== undefined ? '--tz' : fileZone ? `${options.session}: time_zone` : '--tz (or time_zone in the session file)';
      throw new InputError(locate(error, { session: options.session, tariffs, tz }));
    }
    throw error;
  }
}

function runVerify(options: VerifyOptions, io: TariffCommandIo): number {
  const cdr = loadCdr(options.cdr);
  const tariffs = loadTariffs(options.tariff ?? []);
  try {
    const tolerance = options.tolerance;
    if (tolerance !== undefined && !/^\d+(\.\d+)?$/.test(tolerance)) {
      throw new InputError(`--tolerance must be a non-negative amount such as 0.005 (got ${tolerance})`);
    }
    const result = verifyCdr(
      cdr,
      tariffs.map((t) => t.value),
      { time_zone: options.tz ?? null, ...(tolerance === undefined ? {} : { tolerance }) },
    );
    io.out(options.json ? `${JSON.stringify(result, null, 2)}\n` : verifyText(result, cdr.id));
    return result.ok ? EXIT_OK : EXIT_DIFFERENCES;
  } catch (error) {
    if (error instanceof PricingInputError) {
      throw new InputError(locate(error, { cdr: options.cdr, tariffs, tz: '--tz' }));
    }
    throw error;
  }
}

function guarded(io: TariffCommandIo, name: string, work: () => number): void {
  try {
    io.setExitCode(work());
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.err(`evroam tariff ${name}: ${error.message}\n`);
    io.setExitCode(EXIT_BAD_INPUT);
  }
}

export function registerTariffCommands(program: Command, io: TariffCommandIo = processIo): void {
  const tariff = program
    .command('tariff')
    .description('price sessions by OCPI tariffs and check CDRs against them (see docs/pricing.md)');

  tariff
    .command('price')
    .description('price a session timeline under a tariff: charging periods and CDR totals')
    .requiredOption('--tariff <file...>', 'Tariff JSON file(s); among several, the one valid for the session and its tariff_type applies')
    .requiredOption('--session <file>', 'session timeline JSON file (docs/pricing.md)')
    .option('--tz <zone>', "the Location's IANA time zone, e.g. Europe/Amsterdam (overrides time_zone in the session file)")
    .option('--decimals <n>', 'decimals of the OCPI numbers in the result (default 4)')
    .option('--json', 'machine-readable output: the full pricing result')
    .action((options: PriceOptions) => guarded(io, 'price', () => runPrice(options, io)));

  tariff
    .command('verify')
    .description("recompute a CDR's totals from its charging periods and tariffs; exit 1 when they differ")
    .requiredOption('--cdr <file>', 'CDR JSON file')
    .option('--tariff <file...>', 'Tariff JSON file(s) the CDR references (default: the tariffs embedded in the CDR)')
    .option('--tz <zone>', "the Location's IANA time zone (needed when a tariff restricts time of day, date or weekday)")
    .option('--tolerance <amount>', 'largest accepted difference of an amount (default 0.005)')
    .option('--json', 'machine-readable output: computed and reported totals, differences, notes')
    .action((options: VerifyOptions) => guarded(io, 'verify', () => runVerify(options, io)));
}
