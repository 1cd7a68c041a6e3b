import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject, randomFillSync } from 'node:crypto';
import * as zlib from 'node:zlib';
import {
  type AeadProvider,
  type CodecProviders,
  type CompressionProvider,
  gunzipStrict,
  gzipSmall,
  initZstdWasm,
  isZstdWasmReady,
  LogFluxError,
  pooledRandom,
  SMALL_INPUT_LIMIT,
  wasmZstd,
  zstdCompressWasmSync,
} from '@logflux/core';

// Session keys live for many entries; turning one into a KeyObject once saves ~0.4 µs per seal.
const keyObjects = new WeakMap<Uint8Array, KeyObject>();
function keyObject(key: Uint8Array): KeyObject {
  let k = keyObjects.get(key);
  if (!k) {
    k = createSecretKey(key);
    keyObjects.set(key, k);
  }
  return k;
}

/** AES-256-GCM through OpenSSL (`node:crypto`); tag length checked explicitly on open. */
export const nodeAead: AeadProvider = {
  name: 'node-aes-gcm',
  seal(key, nonce, plaintext) {
    const c = createCipheriv('aes-256-gcm', keyObject(key), nonce);
    const body = c.update(plaintext);
    c.final();
    return Buffer.concat([body, c.getAuthTag()]);
  },
  open(key, nonce, sealed) {
    if (nonce.length !== 12 || sealed.length < 16) throw new LogFluxError('auth', 'bad nonce or tag length');
    try {
      const d = createDecipheriv('aes-256-gcm', keyObject(key), nonce, { authTagLength: 16 });
      d.setAuthTag(sealed.subarray(sealed.length - 16));
      return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
    } catch (error) {
      throw new LogFluxError('auth', 'authentication failed: wrong key or tampered ciphertext', { cause: error });
    }
  },
};

const crc32 = (data: Uint8Array) => zlib.crc32(data);

/**
 * gzip for payload type 1: entries up to 4 KiB (nearly all) through core's small-input encoder with
 * zlib's CRC-32 — about 3 µs against ~10 µs for a `zlib.gzipSync` call at that size — and larger
 * ones through zlib. Decoding is core's strict decoder, which the test vectors pin down.
 */
export const nodeGzip: CompressionProvider = {
  name: 'node-gzip',
  compress(data) {
    return data.length <= SMALL_INPUT_LIMIT ? gzipSmall(data, crc32) : zlib.gzipSync(data, { level: 6 });
  },
  decompress(data, limit) {
    return gunzipStrict(data, limit);
  },
};

type NativeZstd = { zstdCompressSync?: (data: Uint8Array) => Buffer };
const native = (zlib as unknown as NativeZstd).zstdCompressSync;

/** zstd for payload type 2: Node's native encoder where it exists (Node ≥ 23), else libzstd in wasm. */
export const nodeZstd: CompressionProvider = {
  name: native ? 'node-zstd' : 'zstd-wasm',
  compress(data) {
    if (native) return native(data);
    return isZstdWasmReady() ? zstdCompressWasmSync(data, 3) : wasmZstd.compress(data);
  },
  decompress(data, limit) {
    return wasmZstd.decompress(data, limit);
  },
};

const nodeRandomSource = (length: number) => randomFillSync(new Uint8Array(length));

/** The Node provider set: OpenSSL AES-GCM, fast gzip, zstd, pooled CSPRNG nonces, Buffer base64. */
export function nodeProviders(): CodecProviders {
  return {
    aead: nodeAead,
    gzip: nodeGzip,
    zstd: nodeZstd,
    random: pooledRandom(nodeRandomSource, 4096),
    utf8: (text) => Buffer.from(text, 'utf8'),
    base64: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  };
}

/** Loads the zstd wasm module (needed before payload type 2 can be sealed synchronously). */
export function prepareZstd(): Promise<void> {
  return native ? Promise.resolve() : initZstdWasm();
}
