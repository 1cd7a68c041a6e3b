import { type ClientOptions, LogFluxClient, LogFluxError } from '@logflux/core/runtime';
import { captureGlobalErrors } from './globalErrors.js';
import { KEEPALIVE_LIMIT_BYTES, pageKeepaliveBudget } from './keepaliveBudget.js';
import { fallbackChunk, setZstdWasmUrl, zstdChunk } from './lazyChunks.js';
import { pageLifecycle } from './pageExit.js';
import { browserProviders, hasWebCrypto } from './providers.js';
import { browserRequest } from './request.js';
import { idbSpool } from './spool.js';

/** Browser-specific options, on top of the core client's (see `CLIENT_DEFAULTS`). */
export interface BrowserClientOptions extends ClientOptions {
  /**
   * The IndexedDB outage buffer for sealed batches. Default: on, capped at 4 MiB ({@link DEFAULT_SPOOL_BYTES}). `false` turns it
   * off (entries are then dropped after the retries, and page exit relies on keepalive alone).
   */
  spool?: false | { maxBytes?: number };
  /** Deliver pending entries when the page is hidden, left or frozen (default true). */
  deliverOnExit?: boolean;
  /** Log uncaught errors and unhandled promise rejections as error entries (default false). */
  captureGlobalErrors?: boolean;
  /** URL of `zstd.wasm` when the bundler does not place it beside the code (payload type 2). */
  zstdWasmUrl?: string;
}

export const DEFAULT_SPOOL_BYTES = 4_194_304;

/** Without a first delivery, the exit and spool parts load this long after the client starts. */
const IDLE_LOAD_MS = 10_000;

let warnedInsecure = false;

/** The IndexedDB database for a key and endpoint (a hash: the API key is not written out). */
export function spoolName(apiKey: string, endpoint: string | undefined): string {
  let h = 0x811c9dc5;
  for (const c of `${apiKey}\u0000${endpoint ?? ''}`) h = Math.imul(h ^ (c.codePointAt(0) as number), 0x01000193);
  return `logflux-spool-${(h >>> 0).toString(16)}`;
}

/**
 * Creates the LogFlux client for browsers: core's pipeline with Web Crypto AES-GCM (or
 * `@noble/ciphers` outside secure contexts), delivery with `fetch`, keepalive delivery on page
 * exit within the browser's 64 KiB budget, and an IndexedDB outage buffer replayed when the
 * browser is online again and on the next page load. Nothing it does throws into the page.
 */
export function createLogFlux(options: BrowserClientOptions): LogFluxClient {
  const { spool: spoolOption, deliverOnExit = true, captureGlobalErrors: capture = false, zstdWasmUrl, ...core } = options;
  const secure = hasWebCrypto();
  const request = browserRequest(pageKeepaliveBudget);
  const store =
    spoolOption === false || typeof indexedDB === 'undefined'
      ? undefined
      : { store: idbSpool(spoolName(core.apiKey, core.endpoint)), maxBytes: spoolOption?.maxBytes ?? DEFAULT_SPOOL_BYTES };
  const page = pageLifecycle(deliverOnExit);
  let client: LogFluxClient | undefined;
  client = new LogFluxClient(core, {
    providers: browserProviders(secure),
    request,
    sendOnExit: request.sendAtExit,
    keepaliveBytes: KEEPALIVE_LIMIT_BYTES,
    ...(store ? { spool: store } : {}),
    deferLoading: true,
    lifecycle: {
      // Listeners (page events, global error capture) last until the client closes.
      subscribe(listener) {
        const stopPage = page.subscribe(listener);
        const stopErrors = capture ? captureGlobalErrors({ captureError: (e, o) => client?.captureError(e, o) }) : () => {};
        return () => {
          stopPage();
          stopErrors();
        };
      },
    },
  });
  const fail = (what: string) => (cause: unknown) => core.onError?.(new LogFluxError('network', `could not load ${what}`, { cause }));
  // What exit and outages need (synchronous sealing, the IndexedDB store) loads after the first
  // delivery, not with the page; then what earlier pages left in the spool goes out.
  let loaded = false;
  const loadRest = () => {
    if (loaded) return;
    loaded = true;
    stop();
    clearTimeout(idle);
    fallbackChunk.get().catch(fail('the fallback chunk'));
    void store?.store.load().then((ok) => ok && store.store.size().records > 0 && client?.retryNow());
  };
  const stop = client.on('acknowledged', loadRest);
  // A page that logs nothing for a while still sends what earlier pages left.
  const idle = setTimeout(loadRest, IDLE_LOAD_MS);
  if (!secure && !warnedInsecure) {
    warnedInsecure = true;
    console.warn('logflux: not a secure context (https or localhost): no Web Crypto; sealing with @noble/ciphers (slower)');
  }
  setZstdWasmUrl(zstdWasmUrl);
  if (core.payloadType === 2) zstdChunk.get().catch(fail("zstd (CSP needs 'wasm-unsafe-eval')"));
  return client;
}

/** The browser client (core's {@link LogFluxClient}). */
export type LogFluxBrowser = LogFluxClient;

/**
 * @deprecated Use {@link createLogFlux}; `new LogFluxBrowser(options)` still works and returns the
 * same client.
 */
export const LogFluxBrowser = function LogFluxBrowser(options: BrowserClientOptions) {
  return createLogFlux(options);
} as unknown as { new (options: BrowserClientOptions): LogFluxClient; prototype: LogFluxClient };
LogFluxBrowser.prototype = LogFluxClient.prototype;
