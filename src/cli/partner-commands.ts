/**
 * `evroam partners …`: invite (token A), register (start a handshake), list, show, rotate, unregister.
 * These commands work on the node's database directly, so they may run beside `evroam start`.
 */
import type { Command } from 'commander';
import { print, withNode } from './node-session.js';
import type { Partner } from '../modules/credentials/partner.js';

function summary(p: Partner) {
  const parties = p.roles.map((r) => `${r.role} ${r.country_code}*${r.party_id}`).join(', ') || '-';
  return `${p.id}  ${p.status.padEnd(12)}  ${p.name}  [${parties}]  ${p.versionsUrl ?? ''}`;
}

function publicView(p: Partner) {
  const { tokenToPartner, ...rest } = p;
  return { ...rest, hasTokenToPartner: Boolean(tokenToPartner) };
}

export function registerPartnerCommands(program: Command): void {
  const partners = program.command('partners').description('manage roaming partners (credentials connections)');

  partners
    .command('invite <name>')
    .description('create a registration token A for a new partner; hand it over with the versions URL')
    .option('--legacy', 'the partner sends raw (not Base64) tokens, as OCPI 2.1.1/2.2 peers do')
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: { legacy?: boolean; json?: boolean }, command: Command) =>
      withNode(command, async (node) => {
        const { partner, tokenA } = await node.partners.invite(name, { legacyPlainToken: Boolean(options.legacy) });
        print(
          Boolean(options.json),
          { partnerId: partner.id, token: tokenA, versionsUrl: node.versionsUrl },
          `Partner ${partner.id} invited.\n  versions URL: ${node.versionsUrl}\n  token A:      ${tokenA}\nToken A works once: the partner uses it to POST its credentials.`,
        );
      }),
    );

  partners
    .command('register <name>')
    .description("start a registration with a partner, given its versions URL and the token A it issued (evroam must be running to answer the partner's call-back)")
    .requiredOption('--url <versionsUrl>', "the partner's versions URL")
    .requiredOption('--token <tokenA>', 'the token A the partner issued')
    .option('--legacy', 'the partner expects raw (not Base64) tokens')
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: { url: string; token: string; legacy?: boolean; json?: boolean }, command: Command) =>
      withNode(command, async (node) => {
        const partner = await node.credentials.registerWith(name, options.url, options.token, { legacyPlainToken: Boolean(options.legacy) });
        print(Boolean(options.json), publicView(partner), `Registered with ${summary(partner)}`);
      }),
    );

  partners
    .command('list')
    .description('list partners')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) =>
      withNode(command, async (node) => {
        const list = await node.partners.list();
        print(Boolean(options.json), list.map(publicView), list.length ? list.map(summary).join('\n') : 'No partners yet: `evroam partners invite <name>`.');
      }),
    );

  partners
    .command('show <id>')
    .description("a partner's connection, endpoints and credentials audit trail")
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { json?: boolean }, command: Command) =>
      withNode(command, async (node) => {
        const partner = await node.partners.get(id);
        if (!partner) throw new Error(`no partner ${id}`);
        const audit = await node.partners.auditTrail(id);
        const text = [
          summary(partner),
          `  version: ${partner.version ?? '-'}`,
          ...partner.endpoints.map((e) => `  ${e.identifier.padEnd(16)} ${e.role.padEnd(8)} ${e.url}`),
          'audit:',
          ...audit.map((a) => `  ${a.at}  ${a.event}  ${a.detail ?? ''}`),
        ].join('\n');
        print(Boolean(options.json), { ...publicView(partner), audit }, text);
      }),
    );

  partners
    .command('rotate <id>')
    .description('rotate credentials tokens with a registered partner (credentials PUT) and re-fetch its endpoints')
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { json?: boolean }, command: Command) =>
      withNode(command, async (node) => {
        const partner = await node.credentials.rotateWith(id);
        print(Boolean(options.json), publicView(partner), `Rotated: ${summary(partner)}`);
      }),
    );

  partners
    .command('unregister <id>')
    .description('unregister from a partner (credentials DELETE) and revoke its tokens')
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { json?: boolean }, command: Command) =>
      withNode(command, async (node) => {
        const result = await node.credentials.unregisterWith(id);
        const warning = result.remoteError ? ` (the partner could not be told: ${result.remoteError})` : '';
        print(Boolean(options.json), { partnerId: id, ...result }, `Unregistered ${id}${warning}`);
      }),
    );
}
