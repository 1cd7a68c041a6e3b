import { type ClientOptions, type FlushResult, LogFluxClient, LogFluxError } from '@logflux/core/runtime';
import { concurrentSealer } from './batchSealer.js';
import { captureGlobalErrors } from './globalErrors.js';
import { KEEPALIVE_LIMIT_BYTES, pageKeepaliveBudget } from './keepaliveBudget.js';
import { fallbackChunk, setZstdWasmUrl, zstdChunk } from './lazyChunks.js';
import { watchPageLifecycle } from './pageExit.js';
import { browserProviders, hasWebCrypto, synchronously } from './providers.js';
import { browserRequest, type ExitState } from './request.js';
import { type IdbSpool, idbSpool } from './spool.js';

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

/** Batches sealed at page exit stay this small, so that several fit the keepalive budget. */
const EXIT_BATCH_BYTES = KEEPALIVE_LIMIT_BYTES / 4;

let warnedInsecure = false;

/** The IndexedDB database for a key and endpoint (a hash: the API key is not written out). */
export function spoolName(apiKey: string, endpoint: string | undefined): string {
  let h = 0x811c9dc5;
  for (const c of `${apiKey}\u0000${endpoint ?? ''}`) h = Math.imul(h ^ (c.codePointAt(0) as number), 0x01000193);
  return `logflux-spool-${(h >>> 0).toString(16)}`;
}

/**
 * The LogFlux client for browsers: the core pipeline with Web Crypto AES-GCM (or `@noble/ciphers`
 * outside secure contexts), delivery with `fetch`, keepalive delivery on page exit within the
 * browser's 64 KiB budget, and an IndexedDB outage buffer replayed when the browser is online
 * again and on the next page load. Nothing it does throws into the page.
 */
export class LogFluxBrowser extends LogFluxClient {
  readonly spool: IdbSpool | undefined;
  readonly #detach: () => void;

  constructor(options: BrowserClientOptions) {
    const { spool: spoolOption, deliverOnExit = true, captureGlobalErrors: capture = false, zstdWasmUrl, ...core } = options;
    const secure = hasWebCrypto();
    const providers = browserProviders(secure);
    const exit: ExitState = { exiting: false };
    const request = browserRequest(exit, pageKeepaliveBudget);
    const spool =
      spoolOption === false || typeof indexedDB === 'undefined'
        ? undefined
        : idbSpool(spoolName(core.apiKey, core.endpoint), spoolOption?.maxBytes ?? DEFAULT_SPOOL_BYTES);
    super(core, { providers, request, ...(spool && { spool }), sealBatch: concurrentSealer(providers) });
    this.spool = spool;
    const fail = (what: string) => (cause: unknown) => core.onError?.(new LogFluxError('network', `could not load ${what}`, { cause }));
    if (!secure && !warnedInsecure) {
      warnedInsecure = true;
      console.warn('logflux: not a secure context (https or localhost): no Web Crypto; sealing with @noble/ciphers (slower)');
    }
    setZstdWasmUrl(zstdWasmUrl);
    if (core.payloadType === 2) zstdChunk.get().catch(fail("zstd (CSP needs 'wasm-unsafe-eval')"));
    // The fallback chunk (exit sealing, the spool) is wanted before the page can be left.
    fallbackChunk.get().catch(fail('the fallback chunk'));
    // Rows left by an earlier page (or another tab) go out once they are counted.
    void spool?.loaded.then((ok) => ok && spool.size().records > 0 && this.retryNow());

    const online = () => this.retryNow();
    const stops = [
      watchPageLifecycle(
        deliverOnExit
          ? {
              hidden: () => {
                exit.exiting = true;
                void this.flush({ reason: 'exit' });
              },
              leaving: () => {
                exit.exiting = true;
                this.#sealAtExit(request.sendAtExit);
              },
              visible: () => {
                exit.exiting = false;
              },
              online,
            }
          : { hidden() {}, leaving() {}, visible() {}, online },
      ),
    ];
    if (capture) stops.push(captureGlobalErrors(this));
    this.#detach = () => {
      for (const stop of stops) stop();
    };
  }

  /**
   * The synchronous last step at `pagehide`/`freeze`: seals what is queued or unanswered into
   * batches that fit the keepalive budget, stores them in the spool for the next page load, and
   * sends those that fit right now with `keepalive`. Idempotency keys make the two paths safe
   * together: a batch that arrives both ways is stored once.
   */
  #sealAtExit(send: (body: string, idempotencyKey: string) => boolean): void {
    try {
      for (const record of synchronously(() => this.sealQueuedSync(EXIT_BATCH_BYTES)) ?? []) {
        this.spool?.appendNow(record);
        send(record.body, record.idempotencyKey);
      }
    } catch {
      // never into the page, least of all while it unloads
    }
  }

  override async close(): Promise<FlushResult> {
    try {
      return await super.close();
    } finally {
      this.#detach();
    }
  }
}

/** Creates a browser client. */
export function createLogFlux(options: BrowserClientOptions): LogFluxBrowser {
  return new LogFluxBrowser(options);
}
