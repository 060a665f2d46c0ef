/**
 * `evroam sync <partnerId> <module|all> [--full] [--json]`: pull a partner's lists into this node
 * now (docs/sync.md). Works on the node's database directly, so it runs beside `evroam start`; the
 * sync lease keeps it from running a pair the node's scheduler is pulling at the same moment.
 */
import type { Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { PULL_MODULES, syncApi } from '../sync/index.js';
import type { PullModule, PullProgress, SyncReport } from '../sync/index.js';
import { configFrom, withNode } from './node-session.js';

interface SyncCommandOptions {
  full?: boolean;
  json?: boolean;
}

export function registerSyncCommands(program: Command): void {
  program
    .command('sync <partnerId> <module>')
    .description(
      `pull a partner's lists into this node (${PULL_MODULES.join(', ')} or all): since the last successful sync, or everything with --full`,
    )
    .option('--full', 'ignore the last sync: list everything and report (for tariffs: remove) what the partner no longer lists')
    .option('--json', 'machine-readable output')
    .action(async (partnerId: string, module: string, options: SyncCommandOptions, command: Command) => {
      const modules = parseModules(module);
      const bars = !options.json && process.stderr.isTTY ? new ProgressBars() : undefined;
      // Skipped objects are reported as logs (stderr), at the configured level.
      const reports = await withNode(
        command,
        (node) =>
          syncApi(node.context).service.sync(partnerId, modules, {
            full: Boolean(options.full),
            ...(bars ? { onProgress: (m: PullModule, p: Readonly<PullProgress>) => bars.update(m, p) } : {}),
          }),
        { logLevel: configFrom(command).logLevel },
      );
      bars?.stop();
      process.stdout.write(options.json ? `${JSON.stringify(reports, null, 2)}\n` : `${reports.map(summaryLine).join('\n') || 'Nothing to pull.'}\n`);
      if (reports.some((r) => r.status !== 'ok')) process.exitCode = 1;
    });
}


function parseModules(module: string): PullModule[] | 'all' {
  if (module === 'all') return 'all';
  if ((PULL_MODULES as readonly string[]).includes(module)) return [module as PullModule];
  throw new Error(`"${module}" is not a module to pull: use one of ${PULL_MODULES.join(', ')} or all`);
}

/** `locations  ok  incremental from …  received 3  stored 3  skipped 0 invalid, 0 foreign party  0.4 s` */
export function summaryLine(r: SyncReport): string {
  const kind = r.full ? 'full' : `incremental from ${r.dateFrom}`;
  const parts = [
    r.module.padEnd(9),
    r.status,
    kind,
    `received ${r.received}`,
    `stored ${r.stored}`,
    `skipped ${r.invalid} invalid, ${r.foreign} foreign party`,
  ];
  if (r.full) parts.push(`no longer listed ${r.stale}${r.removed ? ` (removed ${r.removed})` : ''}`);
  parts.push(`${(r.durationMs / 1000).toFixed(1)} s`);
  if (r.error) parts.push(`error: ${r.error}`);
  return parts.join('  ');
}

/** One bar per module on stderr; the total is the partner's X-Total-Count (PAG-06). */
class ProgressBars {
  private bar: SingleBar | undefined;
  private module: PullModule | undefined;

  update(module: PullModule, progress: Readonly<PullProgress>): void {
    const done = progress.received;
    const total = progress.totalCount ?? done;
    const payload = { module: module.padEnd(9), stored: progress.stored, skipped: progress.invalid + progress.foreign };
    if (this.module !== module) {
      this.stop();
      this.module = module;
      this.bar = new SingleBar(
        { stream: process.stderr, format: '{module} [{bar}] {value}/{total}  stored {stored}  skipped {skipped}', hideCursor: true },
        Presets.shades_classic,
      );
      this.bar.start(total, done, payload);
      return;
    }
    this.bar!.setTotal(total);
    this.bar!.update(done, payload);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
