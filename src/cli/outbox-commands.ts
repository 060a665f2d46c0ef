/**
 * `evroam outbox …`: inspect the push outbox and replay dead letters. Works on the node's database
 * directly, so it runs beside `evroam start`; the CLI never delivers itself — the running node picks
 * replayed rows up at its next poll.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { print, withNode } from './node-session.js';
import type { OutboxRow, OutboxStatus, PartnerStats } from '../push/index.js';

const STATUSES: readonly OutboxStatus[] = ['pending', 'delivering', 'delivered', 'dead', 'superseded', 'dropped'];

function rowLine(r: OutboxRow): string {
  const error = r.lastError ? `  ${r.lastError}` : '';
  return `${String(r.id).padStart(6)}  ${r.status.padEnd(10)}  ${r.partnerId}  ${r.method.padEnd(6)} ${r.module}${r.path}  attempts=${r.attempts}  since=${r.pendingSince}${error}`;
}

function statsLine(s: PartnerStats): string {
  const counts = STATUSES.filter((st) => s.counts[st]).map((st) => `${st}=${s.counts[st]}`).join(' ') || 'empty';
  const paused = s.pausedUntil ? `  paused until ${s.pausedUntil} after ${s.failures} failures` : '';
  const oldest = s.oldestPending ? `  oldest undelivered ${s.oldestPending}` : '';
  return `${s.partnerId}  ${counts}${oldest}${paused}${s.lastError ? `  last error: ${s.lastError}` : ''}`;
}

function rowId(value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`"${value}" is not an outbox row id`);
  return Number(value);
}

export function registerOutboxCommands(program: Command): void {
  const outbox = program.command('outbox').description('the push outbox: changes on their way to partners (docs/push.md)');

  outbox
    .command('list')
    .description('list outbox rows, oldest first')
    .option('--partner <id>', 'only this partner')
    .addOption(new Option('--status <status>', 'only rows in this state').choices(STATUSES))
    .option('--limit <n>', 'at most this many rows', '100')
    .option('--json', 'machine-readable output')
    .action(async (options: { partner?: string; status?: OutboxStatus; limit: string; json?: boolean }, command: Command) =>
      withNode(command, async (node) => {
        const rows = await node.context.push.store.list({
          ...(options.partner ? { partnerId: options.partner } : {}),
          ...(options.status ? { status: options.status } : {}),
          limit: rowId(options.limit),
        });
        print(Boolean(options.json), rows, rows.length ? rows.map(rowLine).join('\n') : 'No rows.');
      }),
    );

  outbox
    .command('replay [id]')
    .description('send dead rows again: one row by id, or every dead row of a partner (--partner <id> --dead)')
    .option('--partner <id>', "the partner whose dead rows to replay")
    .option('--dead', 'with --partner: all its dead rows')
    .option('--json', 'machine-readable output')
    .action(async (id: string | undefined, options: { partner?: string; dead?: boolean; json?: boolean }, command: Command) =>
      withNode(command, async (node) => {
        if ((id === undefined) === (options.partner === undefined)) throw new Error('give either a row id or --partner <id> --dead');
        if (options.partner !== undefined && !options.dead) throw new Error('--partner replays dead rows only: add --dead');
        const target = id !== undefined ? { id: rowId(id) } : { partnerId: options.partner! };
        const rows = await node.context.push.store.replay(target, Date.now());
        if (id !== undefined && rows.length === 0) throw new Error(`row ${id} is not dead (or does not exist)`);
        print(Boolean(options.json), rows, `Replaying ${rows.length} row(s); a running node sends them at its next poll.`);
      }),
    );

  outbox
    .command('stats')
    .description('rows per partner and state, oldest undelivered change, backoff state')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) =>
      withNode(command, async (node) => {
        const stats = await node.context.push.store.stats();
        print(Boolean(options.json), stats, stats.length ? stats.map(statsLine).join('\n') : 'The outbox is empty.');
      }),
    );
}
