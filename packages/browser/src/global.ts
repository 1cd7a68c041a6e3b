/**
 * The script-tag build (`dist/logflux.global.js`): everything in one file, exposed as the global
 * `LogFlux`. zstd's WebAssembly is fetched from `zstd.wasm` beside the script unless
 * `zstdWasmUrl` says otherwise.
 */
import { setZstdWasmUrl } from './lazyChunks.js';

const script = typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null) : null;
if (script?.src) setZstdWasmUrl(new URL('zstd.wasm', script.src).href);

export * from './index.js';
