/**
 * `@logflux/core/runtime`: what a runtime builds a client from — the client pipeline, errors and
 * provider interfaces — without the providers and codecs (`@noble/ciphers`, fflate, zstd-wasm,
 * the encoders and strict decoders), which the main entry point also exports. A module this file
 * re-exports is in an application's first chunk even when unused, if a lazily loaded chunk uses
 * it too (esbuild's code splitting works file by file): keep this list to what a client needs.
 * The spool record codec is in `@logflux/core/codecs` (only a lazily loaded store needs it).
 * Bundlers then keep those out of an application's first chunk: `@logflux/browser` loads them
 * with `import()` only when a page needs them.
 *
 * Every lazily loaded module — core's own (client/offline.ts, client/exitSeal.ts) and a runtime's
 * (through `@logflux/core/codecs`, which re-exports this file) — imports from here, so that all of
 * them reach the first chunk's modules as one set. esbuild's code splitting puts each module into
 * a file by the set of entry points that reach it; without this, the first chunk's modules would
 * be spread over one shared file per combination of lazy chunks, each fetched and gzipped apart.
 */

export { utf8Encode } from './bytes.js';
export { backoffDelay } from './client/backoff.js';
export { type FlushResult, LogFluxClient } from './client/client.js';
// Type only: the crash-durable intake itself (client/durable.ts) is the main entry's, never a page's.
export type { DurableIntake } from './client/durable.js';
export {
  type Attributes,
  type AuditInput,
  type Breadcrumb,
  type EntryInput,
  LEVELS,
  type LevelName,
  type MetricInput,
  parseStack,
  type SpanInput,
  type StackFrame,
} from './client/entries.js';
export type { ClientEventName, ClientEvents } from './client/events.js';
export { type CaptureOptions, Logger } from './client/logger.js';
export {
  CLIENT_DEFAULTS,
  type ClientOptions,
  type CommonClientOptions,
  type InnerEntry,
  type ResolvedOptions,
  type TunableOptions,
  type Tunables,
} from './client/options.js';
export {
  type ClientPlatform,
  type Clock,
  type HttpRequest,
  type HttpResponse,
  type Lifecycle,
  type LifecycleEvent,
  type RequestFunction,
  systemClock,
} from './client/platform.js';
export { resolveOptions } from './client/resolveOptions.js';
export {
  type MaybePromise,
  type PlainRecord,
  providerSealer,
  type Sealer,
  type SealingKey,
  sealEntries,
  sealEntryText,
} from './client/sealer.js';
export type { SpoolRecord, SpoolStore } from './client/spool.js';
export {
  type ClientStats,
  DROP_REASONS,
  type DropReason,
  type FlushReason,
  type HandshakeState,
  type TransportState,
} from './client/stats.js';
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
