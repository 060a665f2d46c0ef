/**
 * A bench node (CPO and eMSP NL*EVR, on SQLite) with a registered partner node (CPO DE*CPO and
 * eMSP DE*MSP): the partner's token is what the load generator presents.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../src/config/load.js';
import type { EvroamConfig } from '../src/config/schema.js';
import { EvroamNode } from '../src/node.js';
import { freePort } from '../test/helpers/nodes.js';

export async function quietNode(overrides: Partial<EvroamConfig> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'evroam-bench-'));
  const port = await freePort();
  const node = await EvroamNode.create({
    ...structuredClone(defaultConfig),
    publicUrl: `http://127.0.0.1:${port}`,
    listen: { host: '127.0.0.1', port },
    database: { sqliteFile: join(dir, 'evroam.db') },
    logLevel: 'warn',
    ...overrides,
  });
  await node.listen();
  return {
    node,
    async close() {
      await node.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function registeredPair(benchOverrides: Partial<EvroamConfig> = {}) {
  const bench = await quietNode(benchOverrides);
  const partner = await quietNode({
    parties: [
      { role: 'CPO', country_code: 'DE', party_id: 'CPO', business_details: { name: 'bench partner CPO' } },
      { role: 'EMSP', country_code: 'DE', party_id: 'MSP', business_details: { name: 'bench partner eMSP' } },
    ],
  });
  const { tokenA } = await bench.node.partners.invite('bench partner');
  const atPartner = await partner.node.credentials.registerWith('bench node', bench.node.versionsUrl, tokenA);
  const authorization = `Token ${Buffer.from(atPartner.tokenToPartner!).toString('base64')}`;
  return {
    bench: bench.node,
    authorization,
    async close() {
      await partner.close();
      await bench.close();
    },
  };
}
