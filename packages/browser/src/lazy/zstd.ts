/** Lazily loaded chunk: zstd (payload type 2) from libzstd compiled to WebAssembly. */
export { initZstdWasm, wasmZstd, zstdCompressWasmSync } from '@logflux/core/codecs';
