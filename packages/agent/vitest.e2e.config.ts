import { defineConfig } from 'vitest/config';

// The agent's end-to-end tests (real clients, real ingestor, real CLI): the `agent` suite of
// `pnpm test` runs them; the general vitest suite leaves them out (they are not *.test.ts).
export default defineConfig({
  root: new URL('../..', import.meta.url).pathname,
  resolve: { conditions: ['logflux-src'] },
  ssr: { resolve: { conditions: ['logflux-src'] } },
  test: {
    include: ['packages/agent/test/e2e/**/*.e2e.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
