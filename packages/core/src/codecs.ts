/**
 * `@logflux/core/codecs`: the portable providers and codecs alone — AES-GCM from `@noble/ciphers`,
 * the gzip encoders and strict decoder, zstd in WebAssembly — without the client pipeline. A
 * runtime that loads them lazily (`@logflux/browser` does, with `import()`) imports them from
 * here, so that its first chunk and the lazy ones share no more than they must.
 */

export { crc32 } from './compression/crc32.js';
export { gzipSmall, SMALL_INPUT_LIMIT } from './compression/deflateSmall.js';
export { fflateGzip } from './compression/gzipFflate.js';
export { gunzipStrict } from './compression/gzipStrict.js';
export { wasmZstd } from './compression/zstdProvider.js';
export { initZstdWasm, isZstdWasmReady, zstdCompressWasmSync } from './compression/zstdWasm.js';
export { nobleAead } from './crypto/aeadNoble.js';
export type { AeadProvider, CompressionProvider } from './providers.js';
