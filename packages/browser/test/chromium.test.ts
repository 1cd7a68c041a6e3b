import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeRecord, piecesOfBody } from '@logflux/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadClient } from '../../cli/src/readClient.js';
import { runCliProcess, startServe, stop } from '../../cli/test/helpers/cliProcess.js';
import { ingestorWithTenant } from '../../ingestor/test/helpers/fixtures.js';
import { type BrowserEnv, PRIVATE_KEY, startBrowserEnv } from './helpers/browserEnv.js';
import { buildGlobal, ROOT } from './helpers/pageBundle.js';
import { startRecordingProxy } from './helpers/recordingProxy.js';

/**
 * The browser runtime in real Chromium (Debian's, driven by playwright-core) against the real
 * reference ingestor on loopback; what arrives is read back and decrypted by the `logflux` CLI.
 */

const VECTORS = fileURLToPath(new URL('../../../test-vectors/', import.meta.url));
const PUBLIC_KEY = join(VECTORS, 'keys/test-rsa-4096-public.pem');
const vectorFiles = readdirSync(VECTORS)
  .filter((f) => f.endsWith('_test.json'))
  .map((f) => ({ name: f, json: JSON.parse(readFileSync(join(VECTORS, f), 'utf8')) as unknown }));

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv('chromium');
}, 120_000);
afterAll(async () => {
  await env?.close();
});

type VectorSummary = { passed: number; failed: number; failures: unknown[]; aead: string };

describe('test vectors in Chromium', () => {
  it('pass with the browser providers (Web Crypto) and with the fallback providers', async () => {
    expect(vectorFiles.length).toBeGreaterThanOrEqual(6);
    const { page } = await env.open();
    for (const secure of [true, false]) {
      const result = (await page.evaluate(
        async ({ files, secure }) => {
          const w = window as unknown as {
            LogFlux: typeof import('../src/index.js');
            runVectorFile: typeof import('@logflux/core/conformance').runVectorFile;
          };
          const providers = w.LogFlux.browserProviders(secure);
          const total = { passed: 0, failed: 0, failures: [] as unknown[], aead: providers.aead.name };
          for (const f of files) {
            const r = await w.runVectorFile(f.json as Record<string, unknown>, providers, f.name);
            total.passed += r.passed;
            total.failed += r.failed;
            total.failures.push(...r.failures);
          }
          return total;
        },
        { files: vectorFiles, secure },
      )) as VectorSummary;
      const expected = vectorFiles.reduce((n, f) => n + ((f.json as { numberOfTests: number }).numberOfTests ?? 0), 0);
      expect(result.aead).toBe(secure ? 'webcrypto-aes-gcm' : 'noble-aes-gcm');
      expect(result.failures).toEqual([]);
      expect(result.passed).toBe(expected);
    }
    await page.close();
  });
});

type Api = typeof import('../src/index.js');
interface PageWindow {
  LogFlux: Api;
  client: import('../src/index.js').LogFluxBrowser;
  keepaliveLog: { started: number; refused: number; bytes: number[] };
}
/** In code passed to page.evaluate this is the page's own `w` (pages/harness.ts): the same thing, typed. */
const w = () => window as unknown as PageWindow;

function config(extra: Record<string, unknown> = {}) {
  return { apiKey: env.apiKey, endpoint: env.ingestor.url, publicKey: env.publicKey, ...extra };
}

/**
 * Delivers one entry (what makes a page load its exit parts) and waits until the client can seal
 * synchronously at exit: its exit parts and the fallback chunk are in.
 */
async function exitSealerLoaded(page: import('playwright-core').Page): Promise<void> {
  await page.evaluate(async () => {
    w().client.info('warm-up');
    await w().client.flush();
  });
  await page.waitForFunction(() => {
    const { LogFlux, client } = window as unknown as PageWindow;
    const sealed = LogFlux.synchronously(() => LogFlux.webCryptoAead.seal(new Uint8Array(32), new Uint8Array(12), new Uint8Array(1)));
    return sealed instanceof Uint8Array && client.stats().exitReady;
  });
}

/**
 * A page whose client has finished its handshake, never flushes on a timer, and can seal
 * synchronously at exit; `before` is how many entries the ingestor held then.
 */
async function openIdleClient(): Promise<{ page: import('playwright-core').Page; before: number }> {
  const { page } = await env.open();
  await page.evaluate(async (cfg) => {
    w().client = w().LogFlux.createLogFlux({ ...cfg, flushIntervalMs: 600_000 });
    await w().client.ready();
  }, config());
  await exitSealerLoaded(page);
  return { page, before: (await env.stored()).length };
}

function messages(entries: Record<string, unknown>[], prefix: string): string[] {
  return entries
    .map((e) => e.message)
    .filter((m): m is string => typeof m === 'string' && m.startsWith(prefix))
    .sort();
}

function expected(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix} ${i}`).sort();
}

describe('delivery from Chromium to the reference ingestor', () => {
  it('delivers entries of both payload types, which the CLI decrypts', async () => {
    const { page } = await env.open();
    const flushes = await page.evaluate(async (cfg) => {
      const out = [];
      for (const payloadType of [1, 2] as const) {
        const client = w().LogFlux.createLogFlux({ ...cfg, payloadType, source: `web-pt${payloadType}` });
        for (let i = 0; i < 40; i++) client.info(`both-pt${payloadType} ${i}`, { i: String(i) });
        client.event('checkout', { step: 'paid' });
        out.push({ flush: await client.flush({ timeoutMs: 30_000 }), stats: client.stats() });
        await client.close();
      }
      return out;
    }, config());
    for (const { flush, stats } of flushes) {
      expect(flush).toMatchObject({ acknowledged: 41, pending: 0, spooled: 0, dropped: {} });
      expect(stats.handshake.pinned).toBe(true);
    }
    const stored = await env.waitStored(82);
    const byType = (t: number) => stored.filter((e) => e.payload_type === t && e.entry_type === 1).length;
    expect(byType(1)).toBeGreaterThanOrEqual(40);
    expect(byType(2)).toBeGreaterThanOrEqual(40);
    const decrypted = await env.decrypt();
    expect(messages(decrypted, 'both-pt1 ')).toEqual(expected('both-pt1', 40));
    expect(messages(decrypted, 'both-pt2 ')).toEqual(expected('both-pt2', 40));
    expect(decrypted.filter((e) => e.type === 'event' && e.source === 'web-pt2')).toHaveLength(1);
    // zstd's wasm came as its own file, fetched only for payload type 2.
    expect(env.pages.requested).toContain('/zstd.wasm');
    await page.close();
  });

  it('uses the fallback on an http origin that is not a secure context, with one diagnostic, and still delivers', async () => {
    const { page, console } = await env.open(env.insecureOrigin);
    expect(await page.evaluate(() => [window.isSecureContext, typeof crypto.subtle, typeof crypto.getRandomValues])).toEqual([
      false,
      'undefined',
      'function',
    ]);
    const results = await page.evaluate(async (cfg) => {
      const out = [];
      for (const payloadType of [1, 2] as const) {
        const client = w().LogFlux.createLogFlux({ ...cfg, payloadType });
        for (let i = 0; i < 15; i++) client.warning(`insecure-pt${payloadType} ${i}`);
        out.push({ flush: await client.flush({ timeoutMs: 30_000 }), fingerprint: client.stats().handshake.fingerprint });
        await client.close();
      }
      return out;
    }, config());
    for (const r of results) expect(r.flush).toMatchObject({ acknowledged: 15, pending: 0, dropped: {} });
    expect(results[0]?.fingerprint).toMatch(/^SHA256:[0-9a-f]{64}$/);
    expect(console.filter((m) => m.includes('not a secure context'))).toHaveLength(1);
    expect(env.pages.requested.some((p) => /\/insecureHandshake-[A-Z0-9]+\.js$/.test(p))).toBe(true);
    const decrypted = await env.decrypt();
    expect(messages(decrypted, 'insecure-pt1 ')).toEqual(expected('insecure-pt1', 15));
    expect(messages(decrypted, 'insecure-pt2 ')).toEqual(expected('insecure-pt2', 15));
    await page.close();
  });

  it('buffers sealed batches in IndexedDB while offline and delivers them when the browser is online again', async () => {
    const { page } = await env.open();
    const name = await page.evaluate(async (cfg) => {
      // Backoff without jitter, and long: only the online event can bring the replay forward.
      Math.random = () => 0.99;
      w().client = w().LogFlux.createLogFlux({
        ...cfg,
        maxRetries: 0,
        backoffInitialMs: 30_000,
        backoffMaxMs: 120_000,
        flushIntervalMs: 50,
      });
      await w().client.ready();
      return w().LogFlux.spoolName(cfg.apiKey, cfg.endpoint);
    }, config());
    await exitSealerLoaded(page);
    const before = (await env.stored()).length;
    await env.chromium.context.setOffline(true);
    try {
      const flush = await page.evaluate(async () => {
        for (let i = 0; i < 30; i++) w().client.info(`offline ${i}`, { secret: 'offline-plaintext-marker' });
        return w().client.flush({ timeoutMs: 4000 });
      });
      expect(flush).toMatchObject({ acknowledged: 0, spooled: 30, pending: 0 });
      // The rows hold the wire bodies (core's spool records): sealed entries only, no plaintext.
      const rows = await page.evaluate(async (db) => {
        const open = indexedDB.open(db);
        const handle = await new Promise<IDBDatabase>((resolve, reject) => {
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const get = handle.transaction('records').objectStore('records').getAll();
        const all = await new Promise<{ id: string; value: Uint8Array }[]>((resolve) => {
          get.onsuccess = () => resolve(get.result);
        });
        handle.close();
        return all.map((r) => Array.from(r.value));
      }, name);
      expect(rows.length).toBeGreaterThan(0);
      const records = rows.map((r) => decodeRecord(Uint8Array.from(r)));
      const sealed = records.flatMap((r) => piecesOfBody(r.body, r.contentType).pieces as (string | Uint8Array)[]);
      expect(sealed).toHaveLength(30);
      for (const r of rows) expect(Buffer.from(r).toString('latin1')).not.toMatch(/offline|plaintext-marker/);
      expect((await env.stored()).length).toBe(before);
    } finally {
      await env.chromium.context.setOffline(false);
    }
    // The online event replays at once; the replay's own backoff would wait about a minute.
    const stored = await env.waitStored(before + 30, 10_000);
    expect(stored.length).toBe(before + 30);
    await page.waitForFunction(() => w().client.stats().spool.records === 0);
    expect(await page.evaluate(() => w().client.stats().acknowledged)).toBe(31); // and the warm-up entry
    expect(messages(await env.decrypt(), 'offline ')).toEqual(expected('offline', 30));
    await page.evaluate(() => w().client.close());
    await page.close();
  });

  it('seals and sends synchronously at pagehide, when no promise can settle any more', async () => {
    const { page, before } = await openIdleClient();
    // pagehide alone (no visibilitychange first): only the synchronous exit step can send these.
    const after = await page.evaluate(() => {
      for (let i = 0; i < 20; i++) w().client.info(`pagehide ${i}`);
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
      return { stats: w().client.stats(), keepalive: { ...w().keepaliveLog } };
    });
    expect(after.stats.queued.entries).toBe(0);
    expect(after.keepalive.started).toBeGreaterThan(0);
    const stored = await env.waitStored(before + 20, 20_000);
    expect(stored.length).toBe(before + 20);
    expect(messages(await env.decrypt(), 'pagehide ')).toEqual(expected('pagehide', 20));
    expect(await page.evaluate(() => w().keepaliveLog.refused)).toBe(0);
    await page.close();
  });

  it('delivers the entries still pending when the page is closed', async () => {
    const { page, before } = await openIdleClient();
    // Records an earlier test left in the spool are replayed first (a replay also sends the queue).
    await page.waitForFunction(() => w().client.stats().spool.records === 0 && w().client.stats().inFlight === 0);
    await page.evaluate(() => {
      for (let i = 0; i < 50; i++) w().client.info(`closing ${i}`);
    });
    expect(await page.evaluate(() => w().client.stats().queued.entries)).toBe(50);
    await page.close();
    const stored = await env.waitStored(before + 50, 20_000);
    expect(stored.length).toBe(before + 50);
    expect(messages(await env.decrypt(), 'closing ')).toEqual(expected('closing', 50));
  });
});

describe('the 64 KiB keepalive budget', () => {
  const LIMIT = 64 * 1024;
  /** ~600 bytes of incompressible text per entry: 300 entries seal to ~250 KB, far above the budget. */
  const bulky = (prefix: string) => {
    const filler = Array.from({ length: 300 }, (_, i) => ((i * 7919) % 65521).toString(36)).join('');
    return { prefix, filler };
  };

  it('is never exceeded while a hidden page delivers a large backlog: batches are split, none refused, all stored once', async () => {
    const proxy = await startRecordingProxy(env.ingestor.url, 300);
    try {
      const { page } = await env.open();
      const before = (await env.stored()).length;
      const { prefix, filler } = bulky('hidden');
      await page.evaluate(
        async ({ cfg, prefix, filler }) => {
          w().client = w().LogFlux.createLogFlux({ ...cfg, flushIntervalMs: 600_000 });
          await w().client.ready();
          for (let i = 0; i < 300; i++) w().client.info(`${prefix} ${i}`, { filler: `${i}:${filler}:${Math.random()}` });
          Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
          document.dispatchEvent(new Event('visibilitychange'));
        },
        { cfg: config({ endpoint: proxy.url }), prefix, filler },
      );
      const flush = await page.evaluate(() => w().client.flush({ timeoutMs: 60_000 }));
      expect(flush).toMatchObject({ acknowledged: 300, pending: 0, spooled: 0, dropped: {} });
      const log = await page.evaluate(() => w().keepaliveLog);
      expect(log.refused).toBe(0);
      expect(log.started).toBeGreaterThan(3);
      // With a multipart ingestor the page speaks only handshake/init, handshake/complete and multipart /v1/ingest.
      const posts = proxy.requests.filter((r) => r.method === 'POST');
      expect([...new Set(posts.map((r) => r.path))]).toEqual(['/v1/handshake/init', '/v1/handshake/complete', '/v1/ingest']);
      const batches = posts.filter((r) => r.path === '/v1/ingest');
      for (const b of batches) expect(b.contentType).toMatch(/^multipart\/mixed; boundary=/);
      expect(batches.length).toBe(log.started);
      for (const b of batches) {
        expect(b.bodyBytes).toBeLessThan(LIMIT);
        expect(b.body).not.toContain(prefix);
      }
      expect(proxy.maxInFlightBytes()).toBeLessThanOrEqual(LIMIT);
      expect(new Set(batches.map((b) => b.idempotencyKey)).size).toBe(batches.length);
      expect((await env.waitStored(before + 300)).length).toBe(before + 300);
      expect(messages(await env.decrypt(), `${prefix} `)).toEqual(expected(prefix, 300));
      await page.close();
    } finally {
      await proxy.close();
    }
  });

  it('is never exceeded when a page with a large backlog is closed; the rest comes from IndexedDB on the next load', async () => {
    const proxy = await startRecordingProxy(env.ingestor.url, 300);
    try {
      const { page } = await env.open();
      const { prefix, filler } = bulky('closed-backlog');
      const cfg = config({ endpoint: proxy.url, flushIntervalMs: 600_000 });
      await page.evaluate(async (cfg) => {
        w().client = w().LogFlux.createLogFlux(cfg);
        await w().client.ready();
      }, cfg);
      await exitSealerLoaded(page);
      const before = (await env.stored()).length;
      await page.evaluate(
        ({ prefix, filler }) => {
          for (let i = 0; i < 300; i++) w().client.info(`${prefix} ${i}`, { filler: `${i}:${filler}:${Math.random()}` });
        },
        { prefix, filler },
      );
      const handshakeRequests = proxy.requests.length;
      await page.close();
      // What the closed page could still send: only keepalive requests, all of them at once.
      await new Promise((r) => setTimeout(r, 3000));
      const afterClose = proxy.requests.slice(handshakeRequests).filter((r) => r.method === 'POST');
      expect(afterClose.length).toBeGreaterThan(0);
      expect(afterClose.reduce((n, r) => n + r.bodyBytes, 0)).toBeLessThanOrEqual(LIMIT);
      expect(proxy.maxInFlightBytes()).toBeLessThanOrEqual(LIMIT);
      for (const r of afterClose) expect(r.body).not.toContain(prefix);
      const deliveredAtClose = (await env.stored()).length - before;
      expect(deliveredAtClose).toBeGreaterThan(0);
      expect(deliveredAtClose).toBeLessThan(300);

      // The next page load replays the rest from IndexedDB, with the same idempotency keys.
      const { page: next } = await env.open();
      await next.evaluate((cfg) => {
        w().client = w().LogFlux.createLogFlux(cfg);
      }, cfg);
      expect((await env.waitStored(before + 300, 60_000)).length).toBe(before + 300);
      await next.waitForFunction(() => w().client.stats().spool.records === 0);
      expect(messages(await env.decrypt(), `${prefix} `)).toEqual(expected(prefix, 300));
      await next.close();
    } finally {
      await proxy.close();
    }
  });
});

describe('examples/browser', () => {
  it('works against `logflux serve --allow-origin`, with its CSP, payload type 2 and captured errors', async () => {
    const home = mkdtempSync(join(tmpdir(), 'logflux-example-'));
    const bundle = await buildGlobal('example');
    const page = spawn(
      process.execPath,
      [join(ROOT, 'examples/browser/serve.mjs'), '--port', '0', '--home', home, '--payload-type', '2', '--bundle', bundle],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let serve: Awaited<ReturnType<typeof startServe>> | undefined;
    try {
      const origin = await new Promise<string>((resolve, reject) => {
        let out = '';
        page.stdout?.on('data', (d) => {
          out += d;
          const m = /example page on http:\/\/localhost:(\d+)/.exec(out);
          if (m) resolve(`http://127.0.0.1:${m[1]}`);
        });
        page.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
      });
      serve = await startServe(['--home', home, '--public-key', PUBLIC_KEY, '--no-rate-limit', '--allow-origin', origin]);
      const tab = await env.chromium.context.newPage();
      const console: string[] = [];
      tab.on('console', (m) => console.push(`${m.type()}: ${m.text()}`));
      await tab.goto(`${origin}/`);
      await tab.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('ready'), undefined, { timeout: 30_000 });
      await tab.click('#log');
      await tab.click('#log');
      await tab.click('#error');
      await tab.waitForFunction(() => (window as unknown as { logflux: { stats(): { logged: number } } }).logflux.stats().logged >= 4);
      await tab.click('#flush');
      await tab.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('flushed'), undefined, {
        timeout: 30_000,
      });
      expect(await tab.textContent('#status')).toBe('flushed: 4 acknowledged');
      expect(console.filter((m) => /Content Security Policy|Refused/.test(m))).toEqual([]);
      await tab.close();

      const query = await runCliProcess(['query', '--home', home, '--private-key', PRIVATE_KEY, '--json']);
      expect(query.code).toBe(0);
      const entries = query.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { entry: Record<string, unknown> }).entry);
      expect(entries.map((e) => e.message).sort()).toEqual(
        ['button clicked', 'button clicked', 'example failure from the error button', 'example page loaded'].sort(),
      );
      expect(entries.find((e) => e.error_type === 'TypeError')).toMatchObject({ level: 4, source: 'browser-example' });
      const stored = await new ReadClient(serve.url, JSON.parse(readFileSync(join(home, 'credentials.json'), 'utf8')).read_token).page(
        0,
        {},
      );
      expect(stored.entries.every((e) => e.payload_type === 2)).toBe(true);
    } finally {
      page.kill();
      if (serve) await stop(serve.child);
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('request formats', () => {
  it('sends JSON batches to /v1/batch when the ingestor does not offer multipart', async () => {
    const plain = await ingestorWithTenant({ allowedOrigins: [env.secureOrigin], rateLimit: false, sync: false, supportsMultipart: false });
    const proxy = await startRecordingProxy(plain.ingestor.url);
    try {
      const { page } = await env.open();
      const flush = await page.evaluate(
        async (cfg) => {
          const client = w().LogFlux.createLogFlux({ ...cfg, spool: false });
          for (let i = 0; i < 25; i++) client.info(`json ${i}`);
          return client.close();
        },
        config({ apiKey: plain.tenant.apiKey, endpoint: proxy.url }),
      );
      expect(flush).toMatchObject({ acknowledged: 25, pending: 0 });
      const posts = proxy.requests.filter((r) => r.method === 'POST');
      expect([...new Set(posts.map((r) => r.path))]).toEqual(['/v1/handshake/init', '/v1/handshake/complete', '/v1/batch']);
      for (const b of posts.filter((r) => r.path === '/v1/batch')) expect(b.contentType).toBe('application/json');
      await page.close();
    } finally {
      await proxy.close();
      await plain.stop();
    }
  });
});
