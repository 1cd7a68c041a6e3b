import type { PayloadType } from '../limits.js';
import type { CodecProviders } from '../providers.js';
import type { QueuedEntry } from './sealer.js';
import type { Session } from './session.js';

/**
 * What a runtime supplies to the client. As in Sentry's transports, the platform part of delivery
 * is only a request function; retries, rate limits, buffering and drop accounting live in core.
 */

export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Abort and reject after this many milliseconds. */
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  /** Header lookup, case-insensitive. */
  header(name: string): string | undefined;
  body: string;
}

/** Performs one HTTP request. Rejects only for network errors and timeouts, never for a status. */
export type RequestFunction = (request: HttpRequest) => Promise<HttpResponse>;

/** Time, injectable so tests can drive the batcher and backoff deterministically. */
export interface Clock {
  now(): number;
  /** Schedules `fn`; runtimes unref the timer so it never keeps a process alive. */
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A sealed request waiting on durable storage: exactly the bytes that go on the wire. */
export interface SpoolRecord {
  id: string;
  idempotencyKey: string;
  /** The JSON batch body: envelopes only, never plaintext. */
  body: string;
  entries: number;
  entryTypes: number[];
  createdAt: number;
}

/**
 * Durable storage for sealed batches while the ingestor is unreachable (disk in Node, IndexedDB
 * in browsers). Records are replayed oldest first.
 */
export interface Spool {
  /** Stores a record; returns the records evicted (oldest first) to stay within the size cap. */
  append(record: SpoolRecord): Promise<SpoolRecord[]>;
  /** The oldest records, up to `limit`. */
  peek(limit: number): Promise<SpoolRecord[]>;
  remove(id: string): Promise<void>;
  /** Current content, for stats. */
  size(): { records: number; bytes: number };
  close?(): Promise<void>;
}

export interface ClientPlatform {
  providers: CodecProviders;
  request: RequestFunction;
  clock?: Clock;
  spool?: Spool;
  /** Where one-off diagnostics go (the missing-pin warning, for example). Default: console.warn. */
  diagnostic?: (message: string) => void;
  /** Uniform random in [0, 1) for backoff jitter (injectable for tests). */
  random?: () => number;
  /**
   * Seals a batch somewhere other than the calling thread (Node runs a sealing worker). Must
   * return envelopes in order, as `sealEntries` with `providers` would. Default: `sealEntries`.
   * Synchronous sealing at process exit always uses `providers`.
   */
  sealBatch?: (entries: QueuedEntry[], session: Session, payloadType: PayloadType) => Promise<string[]>;
  /** `User-Agent` value, e.g. `logflux-node/0.1.0`. */
  userAgent?: string;
}
