/** The runtime-agnostic client pipeline. */

export {
  ATTRIBUTE_LIMITS,
  encodeAttributes,
  jsonText,
  type LimitReason,
} from './attributes.js';
export { backoffDelay } from './backoff.js';
export { type FlushResult, LogFluxClient } from './client.js';
export { createDiagnostics, DIAGNOSTIC_LEVELS, type DiagnosticLevel, type Diagnostics, diagnosticLevel } from './diagnostics.js';
export { createDurableIntake, type DurableIntake } from './durable.js';
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
export { fitEntry, MAX_ENTRY_BYTES, utf8Length } from './entrySize.js';
export type { ClientEventName, ClientEvents } from './events.js';
export { type EntryJournal, type JournalEntry, type JournalRecord, rangesToSeqs, recoverJournal, seqRanges } from './journal.js';
export { type CaptureOptions, Logger } from './logger.js';
export {
  CLIENT_DEFAULTS,
  type ClientOptions,
  type CommonClientOptions,
  type InnerEntry,
  type ResolvedOptions,
  type TunableOptions,
  type Tunables,
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
export { resolveOptions } from './resolveOptions.js';
export { parseRetryAfter } from './retryAfter.js';
export { type MaybePromise, type PlainRecord, providerSealer, type Sealer, type SealingKey, sealEntries, sealEntryText } from './sealer.js';
export { decodeRecord, encodeRecord, type SpoolRecord, type SpoolStore } from './spool.js';
export {
  type ClientStats,
  DROP_REASONS,
  type DropReason,
  type FlushReason,
  type HandshakeState,
  TRUNCATION_REASONS,
  type TransportState,
} from './stats.js';
