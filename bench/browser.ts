/**
 * Browser figures, measured in Debian's Chromium (headless, driven by playwright-core): the encode
 * pipeline (compress, encrypt, envelope) in entries per second with the native providers (Web
 * Crypto, CompressionStream) beside the portable ones in the same run. What a page fetches is
 * bench/browserLoad.ts (`pnpm bench browser-load`).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launchChromium } from '../packages/browser/test/helpers/chromium.js';
import { startStaticServer } from '../packages/browser/test/helpers/staticServer.js';
import { fmt, median, table } from './stats.js';

const N = 5000;
const RUNS = 5;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function benchBrowser(): Promise<string> {
  const out = join(ROOT, '.test-build', 'bench-browser');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: { page: fileURLToPath(new URL('./browserPage.ts', import.meta.url)) },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    outdir: out,
    conditions: ['logflux-src'],
    logLevel: 'error',
  });
  const { zstdWasmPath } = await import('../packages/browser/test/helpers/pageBundle.js');
  const { copyFileSync } = await import('node:fs');
  copyFileSync(zstdWasmPath(), join(out, 'zstd.wasm'));
  const server = await startStaticServer(out, {
    '/': '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>',
  });
  const chromium = await launchChromium();
  let results: { name: string; rates: number[] }[];
  let version = '';
  try {
    const page = await chromium.context.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => 'benchRun' in window);
    version = chromium.context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent));
    results = await page.evaluate(
      ([n, runs]) =>
        (window as unknown as { benchRun(n: number, runs: number): Promise<{ name: string; rates: number[] }[]> }).benchRun(n, runs),
      [N, RUNS] as const,
    );
  } finally {
    await chromium.close();
    await server.close();
  }
  const portable1 = median(results.find((r) => r.name.startsWith('portable') && r.name.endsWith('type 1'))?.rates ?? [1]);
  return [
    table(
      `Browser encode pipeline in Chromium ${version}, ~300-byte log entries, ${N} entries in batches of 500 × ${RUNS} runs (after 1 warm-up)`,
      ['pipeline', 'entries/s (median)', '× portable type 1'],
      results.map((r) => [r.name, fmt(median(r.rates)), fmt(median(r.rates) / portable1, 2)]),
    ),
  ].join('\n');
}
