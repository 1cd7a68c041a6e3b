/**
 * `@logflux/core/codecs`: `@logflux/core/runtime` plus the portable providers and codecs —
 * AES-GCM from `@noble/ciphers`, the gzip encoders and strict decoder, zstd in WebAssembly, the
 * spool record codec. A runtime that loads them lazily (`@logflux/browser` does, with `import()`)
 * imports them from here: its first chunk imports `runtime` only, so these stay out of it. This
 * entry re-exports `runtime` so that every lazily loaded chunk reaches the first chunk's modules as
 * one set, which keeps them in one shared file under esbuild's code splitting (see runtime.ts).
 */

export { decodeRecord, encodeRecord } from './client/spool.js';

export { crc32 } from './compression/crc32.js';
export { gzipSmall, SMALL_INPUT_LIMIT } from './compression/deflateSmall.js';
export { fflateGzip } from './compression/gzipFflate.js';
export { gunzipStrict } from './compression/gzipStrict.js';
export { wasmZstd } from './compression/zstdProvider.js';
export { initZstdWasm, isZstdWasmReady, zstdCompressWasmSync } from './compression/zstdWasm.js';
export { nobleAead } from './crypto/aeadNoble.js';
export { rsaModulusBits } from './crypto/spkiDer.js';
export * from './runtime.js';
