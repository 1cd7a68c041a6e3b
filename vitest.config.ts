import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['logflux-src'] },
  ssr: { resolve: { conditions: ['logflux-src'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'tools/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    // The fault suite runs on its own (scripts/faults.mjs, `pnpm test -- --only=faults`), and the
    // browser's first-load budget after the build (`--only=browser-first-load`).
    exclude: [...configDefaults.exclude, 'packages/ingestor/test/faults/**', 'packages/browser/test/firstLoad/**'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
