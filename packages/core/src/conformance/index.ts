/**
 * `@logflux/core/conformance`: runs the shared test vectors against a provider set, so a runtime
 * (or a third-party provider) can prove it is byte-compatible with every other LogFlux SDK.
 */
export type { AeadProvider, CodecProviders, CompressionProvider, RandomSource } from '../providers.js';
export { type Json, runVectorFile, SUPPORTED_SCHEMAS, type VectorRunResult, type VectorTestFailure } from './vectorRunner.js';
