import * as zstdModule from '@bokuweb/zstd-wasm';
import { concatBytes } from '../bytes.js';
import { LogFluxError } from '../errors.js';
import { splitZstdFrames } from './zstdFrames.js';

type ZstdLib = {
  init(path?: string): Promise<void>;
  compress(data: Uint8Array, level?: number): Uint8Array;
  decompress(data: Uint8Array, opts?: { defaultHeapSize: number }): Uint8Array;
};

// The package is CommonJS under Node and ESM in browsers; take whichever shape the loader gave us
// (read through Reflect: bundlers warn about a `.default` the ESM build does not export).
const lib: ZstdLib = ((Reflect.get(zstdModule, 'default') as ZstdLib | undefined) ?? zstdModule) as ZstdLib;

let ready: Promise<void> | undefined;

/**
 * Loads the zstd WebAssembly module once; later calls share the same promise. `wasmUrl` overrides
 * where a browser fetches `zstd.wasm` (default: beside the package's script, as bundlers place it).
 */
export function initZstdWasm(wasmUrl?: string): Promise<void> {
  ready ??= lib.init(wasmUrl).then(
    () => {
      loaded = true;
    },
    (error: unknown) => {
      ready = undefined;
      throw error;
    },
  );
  return ready;
}

/** libzstd reports "destination buffer too small" as -ZSTD_error_dstSize_tooSmall (70). */
const DST_SIZE_TOO_SMALL = /code -70\b/;

let loaded = false;

/** True once {@link initZstdWasm} has finished: compression can then run synchronously. */
export function isZstdWasmReady(): boolean {
  return loaded;
}

/** Synchronous zstd compression; only after {@link initZstdWasm} has resolved. */
export function zstdCompressWasmSync(data: Uint8Array, level = 3): Uint8Array {
  if (!loaded) throw new Error('zstd wasm is not initialised yet');
  return lib.compress(data, level);
}

export async function zstdCompressWasm(data: Uint8Array, level = 3): Promise<Uint8Array> {
  await initZstdWasm();
  return lib.compress(data, level);
}

/**
 * Strict zstd decoding (docs/protocol.md §7.4). libzstd verifies checksums and declared content
 * sizes; the frame walk in front of it supplies what the wasm wrapper lacks: every frame of a
 * multi-frame stream, skippable frames dropped, declared sizes checked against the limit before
 * anything is allocated, and frames without a content size decoded into a buffer sized from their
 * block headers, never beyond the limit.
 */
export async function zstdDecompressWasm(data: Uint8Array, limit: number): Promise<Uint8Array> {
  if (!loaded) {
    splitZstdFrames(data); // a malformed frame fails before the module is loaded
    await initZstdWasm();
  }
  return zstdDecompressWasmSync(data, limit);
}

/** `zstdDecompressWasm` without a promise; only after {@link initZstdWasm} has resolved. */
export function zstdDecompressWasmSync(data: Uint8Array, limit: number): Uint8Array {
  const frames = splitZstdFrames(data);
  if (!loaded) throw new Error('zstd wasm is not initialised yet');
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const frame of frames) {
    const remaining = limit - total;
    if (frame.contentSize !== undefined && frame.contentSize > remaining) {
      throw new LogFluxError('size_limit', `decompressed data exceeds the ${limit}-byte limit`);
    }
    const capacity = Math.min(remaining, frame.maxContentSize);
    let out: Uint8Array;
    try {
      out = lib.decompress(data.subarray(frame.start, frame.end), { defaultHeapSize: capacity });
    } catch (error) {
      const tooSmall = DST_SIZE_TOO_SMALL.test(String((error as Error)?.message));
      if (tooSmall && frame.contentSize === undefined && capacity === remaining) {
        throw new LogFluxError('size_limit', `decompressed data exceeds the ${limit}-byte limit`);
      }
      throw new LogFluxError('decompress', 'invalid zstd data: frame failed to decode', { cause: error });
    }
    total += out.length;
    parts.push(out);
  }
  return parts.length === 1 ? (parts[0] as Uint8Array) : concatBytes(parts);
}
