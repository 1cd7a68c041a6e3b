import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Chromium, launchChromium } from '../helpers/chromium.js';
import { measureFirstLoad, startExampleSite, total } from './measure.js';
import { type BuiltPage, browserPacks, buildPage, installProject } from './project.js';

/**
 * The budget of issue 15, measured the way users get it: examples/browser's bundled page (esm/),
 * built from the packed tarballs by Vite and by esbuild with code splitting, loaded in Chromium
 * from a server that sends gzip. Everything fetched until the client is ready and has logged (no
 * delivery yet) must be the first chunk alone and at most 12 KiB; after the first delivery the
 * page-exit parts follow, measured too.
 */

const BUDGET = 12_288;

let chromium: Chromium;
let project: string;
const pages: Partial<Record<BuiltPage['bundler'], BuiltPage>> = {};

beforeAll(async () => {
  project = installProject(browserPacks());
  for (const bundler of ['vite', 'esbuild'] as const) pages[bundler] = await buildPage(project, bundler);
  chromium = await launchChromium();
}, 300_000);
afterAll(async () => {
  await chromium?.close();
});

describe('first load in Chromium, from the packed tarballs', () => {
  for (const bundler of ['vite', 'esbuild'] as const) {
    it(`${bundler}: a page that starts the client and logs fetches only the first chunk, ≤ ${BUDGET} bytes gzipped`, async () => {
      const page = pages[bundler] as BuiltPage;
      const site = await startExampleSite(page.dir, ['--capture', 'none', '--flush-interval-ms', '600000']);
      try {
        const load = await measureFirstLoad(chromium, site);
        const startFiles = load.start.map((s) => s.file).sort();
        console.log(
          `first load (${bundler}): ${total(load.start)} bytes gzipped in ${load.start.length} files [${load.start.map((s) => `${s.file} ${s.transferred}`).join(', ')}]; ` +
            `after the first delivery: ${total(load.afterExit)} bytes in ${load.afterExit.length} files`,
        );
        expect(startFiles).toEqual([...page.firstChunk].sort());
        expect(total(load.start)).toBeLessThanOrEqual(BUDGET);
        expect(load.flushed).toBe('flushed: 1 acknowledged');
        // The exit parts came after the first delivery: more files than the first chunk.
        expect(load.afterExit.length).toBeGreaterThan(load.start.length);
      } finally {
        await site.close();
      }
    });
  }
});
