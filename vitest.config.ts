import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['logflux-src'] },
  ssr: { resolve: { conditions: ['logflux-src'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'tools/**/*.test.ts'],
    // The fault suite runs on its own (scripts/faults.mjs, `pnpm test -- --only=faults`).
    exclude: [...configDefaults.exclude, 'packages/ingestor/test/faults/**'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
