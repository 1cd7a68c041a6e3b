import type { CompressionProvider } from '../providers.js';
import { zstdCompressWasm, zstdDecompressWasm } from './zstdWasm.js';

/** Portable zstd from `@bokuweb/zstd-wasm` (libzstd compiled to WebAssembly, loaded on first use). */
export const wasmZstd: CompressionProvider = {
  name: 'zstd-wasm',
  compress(data) {
    return zstdCompressWasm(data, 3);
  },
  decompress(data, limit) {
    return zstdDecompressWasm(data, limit);
  },
};
