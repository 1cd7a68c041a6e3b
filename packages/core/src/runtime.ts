/**
 * `@logflux/core/runtime`: what a runtime builds a client from — the client pipeline, errors and
 * provider interfaces — without the providers and codecs (`@noble/ciphers`, fflate, zstd-wasm,
 * the encoders and strict decoders), which the main entry point also exports. A module this file
 * re-exports is in an application's first chunk even when unused, if a lazily loaded chunk uses
 * it too (esbuild's code splitting works file by file): keep this list to what a client needs.
 * Bundlers then keep those out of an application's first chunk: `@logflux/browser` loads them
 * with `import()` only when a page needs them.
 */

export { utf8Encode } from './bytes.js';
export * from './client/index.js';
export { base64Encode } from './codec/base64.js';
export { pooledRandom, webRandom } from './crypto/random.js';
export { ERROR_CLASSES, type ErrorClass, isLogFluxError, LogFluxError } from './errors.js';
export { ENTRY_TYPES, type EntryType, type PayloadType, PROTOCOL } from './limits.js';
export type { BodyFormat, SealedPieces } from './protocol/bodies.js';
export { envelopeJson } from './protocol/envelopeText.js';
export { fetchRequest } from './protocol/fetchRequest.js';
export { multipartPart, multipartPartHead } from './protocol/multipart.js';
export type { ServiceLimits } from './protocol/responses.js';
export type { AeadProvider, CodecProviders, CompressionProvider, RandomSource } from './providers.js';
