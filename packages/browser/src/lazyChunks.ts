/**
 * The lazily loaded parts of the SDK, each a chunk that bundlers split off: none is in the default
 * entry, and each is fetched only when needed. A failed load (offline, blocked by CSP) is retried
 * by the next call.
 */

function lazy<T>(load: () => Promise<T>): { get(): Promise<T>; now(): T | undefined } {
  let value: T | undefined;
  let loading: Promise<T> | undefined;
  return {
    get: () =>
      (loading ??= load().then(
        (m) => (value = m),
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      )),
    now: () => value,
  };
}

/** Synchronous pure-JavaScript sealing and the IndexedDB outage buffer (see lazy/fallback.ts). */
export const fallbackChunk = lazy(() => import('./lazy/fallback.js'));

/** SHA-256, the key-size reading and RSA-OAEP for the handshake where `crypto.subtle` is missing. */
export const handshakeChunk = lazy(() => import('./lazy/insecureHandshake.js'));

let zstdWasmUrl: string | undefined;

/** Where `zstd.wasm` is fetched from when the bundler did not place it (the script-tag build). */
export function setZstdWasmUrl(url: string | undefined): void {
  if (url !== undefined) zstdWasmUrl = url;
}

/** zstd in WebAssembly, initialised: compression is synchronous once this resolves. */
export const zstdChunk = lazy(() => import('./lazy/zstd.js').then((m) => m.initZstdWasm(zstdWasmUrl).then(() => m)));
