import type { LogFluxError } from '../errors.js';
import type { HttpRequest, HttpResponse, RequestFunction } from '../protocol/http.js';
import type { CodecProviders } from '../providers.js';
import type { DurableIntake } from './durable.js';
import type { Attributes, SpanInput } from './entries.js';
import type { OtelSpanLike } from './otelSpan.js';
import type { Sealer } from './sealer.js';
import type { SpoolStore } from './spool.js';

export type { HttpRequest, HttpResponse, RequestFunction } from '../protocol/http.js';

/** Time, injectable so tests can drive the batcher and backoff deterministically. */
export interface Clock {
  now(): number;
  /** Schedules `fn`; runtimes unref the timer so it never keeps a process alive. */
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /**
   * Keeps the host alive until the returned function is called: while someone awaits `flush()` or
   * `close()` (Node: a ref'd handle, since the client's own timers are unref'd). Optional.
   */
  hold?(): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * What the host tells the client about its life; core decides what to do. `hidden`: it may go
 * soon (a hidden page, a Node process about to exit): deliver now, within the exit budget.
 * `visible`: back to normal. `leaving`: it is going, only synchronous work still runs: seal what is
 * left into the spool and hand it to `sendOnExit`. `online`: the network is back: retry at once.
 */
export type LifecycleEvent = 'hidden' | 'visible' | 'leaving' | 'online';

export interface Lifecycle {
  /** Calls `listener` for each event until the returned function is called. */
  subscribe(listener: (event: LifecycleEvent) => void): () => void;
}

/**
 * What a runtime supplies to the client: the platform part of delivery is a request function and a
 * few adapters; queueing, batching, retries, rate limits, the spool policy and exit handling are
 * core's. Node and browser runtimes are adapters over this seam.
 */
export interface ClientPlatform {
  providers: CodecProviders;
  request: RequestFunction;
  /**
   * Sends a request while the host is leaving, synchronously: the answer when the platform could
   * wait for it (core then spools only what was not stored), `true` when the request was started
   * but cannot be waited for (a page's keepalive fetch), `false` when it could not be sent.
   */
  sendOnExit?: (request: HttpRequest) => HttpResponse | boolean;
  /**
   * The keepalive budget, for a host whose requests must outlive it (a browser's 64 KiB for the
   * bodies of all keepalive requests in flight): while hidden, requests stay below it; those sealed
   * when leaving stay below a quarter of it, so that several fit at once.
   */
  keepaliveBytes?: number;
  clock?: Clock;
  /** Durable storage for sealed requests while the ingestor is unreachable. */
  spool?: { store: SpoolStore; maxBytes: number };
  /**
   * Crash-durable delivery (Node's `durability: 'disk'`): every entry is sealed and written to the
   * runtime's journal before the log call returns (durable.ts). Needs synchronous providers.
   */
  durable?: DurableIntake;
  /** Seals batches somewhere else (Node: worker threads). Default: the providers, on this thread. */
  sealer?: Sealer;
  lifecycle?: Lifecycle;
  /**
   * Load the client's exit parts after the first delivery instead of at once (a web page's first
   * load stays small). The host must not leave before then, or what is queued stays unsealed.
   */
  deferLoading?: boolean;
  /**
   * Attributes of the current scope, asked for each entry as it is logged (Node: the request's
   * async context, the active OpenTelemetry span). Keep it cheap; it runs on every log call.
   */
  context?: () => Attributes | undefined;
  /**
   * Reads span forms other than LogFlux's own (Node: an ended OpenTelemetry span, through core's
   * `spanInputOf`); without it `span()` takes `SpanInput` only, so a page's bundle carries no
   * conversion code.
   */
  spanInput?: (input: SpanInput | OtelSpanLike) => SpanInput;
  /**
   * Where the client's diagnostics go (the missing-pin warning, and what the `logLevel` option
   * asks for), each a line starting `logflux: `. Default: console.warn.
   */
  diagnostic?: (message: string) => void;
  /**
   * A configuration problem the runtime found before the client was built (an unreadable key
   * file, an invalid environment variable): thrown with `strict: true`, otherwise the client
   * starts disabled, as for an invalid option.
   */
  configProblem?: LogFluxError;
  /** Uniform random in [0, 1) for backoff jitter (injectable for tests). */
  random?: () => number;
  /** `User-Agent` value, e.g. `logflux-node/0.1.0`. */
  userAgent?: string;
}
