/**
 * Lazily loaded chunk: what the SDK needs when its fast path cannot be used. Synchronous,
 * pure-JavaScript sealing — AES-GCM from `@noble/ciphers` for pages outside a secure context and
 * for sealing at page exit (when promises no longer settle), gzip encoders (core's small-input
 * encoder is ~10× faster than a `CompressionStream` on a typical entry) — and the IndexedDB outage
 * buffer. Requested when a client starts, so it is there before the page is left.
 */
export { crc32, fflateGzip, gzipSmall, nobleAead, SMALL_INPUT_LIMIT } from '@logflux/core/codecs';
export { openIdbStore } from './idbSpool.js';
