import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startServe, stop } from '../../../cli/test/helpers/cliProcess.js';
import type { Chromium } from '../helpers/chromium.js';
import { ROOT } from './project.js';

/**
 * What Chromium fetches when a page starts @logflux/browser: the page served by
 * examples/browser/serve.mjs (gzip, as production servers send scripts) against `logflux serve`,
 * every script response recorded with the bytes that crossed the wire.
 */

export const PUBLIC_KEY = join(ROOT, 'test-vectors/keys/test-rsa-4096-public.pem');
export const PRIVATE_KEY = join(ROOT, 'test-vectors/keys/test-rsa-4096-private.pem');

export interface ScriptFetch {
  /** The file name (the URL's last segment). */
  file: string;
  /** Bytes of the response body as transferred (gzip-encoded). */
  transferred: number;
}

export interface FirstLoad {
  /** Scripts fetched from navigation until the client is ready and has logged, before any delivery. */
  start: ScriptFetch[];
  /** Every script fetched once the first delivery is acknowledged and the page-exit parts are in. */
  afterExit: ScriptFetch[];
  /** The page's status line after its Flush button: how many entries were acknowledged. */
  flushed: string;
}

export const total = (scripts: readonly ScriptFetch[]): number => scripts.reduce((n, s) => n + s.transferred, 0);

/** A running example page (serve.mjs) and the ingestor allowing its origin; `home` holds the credentials. */
export interface ExampleSite {
  origin: string;
  home: string;
  close(): Promise<void>;
}

/** Serves `appDir` with examples/browser/serve.mjs, with `logflux serve` behind it. */
export async function startExampleSite(appDir: string, serveArgs: string[] = []): Promise<ExampleSite> {
  const home = mkdtempSync(join(tmpdir(), 'logflux-first-load-'));
  const page: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'examples/browser/serve.mjs'), '--port', '0', '--home', home, '--app', appDir, ...serveArgs],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    page.stdout?.on('data', (d) => {
      out += d;
      const m = /example page on http:\/\/localhost:(\d+)/.exec(out);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    page.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
  });
  const serve = await startServe(['--home', home, '--public-key', PUBLIC_KEY, '--no-rate-limit', '--allow-origin', origin]);
  return {
    origin,
    home,
    async close() {
      page.kill();
      await stop(serve.child);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Records every script response of `tab`: file name and transferred bytes. */
function recordScripts(tab: Page): { scripts: ScriptFetch[]; settled(): Promise<void> } {
  const scripts: ScriptFetch[] = [];
  const pending: Promise<void>[] = [];
  tab.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    pending.push(
      response
        .request()
        .sizes()
        .then((sizes) => {
          scripts.push({ file: new URL(response.url()).pathname.split('/').pop() as string, transferred: sizes.responseBodySize });
        }),
    );
  });
  return { scripts, settled: () => Promise.all(pending).then(() => undefined) };
}

type PageWindow = { logflux: { stats(): { acknowledged: number; exitReady: boolean } } };

/**
 * Loads the page (its client logs at load, with a flush interval long enough that nothing is
 * delivered until the Flush button), then records what was fetched; clicks Flush, waits for the
 * page-exit parts, and records again.
 */
export async function measureFirstLoad(chromium: Chromium, site: ExampleSite): Promise<FirstLoad> {
  const tab = await chromium.context.newPage();
  const record = recordScripts(tab);
  try {
    await tab.goto(`${site.origin}/`);
    await tab.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('ready'), undefined, { timeout: 30_000 });
    await tab.waitForLoadState('networkidle');
    await record.settled();
    const before = await tab.evaluate(() => (window as unknown as PageWindow).logflux.stats());
    if (before.acknowledged !== 0 || before.exitReady)
      throw new Error('the page delivered before the measurement (flush interval too short?)');
    const start = [...record.scripts];
    await tab.click('#flush');
    await tab.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('flushed'), undefined, { timeout: 30_000 });
    await tab.waitForFunction(() => (window as unknown as PageWindow).logflux.stats().exitReady, undefined, { timeout: 30_000 });
    // The fallback chunk was requested with the exit parts, at the acknowledgement.
    await tab.waitForLoadState('networkidle');
    await record.settled();
    return { start, afterExit: [...record.scripts], flushed: (await tab.textContent('#status')) ?? '' };
  } finally {
    await tab.close();
  }
}
