import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The fault suite's own config (scripts/faults.mjs): the cases share a machine-wide resource
// (ports, a tmpfs mount, CPU for 100 MiB uploads), so they run one file at a time, in order.
export default defineConfig({
  root: fileURLToPath(new URL('../../../../', import.meta.url)),
  resolve: { conditions: ['logflux-src'] },
  ssr: { resolve: { conditions: ['logflux-src'] } },
  test: {
    include: ['packages/ingestor/test/faults/**/*.test.ts'],
    testTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
