#!/usr/bin/env node
/**
 * The `evroam` command: run the server, manage partners, price tariffs.
 */
import { Command, Option } from 'commander';
import { ConfigError, ENVIRONMENT } from '../config/load.js';
import { configFrom } from './node-session.js';
import { registerPartnerCommands } from './partner-commands.js';
import { registerTariffCommands } from './tariff-commands.js';
import { registerOutboxCommands } from './outbox-commands.js';
import { registerSyncCommands } from './sync-commands.js';
import { startServer } from './start.js';

const program = new Command();
program
  .name('evroam')
  .description('OCPI 2.2.1 roaming platform for CPOs and eMSPs')
  .addOption(new Option('-c, --config <file>', 'configuration file (JSON)').env('EVROAM_CONFIG'))
  .showHelpAfterError()
  .addHelpText(
    'after',
    `\nEnvironment variables override the configuration file:\n${Object.entries(ENVIRONMENT)
      .map(([name, path]) => `  ${name.padEnd(24)} ${path}`)
      .join('\n')}`,
  );


program
  .command('start')
  .description('start the OCPI server (SQLite under ./data unless a PostgreSQL URL is configured)')
  .action(async (_options, command: Command) => startServer(configFrom(command)));

registerPartnerCommands(program);
registerOutboxCommands(program);
registerSyncCommands(program);

registerTariffCommands(program);

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`evroam: ${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`evroam: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
