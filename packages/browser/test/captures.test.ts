import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserEnv, startBrowserEnv } from './helpers/browserEnv.js';

/**
 * The capture features in real Chromium, each turned on alone, against the reference ingestor;
 * what arrived is decrypted by the `logflux` CLI. Each feature is a chunk of its own, fetched only
 * when its option is on.
 */

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv('captures');
}, 120_000);
afterAll(async () => {
  await env?.close();
});

interface PageWindow {
  LogFlux: typeof import('../src/index.js');
  client: import('../src/index.js').LogFluxBrowser;
}
const w = () => window as unknown as PageWindow;

type Entry = Record<string, unknown> & { attributes?: Record<string, string>; breadcrumbs?: Record<string, unknown>[] };

/** The decrypted entries of one source. */
async function entriesOf(source: string): Promise<Entry[]> {
  return (await env.decrypt()).filter((e) => e.source === source) as Entry[];
}

/** Opens the test page and starts a client with `options`, sending as `source`. */
async function startClient(page: Page, source: string, options: Record<string, unknown>): Promise<void> {
  await page.evaluate(
    ({ cfg }) => {
      w().client = w().LogFlux.createLogFlux(cfg);
    },
    { cfg: { apiKey: env.apiKey, endpoint: env.ingestor.url, publicKey: env.publicKey, source, flushIntervalMs: 600_000, ...options } },
  );
}

const CHUNKS = ['globalErrors', 'consoleCapture', 'pageContext', 'navigation', 'networkFailures', 'webVitals'];
const requestedChunks = () => CHUNKS.filter((c) => env.pages.requested.some((p) => new RegExp(`/${c}-[A-Z0-9]+\\.js$`).test(p)));

describe('capture features', () => {
  it('load nothing when none is on', async () => {
    const { page } = await env.open();
    await startClient(page, 'web-none', {});
    await page.evaluate(async () => {
      w().client.info('plain');
      await w().client.flush();
    });
    expect(requestedChunks()).toEqual([]);
    await page.close();
  });

  it('captureConsole: console calls become entries, the console still prints, the SDK’s own output is not captured', async () => {
    const { page, console: printed } = await env.open();
    await page.evaluate(() => {
      (window as unknown as { originalLog: unknown }).originalLog = console.log;
    });
    // No publicKey pin: the SDK prints its "no publicKey pin" diagnostic with console.warn.
    await page.evaluate(
      ({ cfg }) => {
        w().client = w().LogFlux.createLogFlux({ ...cfg, onError: (e: Error) => console.error(`app onError: ${e.message}`) });
      },
      { cfg: { apiKey: env.apiKey, endpoint: env.ingestor.url, source: 'web-console', flushIntervalMs: 600_000, captureConsole: true } },
    );
    await page.waitForFunction(() => console.log !== (window as unknown as { originalLog: unknown }).originalLog);
    await page.evaluate(async () => {
      await w().client.ready(); // the unpinned diagnostic is printed during the handshake
      console.error('boom', new TypeError('bad input'));
      console.warn('careful', { retries: 3 });
      console.info('hello');
      console.log('plain', 42);
      w().client.write({ level: 99 }); // an invalid entry: reported to onError, which prints
      await w().client.flush();
    });
    const entries = await entriesOf('web-console');
    const byMessage = Object.fromEntries(entries.map((e) => [e.message, e]));
    expect(Object.keys(byMessage).sort()).toEqual(['boom TypeError: bad input', 'careful {"retries":3}', 'hello', 'plain 42']);
    expect(byMessage['boom TypeError: bad input']).toMatchObject({ level: 4, attributes: { capture: 'console.error' } });
    expect(byMessage['careful {"retries":3}']).toMatchObject({ level: 5, attributes: { capture: 'console.warn' } });
    expect(byMessage.hello).toMatchObject({ level: 7, attributes: { capture: 'console.info' } });
    expect(byMessage['plain 42']).toMatchObject({ level: 7, attributes: { capture: 'console.log' } });
    // Printed all the same, the SDK's diagnostic and the application's onError included.
    expect(printed.some((m) => m.startsWith('error: boom TypeError: bad input'))).toBe(true);
    expect(printed.some((m) => m.startsWith('warning: logflux: no publicKey pin'))).toBe(true);
    expect(printed.some((m) => m.startsWith('error: app onError:'))).toBe(true);
    expect(requestedChunks()).toContain('consoleCapture');
    // Stopping puts the console back.
    await page.evaluate(() => w().client.close());
    expect(await page.evaluate(() => console.log === (window as unknown as { originalLog: unknown }).originalLog)).toBe(true);
    await page.close();
  });

  it('pageContext: every entry carries the page URL without its query, the referrer origin, user agent, viewport and a tab session id', async () => {
    const page = await env.chromium.context.newPage();
    await page.goto(`${env.secureOrigin}/?token=secret-token#frag`, { referer: 'https://ref.example/path?q=1' });
    await page.waitForFunction(() => 'LogFlux' in window);
    const sessionBefore = await page.evaluate(() => sessionStorage.getItem('logflux.session'));
    expect(sessionBefore).toBeNull();
    await startClient(page, 'web-context', { pageContext: true });
    await page.waitForFunction(() => sessionStorage.getItem('logflux.session') !== null);
    const expected = await page.evaluate(async () => {
      w().client.info('with context');
      w().client.event('checkout');
      await w().client.flush();
      return { ua: navigator.userAgent, viewport: `${innerWidth}x${innerHeight}`, session: sessionStorage.getItem('logflux.session') };
    });
    // The same tab after a reload keeps its session id.
    await page.reload();
    await page.waitForFunction(() => 'LogFlux' in window);
    await startClient(page, 'web-context', { pageContext: true });
    await page.waitForFunction(() => 'LogFlux' in window && sessionStorage.getItem('logflux.session') !== null);
    expect(await page.evaluate(() => sessionStorage.getItem('logflux.session'))).toBe(expected.session);
    const entries = await entriesOf('web-context');
    expect(entries.map((e) => e.type).sort()).toEqual(['event', 'log']);
    for (const e of entries) {
      expect(e.attributes).toEqual({
        'page.url': `${env.secureOrigin}/`,
        'page.referrer': 'https://ref.example',
        'page.user_agent': expected.ua,
        'page.viewport': expected.viewport,
        'page.session_id': expected.session,
      });
    }
    expect(expected.session).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(entries)).not.toContain('secret-token');
    await page.close();
  });

  it('captureNavigation: pushState, replaceState and hash routes become breadcrumbs of later errors, without query strings', async () => {
    const { page } = await env.open();
    const pushState = await page.evaluate(() => String(history.pushState));
    await startClient(page, 'web-navigation', { captureNavigation: true });
    await page.waitForFunction((native) => String(history.pushState) !== native, pushState);
    await page.evaluate(async () => {
      history.pushState({}, '', '/cart?coupon=SECRET');
      history.replaceState({}, '', '/checkout');
      location.hash = '#/pay?card=4111';
      await new Promise((r) => addEventListener('hashchange', r, { once: true }));
      w().client.captureError(new Error('payment failed'));
      await w().client.flush();
    });
    const [error] = await entriesOf('web-navigation');
    const crumbs = (error?.breadcrumbs ?? []).filter((b) => b.category === 'navigation');
    expect(crumbs.map((b) => b.data)).toEqual([
      { from: '/', to: '/cart', how: 'pushState' },
      { from: '/cart', to: '/checkout', how: 'replaceState' },
      { from: '/checkout', to: '/checkout#/pay', how: 'popstate' }, // a fragment navigation fires popstate, then hashchange
    ]);
    expect(JSON.stringify(error)).not.toMatch(/SECRET|4111/);
    await page.close();
  });

  it('captureNetwork: failed fetch and XHR calls become breadcrumbs; successful ones and the SDK’s own do not', async () => {
    const { page } = await env.open();
    const fetchBefore = await page.evaluate(() => String(window.fetch));
    await startClient(page, 'web-network', { captureNetwork: true });
    await page.waitForFunction((before) => String(window.fetch) !== before, fetchBefore);
    await page.evaluate(async () => {
      await fetch('/missing.json?token=abc');
      await fetch('/harness.js');
      await fetch('http://127.0.0.1:9/unreachable').catch(() => {});
      await new Promise<void>((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', '/also-missing?id=7');
        xhr.addEventListener('loadend', () => resolve());
        xhr.send('x');
      });
      await w().client.flush(); // the SDK's own requests (handshake, batch) are not recorded
      w().client.captureError(new Error('after requests'));
      await w().client.flush();
    });
    const [error] = await entriesOf('web-network');
    const crumbs = (error?.breadcrumbs ?? []).filter((b) => b.category === 'http');
    const origin = env.secureOrigin;
    expect(crumbs.map((b) => (b.data as Record<string, unknown>).url)).toEqual([
      `${origin}/missing.json`,
      'http://127.0.0.1:9/unreachable',
      `${origin}/also-missing`,
    ]);
    expect(crumbs.map((b) => b.data)).toMatchObject([
      { method: 'GET', status: 404 },
      { method: 'GET', error: 'TypeError' },
      { method: 'POST', status: 404 },
    ]);
    expect(JSON.stringify(crumbs)).not.toMatch(/token|id=7|v1\/|handshake/);
    await page.close();
  });

  it('captureWebVitals: TTFB, FCP, LCP, CLS and INP arrive as metrics when the page is hidden', async () => {
    const { page } = await env.open();
    await page.evaluate(() => {
      document.body.innerHTML = '<h1>Checkout</h1><p>A paragraph of text to paint.</p><button id="slow">pay</button>';
      // A slow click handler, so that the interaction is long enough to be timed.
      document.getElementById('slow')?.addEventListener('click', () => {
        const end = performance.now() + 60;
        while (performance.now() < end);
      });
    });
    await startClient(page, 'web-vitals', { captureWebVitals: true });
    await page.waitForFunction(() => w().client.stats().logged >= 1); // TTFB is reported at once
    await page.evaluate(() => {
      // Resolves once Chromium has timed the slow click itself (event timing entries come after the
      // next paint, and the short pointerdown of the same interaction may come in an earlier batch).
      (window as unknown as { timed: Promise<void> }).timed = new Promise<void>((resolve) => {
        new PerformanceObserver((list) => {
          const slow = (e: PerformanceEntry) => (e as PerformanceEntry & { interactionId?: number }).interactionId && e.duration >= 60;
          if (list.getEntries().some(slow)) resolve();
        }).observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
      });
    });
    await page.click('#slow');
    await page.evaluate(async () => {
      await (window as unknown as { timed: Promise<void> }).timed;
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
      await w().client.flush();
    });
    const metrics = Object.fromEntries((await entriesOf('web-vitals')).map((e) => [e.name, e]));
    expect(Object.keys(metrics).sort()).toEqual([
      'web_vitals.cls',
      'web_vitals.fcp',
      'web_vitals.inp',
      'web_vitals.lcp',
      'web_vitals.ttfb',
    ]);
    for (const name of ['ttfb', 'fcp', 'lcp', 'inp'])
      expect(metrics[`web_vitals.${name}`]).toMatchObject({ type: 'metric', unit: 'ms', kind: 'gauge' });
    expect(metrics['web_vitals.inp']?.value).toBeGreaterThanOrEqual(60);
    expect(metrics['web_vitals.cls']?.value).toBe(0);
    await page.close();
  });

  it('captureGlobalErrors: uncaught errors and unhandled rejections become error entries', async () => {
    const { page } = await env.open();
    await startClient(page, 'web-errors', { captureGlobalErrors: true });
    // Probes until the chunk's listeners are in: the first error event they see is logged.
    await page.waitForFunction(() => {
      window.dispatchEvent(new ErrorEvent('error', { error: new EvalError('probe'), message: 'probe' }));
      return w().client.stats().logged > 0;
    });
    await page.evaluate(async () => {
      setTimeout(() => {
        throw new RangeError('uncaught here');
      });
      void Promise.reject(new SyntaxError('nobody caught this'));
      await new Promise((r) => setTimeout(r, 50));
      await w().client.flush();
    });
    const entries = (await entriesOf('web-errors')).filter((e) => e.error_type !== 'EvalError');
    expect(entries.map((e) => [e.error_type, e.attributes?.capture]).sort()).toEqual([
      ['RangeError', 'window.onerror'],
      ['SyntaxError', 'unhandledrejection'],
    ]);
    await page.close();
  });
});
