import { createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';
import { type CodecProviders, LogFluxError, type SyncDecoders, zstdDecompressWasmSync } from '@logflux/core';
import { cliProviders } from './providers.js';
import { gunzipStrictZlib } from './zlibGunzip.js';

const keys = new WeakMap<Uint8Array, KeyObject>();

/**
 * AES-256-GCM opening through OpenSSL (`node:crypto`), for bulk reads: about four times faster
 * than the portable implementation. Lengths are checked here (Node would accept a short tag).
 */
const opensslAead = {
  name: 'openssl-aes-gcm',
  seal(): never {
    throw new LogFluxError('auth', 'this provider only opens entries');
  },
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Uint8Array {
    if (nonce.length !== 12 || sealed.length < 16) throw new LogFluxError('auth', 'bad nonce or tag length');
    let k = keys.get(key);
    if (!k) {
      k = createSecretKey(key);
      keys.set(key, k);
    }
    try {
      const d = createDecipheriv('aes-256-gcm', k, nonce, { authTagLength: 16 });
      d.setAuthTag(sealed.subarray(sealed.length - 16));
      const body = d.update(sealed.subarray(0, sealed.length - 16));
      d.final();
      return body;
    } catch (error) {
      throw new LogFluxError('auth', 'authentication failed: wrong key or tampered ciphertext', { cause: error });
    }
  },
};

/** Providers whose decoding side also answers synchronously (for `Decryptor.openPage`). */
export type BulkReadProviders = CodecProviders & SyncDecoders;

/**
 * The CLI's decoding providers with OpenSSL AES-GCM, gzip through zlib (strict, gzipStrictZlib)
 * and the zstd WebAssembly decoder called synchronously: what the analysis commands read hundreds
 * of thousands of entries with.
 */
export async function bulkReadProviders(): Promise<BulkReadProviders> {
  const base = await cliProviders();
  return {
    ...base,
    aead: opensslAead,
    gzip: { name: 'gzip-zlib-strict', compress: (data) => base.gzip.compress(data), decompress: gunzipStrictZlib },
    zstd: { name: 'zstd-wasm-sync', compress: (data) => base.zstd.compress(data), decompress: zstdDecompressWasmSync },
  };
}
