/** The runtime-agnostic client pipeline. */
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
export {
  CLIENT_DEFAULTS,
  type ClientOptions,
  type InnerEntry,
  type ResolvedOptions,
  resolveOptions,
  type Tunables,
  type Widen,
} from './options.js';
export {
  type ClientPlatform,
  type Clock,
  type HttpRequest,
  type HttpResponse,
  type RequestFunction,
  type Spool,
  type SpoolRecord,
  systemClock,
} from './platform.js';
export { backoffDelay, parseRetryAfter } from './retryAfter.js';
export { batchBody, envelopeJson, type MaybePromise, type QueuedEntry, sealEntries, sealEntryText } from './sealer.js';
export type { Session } from './session.js';
export { type ClientStats, DROP_REASONS, type DropReason, type FlushReason, type HandshakeState, type TransportState } from './stats.js';
