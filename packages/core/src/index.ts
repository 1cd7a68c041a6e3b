/**
 * `@logflux/core`: the runtime-agnostic LogFlux protocol. This entry point holds the pieces the
 * protocol is made of: API keys and discovery, the handshake's public-key checks and key wrapping,
 * and the entry codec for payload types 1 (gzip) and 2 (zstd). Platform primitives are injected
 * through {@link CodecProviders}.
 */

export { concatBytes, fromHex, toHex, utf8Encode, wipe } from './bytes.js';
export * from './client/index.js';
export { base64Encode } from './codec/base64.js';
export { base64DecodeStrict } from './codec/base64Strict.js';
export {
  checkEnvelopeFields,
  decodeSealedFields,
  type Envelope,
  envelopeToJson,
  type OpenedEntry,
  type OpenOptions,
  type OpenSyncOptions,
  openEnvelope,
  openEnvelopeSync,
  parseEnvelope,
  parsePlaintext,
  type SealOptions,
  type SessionKeyLookup,
  type SyncDecoders,
  sealEntry,
  sealPayload,
} from './codec/envelope.js';
export {
  type MultipartOptions,
  type MultipartPart,
  multipartBoundary,
  type ParsedMultipart,
  parseMultipart,
} from './codec/multipart.js';
export { multipartPartEnvelope } from './codec/multipartPart.js';
export {
  COMPAT_FLAGS,
  type CompatFlag,
  type KeyWrap,
  millisecondTimestamp,
  normaliseOfficialSdkEntry,
} from './codec/officialSdkCompat.js';
export { jsonNestingDepth } from './codec/plaintext.js';
export { crc32 } from './compression/crc32.js';
export { deflateSmall, gzipSmall, SMALL_INPUT_LIMIT } from './compression/deflateSmall.js';
export { fflateGzip } from './compression/gzipFflate.js';
export { gunzipStrict, parseGzipHeader } from './compression/gzipStrict.js';
export { splitZstdFrames, type ZstdFrame } from './compression/zstdFrames.js';
export { wasmZstd } from './compression/zstdProvider.js';
export { initZstdWasm, isZstdWasmReady, zstdCompressWasmSync, zstdDecompressWasmSync } from './compression/zstdWasm.js';
export { type ApiKey, parseApiKey, REGIONS, type Region } from './config/apiKey.js';
export {
  authenticatedDiscoveryUrl,
  authenticatedDiscoveryUrls,
  type DiscoveryPlan,
  parseAuthenticatedDiscovery,
  parseStaticDiscovery,
  planDiscovery,
  staticDiscoveryUrl,
} from './config/discovery.js';
export { isLoopbackHost, normaliseEndpoint } from './config/endpoint.js';
export { nobleAead } from './crypto/aeadNoble.js';
export { type Digest, mgf1, type OaepDecodeParams, oaepDecode } from './crypto/oaepDecode.js';
export { importPrivateKeyPem, unwrapSessionKey } from './crypto/privateKey.js';
export {
  type CustomerPublicKey,
  checkPin,
  fingerprintSpki,
  type ModulusBits,
  normalisePin,
  parseCustomerPublicKey,
  pemToDer,
  type Sha256,
  webModulusBits,
} from './crypto/publicKey.js';
export { pooledRandom, webRandom } from './crypto/random.js';
export { wrapSessionKey } from './crypto/rsaOaep.js';
export {
  type RsaPrivateRaw,
  type UnwrapCompatOptions,
  type UnwrappedSessionKey,
  unwrapSessionKeyCompat,
} from './crypto/sessionKeyUnwrap.js';
export { rsaModulusBits } from './crypto/spkiDer.js';
export { ERROR_CLASSES, type ErrorClass, isLogFluxError, LogFluxError } from './errors.js';
export { ENTRY_TYPES, type EntryType, type PayloadType, PROTOCOL } from './limits.js';
export { portableProviders } from './portable.js';
export * from './protocol/index.js';
export type { AeadProvider, CodecProviders, CompressionProvider, RandomSource } from './providers.js';
export { utf8DecodeStrict } from './utf8Strict.js';
