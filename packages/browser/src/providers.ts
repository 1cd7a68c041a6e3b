import { type AeadProvider, type CodecProviders, type CompressionProvider, pooledRandom, webRandom } from '@logflux/core/runtime';
import { fallbackChunk, handshakeChunk, zstdChunk } from './lazyChunks.js';

const buf = (b: Uint8Array) => b as Uint8Array<ArrayBuffer>;

/** The decoders chunk, through the fallback chunk (see lazy/fallback.ts). */
const decoders = () => fallbackChunk.get().then((m) => m.decoders());

/** True where Web Crypto's `subtle` API exists: secure contexts (https, localhost, 127.0.0.1). */
export function hasWebCrypto(): boolean {
  return typeof crypto === 'object' && typeof crypto.subtle?.encrypt === 'function';
}

let syncOnly = false;

/**
 * Runs `fn` while the providers answer synchronously wherever they can (with the pure-JavaScript
 * chunk, if it has loaded). For sealing at page exit, when promises no longer settle.
 */
export function synchronously<T>(fn: () => T): T {
  syncOnly = true;
  try {
    return fn();
  } finally {
    syncOnly = false;
  }
}

const keys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

/** The session key as a non-extractable CryptoKey, imported once per key. */
function aesKey(raw: Uint8Array): Promise<CryptoKey> {
  let key = keys.get(raw);
  if (!key) {
    key = crypto.subtle.importKey('raw', buf(raw), 'AES-GCM', false, ['encrypt']);
    keys.set(raw, key);
  }
  return key;
}

/** AES-256-GCM through Web Crypto; nonce and tag lengths checked before Web Crypto sees them. */
export const webCryptoAead: AeadProvider = {
  name: 'webcrypto-aes-gcm',
  seal(key, nonce, plaintext) {
    const p = syncOnly && fallbackChunk.now();
    if (p) return p.nobleAead.seal(key, nonce, plaintext);
    return aesKey(key)
      .then((k) => crypto.subtle.encrypt({ name: 'AES-GCM', iv: buf(nonce) }, k, buf(plaintext)))
      .then((sealed) => new Uint8Array(sealed));
  },
  // Decryption is not needed to send logs: loaded on demand, like the decoders.
  open: (key, nonce, sealed) => decoders().then((m) => m.webCryptoOpen(key, nonce, sealed)),
};

/** AES-256-GCM from `@noble/ciphers`, loaded on first use: for pages without Web Crypto. */
export const lazyNobleAead: AeadProvider = {
  name: 'noble-aes-gcm',
  seal(key, nonce, plaintext) {
    const p = fallbackChunk.now();
    return p ? p.nobleAead.seal(key, nonce, plaintext) : fallbackChunk.get().then((m) => m.nobleAead.seal(key, nonce, plaintext));
  },
  open: (key, nonce, sealed) => fallbackChunk.get().then((m) => m.nobleAead.open(key, nonce, sealed)),
};

/** gzip through the browser's native `CompressionStream`. */
export async function streamGzip(data: Uint8Array): Promise<Uint8Array> {
  const stream = new CompressionStream('gzip');
  const writer = stream.writable.getWriter();
  writer.write(buf(data)).catch(() => {});
  writer.close().catch(() => {});
  return new Uint8Array(await new Response(stream.readable).arrayBuffer());
}

/**
 * gzip for payload type 1: the browser's `CompressionStream`. Once the pure-JavaScript chunk has
 * loaded (it is fetched when the page is idle, for sealing at exit), entries up to 4 KiB use core's
 * small-input encoder instead, synchronously: in Chromium it takes ~4 µs for a 300-byte entry where
 * a `CompressionStream` takes ~40 µs. Without `CompressionStream`, fflate from that chunk.
 * Decoding is core's strict decoder, loaded on demand.
 */
export const browserGzip: CompressionProvider = {
  name: 'browser-gzip',
  compress(data) {
    const p = fallbackChunk.now();
    const native = typeof CompressionStream === 'function';
    if (p && data.length <= p.SMALL_INPUT_LIMIT) return p.gzipSmall(data, p.crc32);
    if (p && (syncOnly || !native)) return p.fflateGzip.compress(data);
    return native ? streamGzip(data) : fallbackChunk.get().then((m) => m.fflateGzip.compress(data));
  },
  decompress: (data, limit) => decoders().then((m) => m.gunzipStrict(data, limit)),
};

/** zstd for payload type 2: libzstd in WebAssembly, loaded the first time it is needed. */
export const browserZstd: CompressionProvider = {
  name: 'zstd-wasm',
  compress(data) {
    const z = zstdChunk.now();
    return z ? z.zstdCompressWasmSync(data, 3) : zstdChunk.get().then((m) => m.zstdCompressWasmSync(data, 3));
  },
  decompress: (data, limit) => zstdChunk.get().then((m) => m.wasmZstd.decompress(data, limit)),
};

/**
 * The browser provider set. In a secure context: Web Crypto AES-GCM; elsewhere (plain http pages)
 * `@noble/ciphers`, with SHA-256 and RSA-OAEP for the handshake, all loaded lazily.
 */
export function browserProviders(secure = hasWebCrypto()): CodecProviders {
  const base = { gzip: browserGzip, zstd: browserZstd, random: pooledRandom(webRandom) };
  return secure
    ? { ...base, aead: webCryptoAead }
    : {
        ...base,
        aead: lazyNobleAead,
        sha256: (data) => handshakeChunk.get().then((m) => m.sha256(data)),
        rsaOaepEncrypt: (spki, data) => handshakeChunk.get().then((m) => m.rsaOaepEncrypt(spki, data)),
        rsaModulusBits: (spki) => handshakeChunk.get().then((m) => m.rsaModulusBits(spki)),
      };
}
