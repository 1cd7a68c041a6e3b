/**
 * Lazily loaded chunk: what the SDK needs when its fast path cannot be used. Synchronous,
 * pure-JavaScript sealing — AES-GCM from `@noble/ciphers` for pages outside a secure context and
 * for sealing at page exit (when promises no longer settle), gzip encoders (core's small-input
 * encoder is ~10× faster than a `CompressionStream` on a typical entry) — and the IndexedDB outage
 * buffer. Requested after the client's first delivery (or 10 s after it started), so that it is
 * there before the page is left. The decoders are a chunk of their own, loaded from here when
 * decoding is asked for (never to send logs): they share DEFLATE tables and CRC-32 with this
 * chunk, which bundlers then keep here instead of splitting them into a chunk of their own.
 */
export { crc32, fflateGzip, gzipSmall, nobleAead, SMALL_INPUT_LIMIT } from '@logflux/core/codecs';
export { openIdbStore } from './idbSpool.js';

/** The decoders chunk (strict gzip decoding, Web Crypto AES-GCM decryption). */
export const decoders = () => import('./decoders.js');
