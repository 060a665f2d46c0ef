import type { EvroamConfig } from '../config/schema.js';
import { EvroamNode } from '../node.js';

/** Runs the server until SIGINT/SIGTERM, then drains in-flight requests and closes the database. */
export async function startServer(config: EvroamConfig): Promise<void> {
  const node = await EvroamNode.create(config);
  const address = await node.listen();
  node.logger.info(
    { address, versionsUrl: node.versionsUrl, parties: config.parties.map((p) => `${p.role} ${p.country_code}*${p.party_id}`), database: node.storage.dialect },
    'evroam started',
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    node.logger.info({ signal }, 'evroam stopping: draining in-flight requests');
    const force = setTimeout(() => process.exit(1), 30000);
    force.unref();
    await node.close();
    node.logger.info('evroam stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
