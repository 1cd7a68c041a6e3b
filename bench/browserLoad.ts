/**
 * What a page fetches to start @logflux/browser, measured the way users get it (the test of
 * packages/browser/test/firstLoad/, whose budget these figures are checked against): the example's
 * bundled page built from the packed tarballs by Vite and by esbuild with code splitting, loaded in
 * Chromium from a server that sends gzip; then the first chunk by module, and the script-tag build.
 * Packs the packages first unless LOGFLUX_PACKS names a directory of packed tarballs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { CEILING_BYTES, TARGET_BYTES } from '../packages/browser/test/firstLoad/budget.js';
import { measureFirstLoad, startExampleSite, total } from '../packages/browser/test/firstLoad/measure.js';
import { browserPacks, buildPage, installProject } from '../packages/browser/test/firstLoad/project.js';
import { launchChromium } from '../packages/browser/test/helpers/chromium.js';
import { fmt, table } from './stats.js';

const gz = (b: Uint8Array) => gzipSync(b, { level: 9 }).length;

/** Leaves every import() out: the first chunk alone, as one file. */
const lazyExternal: Plugin = {
  name: 'lazy-external',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
  },
};

/** The first chunk's modules by what they cost: minified bytes, and the gzipped bytes the chunk would lose without them. */
async function byModule(project: string): Promise<string[][]> {
  const r = await build({
    entryPoints: [join(project, 'esm/main.js')],
    absWorkingDir: project,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'error',
    plugins: [lazyExternal],
  });
  const code = r.outputFiles[0]?.contents ?? new Uint8Array();
  const all = gz(code);
  const rows: [string, number, number][] = [];
  let offset = 0;
  for (const [file, { bytesInOutput }] of Object.entries(Object.values(r.metafile.outputs)[0]?.inputs ?? {})) {
    if (bytesInOutput === 0) continue;
    const without = Buffer.concat([code.subarray(0, offset), code.subarray(offset + bytesInOutput)]);
    rows.push([
      file.replace(/^.*node_modules\/(@logflux\/[^/]+)\/dist\//, '$1/').replace(/^.*\/esm\//, 'example/'),
      bytesInOutput,
      all - gz(without),
    ]);
    offset += bytesInOutput;
  }
  rows.sort((a, b) => b[2] - a[2]);
  return [...rows.map(([f, min, share]) => [f, fmt(min), fmt(share)]), ['(all, one file)', fmt(code.length), fmt(all)]];
}

export async function benchBrowserLoad(): Promise<string> {
  const project = installProject(browserPacks());
  const chromium = await launchChromium();
  const rows: string[][] = [];
  try {
    for (const bundler of ['vite', 'esbuild'] as const) {
      const page = await buildPage(project, bundler);
      const site = await startExampleSite(page.dir, ['--capture', 'none', '--flush-interval-ms', '600000']);
      try {
        const load = await measureFirstLoad(chromium, site);
        rows.push([
          bundler,
          `${fmt(total(load.start))} (${load.start.length} file${load.start.length > 1 ? 's' : ''})`,
          `${fmt(total(load.afterExit))} (${load.afterExit.length} files)`,
        ]);
      } finally {
        await site.close();
      }
    }
  } finally {
    await chromium.close();
  }
  const iife = readFileSync(join(project, 'node_modules/@logflux/browser/dist/logflux.global.js'));
  return [
    table(
      `@logflux/browser first load in Chromium: the example page (esm/) from the packed tarballs, gzip -9 as served; target ${fmt(TARGET_BYTES)}, ceiling ${fmt(CEILING_BYTES)} (bytes)`,
      ['bundler', 'until ready and logged (no delivery yet)', 'after the first delivery (page-exit parts in)'],
      rows,
    ),
    table(
      'The first chunk by module (esbuild, one file, minified)',
      ['module', 'minified bytes', 'gzipped bytes it costs'],
      await byModule(project),
    ),
    table(
      'The script-tag build (dist/logflux.global.js: everything in one file)',
      ['measure', 'bytes'],
      [
        ['minified', fmt(iife.length)],
        ['minified + gzipped', fmt(gz(iife))],
      ],
    ),
  ].join('\n');
}
