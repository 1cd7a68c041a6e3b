/**
 * `@logflux/core`: the runtime-agnostic LogFlux protocol. This entry point holds the pieces the
 * protocol is made of: API keys and discovery, the handshake's public-key checks and key wrapping,
 * and the entry codec for payload types 1 (gzip) and 2 (zstd). Platform primitives are injected
 * through {@link CodecProviders}.
 */
export { ERROR_CLASSES, type ErrorClass, LogFluxError, isLogFluxError } from './errors.js';
export { PROTOCOL, ENTRY_TYPES, type EntryType, type PayloadType } from './limits.js';
export { toHex, fromHex, utf8Encode, utf8DecodeStrict, concatBytes, wipe } from './bytes.js';
export type { AeadProvider, CompressionProvider, CodecProviders, RandomSource } from './providers.js';
export { portableProviders } from './portable.js';
export { nobleAead } from './crypto/aeadNoble.js';
export { webRandom, pooledRandom } from './crypto/random.js';
export { fflateGzip } from './compression/gzipFflate.js';
export { wasmZstd } from './compression/zstdProvider.js';
export { initZstdWasm } from './compression/zstdWasm.js';
export { gunzipStrict } from './compression/gzipStrict.js';
export { splitZstdFrames, type ZstdFrame } from './compression/zstdFrames.js';
export { crc32 } from './compression/crc32.js';
export { base64Encode, base64DecodeStrict } from './codec/base64.js';
export {
  type Envelope,
  type SealOptions,
  type OpenOptions,
  type OpenedEntry,
  type SessionKeyLookup,
  sealPayload,
  sealEntry,
  openEnvelope,
  parseEnvelope,
  decodeSealedFields,
  parsePlaintext,
  envelopeToJson,
} from './codec/envelope.js';
export { REGIONS, type Region, type ApiKey, parseApiKey } from './config/apiKey.js';
export { normaliseEndpoint, isLoopbackHost } from './config/endpoint.js';
export {
  type DiscoveryPlan,
  planDiscovery,
  staticDiscoveryUrl,
  authenticatedDiscoveryUrl,
  parseStaticDiscovery,
  parseAuthenticatedDiscovery,
} from './config/discovery.js';
export {
  type CustomerPublicKey,
  parseCustomerPublicKey,
  fingerprintSpki,
  normalisePin,
  checkPin,
  pemToDer,
} from './crypto/publicKey.js';
export { wrapSessionKey, unwrapSessionKey, importPrivateKeyPem } from './crypto/rsaOaep.js';
export { type ServiceLimits, type HandshakeInit, parseHandshakeInit, parseHandshakeComplete } from './handshake/responses.js';
