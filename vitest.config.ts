import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['logflux-src'] },
  ssr: { resolve: { conditions: ['logflux-src'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'tools/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
