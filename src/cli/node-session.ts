/**
 * What every `evroam` command that works on a node's data shares: the configuration from the global
 * --config option, a node opened on its database without serving (no push delivery, no scheduled
 * sync), and output as text or --json. Logs go to stderr so that stdout carries only the output.
 */
import type { Command } from 'commander';
import pino from 'pino';
import { loadConfig } from '../config/load.js';
import type { EvroamConfig } from '../config/schema.js';
import { EvroamNode } from '../node.js';

export function configFrom(command: Command): EvroamConfig {
  const file = command.optsWithGlobals().config as string | undefined;
  return loadConfig(file ? { file } : {});
}

export async function withNode<T>(
  command: Command,
  work: (node: EvroamNode) => Promise<T>,
  options: { logLevel?: EvroamConfig['logLevel'] } = {},
): Promise<T> {
  const config = configFrom(command);
  const level = options.logLevel ?? 'warn';
  const logger = pino({ level, base: { service: 'evroam' } }, pino.destination({ fd: 2, sync: true }));
  const node = await EvroamNode.create({ ...config, logLevel: level }, { logger });
  try {
    return await work(node);
  } finally {
    await node.close();
  }
}

export function print(json: boolean, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}
