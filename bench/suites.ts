import { versusRaw } from './compare.js';
import type { BenchSettings } from './compare.js';
import { quietNode } from './pair.js';
import { roamingBenchmarks } from './roaming-suites.js';

export interface Benchmark {
  name: string;
  description: string;
  run(settings: BenchSettings): Promise<string[]>;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'version-details',
    description: 'GET version details, authenticated (issue 2: target >= 60% of raw)',
    async run(settings) {
      const { node, close } = await quietNode();
      try {
        const { tokenA } = await node.partners.invite('bench');
        const headers = { Authorization: `Token ${Buffer.from(tokenA).toString('base64')}` };
        return await versusRaw(node.config.publicUrl, settings, { method: 'GET', paths: ['/ocpi/2.2.1'], headers }, 'target >= 60%');
      } finally {
        await close();
      }
    },
  },
  ...roamingBenchmarks,
];
