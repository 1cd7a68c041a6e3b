import { fileURLToPath } from 'node:url';
import type { Ingestor } from '@logflux/ingestor';
import type { Page } from 'playwright-core';
import { ReadClient, type StoredEntry } from '../../../cli/src/readClient.js';
import { runCliProcess } from '../../../cli/test/helpers/cliProcess.js';
import { ingestorWithTenant, testPublicKey } from '../../../ingestor/test/helpers/fixtures.js';
import { type Chromium, INSECURE_HOST, launchChromium } from './chromium.js';
import { buildPage, HARNESS_HTML } from './pageBundle.js';
import { type StaticServer, startStaticServer } from './staticServer.js';

export const PRIVATE_KEY = fileURLToPath(new URL('../../../../test-vectors/keys/test-rsa-4096-private.pem', import.meta.url));

export interface BrowserEnv {
  chromium: Chromium;
  pages: StaticServer;
  ingestor: Ingestor;
  apiKey: string;
  readToken: string;
  publicKey: string;
  /** The page origin on loopback (a secure context). */
  secureOrigin: string;
  /** The page origin on a non-loopback name over http (not a secure context). */
  insecureOrigin: string;
  /** Opens the test page (with `window.LogFlux`); console messages are collected in `console`. */
  open(origin?: string): Promise<{ page: Page; console: string[] }>;
  /** Stored envelopes (ciphertext), read through the read API. */
  stored(): Promise<StoredEntry[]>;
  /** Polls until at least `n` entries are stored or `timeoutMs` passes; returns what is stored. */
  waitStored(n: number, timeoutMs?: number): Promise<StoredEntry[]>;
  /** Every stored entry, decrypted by the `logflux query` CLI with the test private key. */
  decrypt(): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/**
 * One headless Chromium, a loopback server for the test pages (reachable as 127.0.0.1 and as the
 * insecure `insecure.test`), and the reference ingestor with a tenant for the test key, allowing
 * both page origins (CORS).
 */
export async function startBrowserEnv(name: string): Promise<BrowserEnv> {
  const dir = await buildPage(name);
  const pages = await startStaticServer(dir, { '/': HARNESS_HTML });
  const secureOrigin = `http://127.0.0.1:${pages.port}`;
  const insecureOrigin = `http://${INSECURE_HOST}:${pages.port}`;
  const { ingestor, tenant, stop } = await ingestorWithTenant({
    allowedOrigins: [secureOrigin, insecureOrigin],
    rateLimit: false,
    sync: false,
  });
  const chromium = await launchChromium();
  const read = new ReadClient(ingestor.url, tenant.readToken);
  const stored = async () => {
    const out: StoredEntry[] = [];
    for (let after: number | null = 0; after !== null; ) {
      const page = await read.page(after, {});
      out.push(...page.entries);
      after = page.next;
    }
    return out;
  };
  return {
    chromium,
    pages,
    ingestor,
    apiKey: tenant.apiKey,
    readToken: tenant.readToken,
    publicKey: testPublicKey(),
    secureOrigin,
    insecureOrigin,
    async open(origin = secureOrigin) {
      const page = await chromium.context.newPage();
      const console: string[] = [];
      page.on('console', (m) => console.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => console.push(`pageerror: ${e.message}`));
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => 'LogFlux' in window);
      return { page, console };
    },
    stored,
    async waitStored(n, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const entries = await stored();
        if (entries.length >= n || Date.now() > deadline) return entries;
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async decrypt() {
      const r = await runCliProcess([
        'query',
        '--server',
        ingestor.url,
        '--token',
        tenant.readToken,
        '--private-key',
        PRIVATE_KEY,
        '--json',
      ]);
      if (r.code !== 0) throw new Error(`logflux query failed (${r.code}): ${r.stderr}`);
      return r.stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => (JSON.parse(l) as { entry: Record<string, unknown> }).entry);
    },
    async close() {
      await chromium.close();
      await pages.close();
      await stop();
    },
  };
}
