import { type Attributes, type ClientOptions, LogFluxClient, LogFluxError } from '@logflux/core/runtime';
import { asSdk, CAPTURES, type CaptureHost, type CaptureOptions, sdkBusy } from './captures.js';
import { KEEPALIVE_LIMIT_BYTES, pageKeepaliveBudget } from './keepaliveBudget.js';
import { fallbackChunk, handshakeChunk, setZstdWasmUrl, zstdChunk } from './lazyChunks.js';
import { pageLifecycle } from './pageExit.js';
import { browserProviders, hasWebCrypto } from './providers.js';
import { browserRequest } from './request.js';
import { idbSpool } from './spool.js';

/** Browser-specific options, on top of the core client's (see `CLIENT_DEFAULTS`) and the capture options. */
export interface BrowserClientOptions extends ClientOptions, CaptureOptions {
  /**
   * The IndexedDB outage buffer for sealed batches. Default: on, capped at 4 MiB ({@link DEFAULT_SPOOL_BYTES}). `false` turns it
   * off (entries are then dropped after the retries, and page exit relies on keepalive alone).
   */
  spool?: false | { maxBytes?: number };
  /** Deliver pending entries when the page is hidden, left or frozen (default true). */
  deliverOnExit?: boolean;
  /** URL of `zstd.wasm` when the bundler does not place it beside the code (payload type 2). */
  zstdWasmUrl?: string;
}

export const DEFAULT_SPOOL_BYTES = 4_194_304;

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
 * browser is online again and on the next page load. What only some pages need — exit sealing,
 * the outage buffer, zstd, the insecure-context handshake, each capture feature — loads with
 * `import()` when needed. Nothing it does throws into the page.
 */
export function createLogFlux(options: BrowserClientOptions): LogFluxClient {
  const { spool: spoolOption, deliverOnExit = true, zstdWasmUrl, onError, ...rest } = options;
  const core: ClientOptions = { ...rest };
  for (const name in CAPTURES) delete core[name as keyof ClientOptions];
  const secure = hasWebCrypto();
  const request = browserRequest(pageKeepaliveBudget);
  const store =
    spoolOption === false || typeof indexedDB === 'undefined'
      ? undefined
      : { store: idbSpool(spoolName(core.apiKey, core.endpoint)), maxBytes: spoolOption?.maxBytes ?? DEFAULT_SPOOL_BYTES };
  const page = pageLifecycle(deliverOnExit);
  let context: (() => Attributes | undefined) | undefined;
  const host = {
    busy: sdkBusy,
    setContext: (c: () => Attributes | undefined) => {
      context = c;
    },
  } as { -readonly [K in keyof CaptureHost]: CaptureHost[K] };
  const report = (error: LogFluxError) => asSdk(() => onError?.(error));
  const fail = (what: string) => (cause: unknown) => report(new LogFluxError('network', `could not load ${what}`, { cause }));
  const client = new LogFluxClient(
    { ...core, ...(onError ? { onError: report } : {}) },
    {
      providers: browserProviders(secure),
      request,
      sendOnExit: request.sendAtExit,
      keepaliveBytes: KEEPALIVE_LIMIT_BYTES,
      ...(store ? { spool: store } : {}),
      deferLoading: true,
      diagnostic: (message) => asSdk(() => console.warn(message)),
      ...(options.pageContext ? { context: () => context?.() } : {}),
      lifecycle: {
        // Page events and the capture features last until the client closes.
        subscribe(listener) {
          const stops = [page.subscribe(listener)];
          let open = true;
          for (const [name, load] of Object.entries(CAPTURES)) {
            const option = options[name as keyof CaptureOptions];
            if (option)
              load().then((m) => {
                if (open) stops.push(m.install(host, option === true ? {} : option));
              }, fail(name));
          }
          return () => {
            open = false;
            for (const stop of stops) stop();
          };
        },
      },
    },
  );
  host.client = client;
  // What exit and outages need (synchronous sealing, the IndexedDB store) loads after the first
  // delivery, not with the page (or after 10 s without one); then what earlier pages left in the
  // spool goes out.
  const loadRest = () => {
    stop();
    clearTimeout(idle);
    fallbackChunk.get().catch(fail('the fallback chunk'));
    void store?.store.load().then((ok) => ok && store.store.size().records > 0 && client.retryNow());
  };
  const stop = client.on('acknowledged', loadRest);
  const idle = setTimeout(loadRest, 10_000);
  if (!secure) handshakeChunk.get().then((m) => m.warnInsecure(), fail('the insecure-context handshake'));
  setZstdWasmUrl(zstdWasmUrl);
  if (core.payloadType === 2) zstdChunk.get().catch(fail("zstd (CSP needs 'wasm-unsafe-eval')"));
  return client;
}

/** The browser client (core's {@link LogFluxClient}). */
export type LogFluxBrowser = LogFluxClient;
