import { defineConfig } from 'vitest/config';

/**
 * The first-load budget in Chromium, from the packed tarballs (suite `browser-first-load` of
 * `pnpm test`, after the build; LOGFLUX_PACKS names the packs directory, else the test packs).
 */
export default defineConfig({
  test: {
    include: ['packages/browser/test/firstLoad/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
