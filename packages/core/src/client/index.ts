/** The runtime-agnostic client pipeline. */

export { backoffDelay } from './backoff.js';
export { type FlushResult, LogFluxClient } from './client.js';
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
} from './entries.js';
export type { ClientEventName, ClientEvents } from './events.js';
export { type CaptureOptions, Logger } from './logger.js';
export {
  CLIENT_DEFAULTS,
  type ClientOptions,
  type InnerEntry,
  type ResolvedOptions,
  resolveOptions,
  type Tunables,
  type Widen,
} from './options.js';
export { isOtelSpan, type OtelHrTime, type OtelSpanLike, spanInputOf } from './otelSpan.js';
export {
  type ClientPlatform,
  type Clock,
  type HttpRequest,
  type HttpResponse,
  type Lifecycle,
  type LifecycleEvent,
  type RequestFunction,
  systemClock,
} from './platform.js';
export { parseRetryAfter } from './retryAfter.js';
export { type MaybePromise, type PlainRecord, providerSealer, type Sealer, type SealingKey, sealEntries, sealEntryText } from './sealer.js';
export { decodeRecord, encodeRecord, type SpoolRecord, type SpoolStore } from './spool.js';
export { type ClientStats, DROP_REASONS, type DropReason, type FlushReason, type HandshakeState, type TransportState } from './stats.js';
