import type { LogFluxError } from '../errors.js';
import { type PayloadType, PROTOCOL } from '../limits.js';
import type { DiagnosticLevel } from './diagnostics.js';

/**
 * The client's tunable options: each optional, each with its default in {@link CLIENT_DEFAULTS}
 * (the reason for each value is beside it there). Declared as an interface, not derived from the
 * defaults, so that editors show every option's documentation.
 */
export interface TunableOptions {
  /**
   * Payload type of every entry: 1 = AES-256-GCM over gzip (every LogFlux SDK reads it), 2 = over zstd.
   * @defaultValue 1
   */
  payloadType?: PayloadType;
  /**
   * `source` of every entry: the application or service name.
   * @defaultValue `'app'`
   */
  source?: string;
  /**
   * Entries less severe than this syslog severity (1 emergency … 8 debug) are dropped as
   * `below_level`; audit entries always pass.
   * @defaultValue 8 (everything)
   */
  minLevel?: number;
  /**
   * Fraction of entries kept, 0 to 1; the others are dropped as `sampled`. Audit entries are never sampled.
   * @defaultValue 1
   */
  sampleRate?: number;
  /**
   * Most entries waiting in memory; past it new entries are dropped as `queue_overflow`.
   * @defaultValue 10000
   */
  maxQueueEntries?: number;
  /**
   * Most bytes of serialised entries waiting in memory; past it new entries are dropped as `queue_overflow`.
   * @defaultValue 8388608 (8 MiB)
   */
  maxQueueBytes?: number;
  /**
   * Entries per request; the service's `max_batch_size` (at most 1000) lowers it.
   * @defaultValue 500
   */
  maxBatchEntries?: number;
  /**
   * Plaintext bytes per batch before sealing; requests are also split to the service's `max_request_size`.
   * @defaultValue 524288 (512 KiB)
   */
  maxBatchBytes?: number;
  /**
   * A batch leaves at most this long (ms) after its first entry was queued.
   * @defaultValue 1000
   */
  flushIntervalMs?: number;
  /**
   * Requests in flight at once.
   * @defaultValue 2
   */
  maxConcurrentRequests?: number;
  /**
   * Timeout of each request, in ms.
   * @defaultValue 15000
   */
  requestTimeoutMs?: number;
  /**
   * Retries of one request after network errors, timeouts and 5xx, before it is spooled or dropped.
   * @defaultValue 4
   */
  maxRetries?: number;
  /**
   * First backoff delay in ms; it doubles with each retry, with full jitter.
   * @defaultValue 1000
   */
  backoffInitialMs?: number;
  /**
   * Longest backoff delay in ms (at least `backoffInitialMs`).
   * @defaultValue 30000
   */
  backoffMaxMs?: number;
  /**
   * How long (ms) entry types stay paused after a 507 without `Retry-After`.
   * @defaultValue 60000
   */
  quotaPauseMs?: number;
  /**
   * A new session key after this many entries (far below AES-GCM's 2^32 limit for random nonces).
   * @defaultValue 16777216 (2^24)
   */
  rotateAfterEntries?: number;
  /**
   * A new session key after this long, in ms.
   * @defaultValue 86400000 (24 h)
   */
  rotateAfterMs?: number;
  /**
   * Smallest RSA modulus, in bits, accepted for the customer's key (never below 2048).
   * @defaultValue 4096
   */
  minRsaBits?: number;
  /**
   * Timeout of each discovery request, in ms.
   * @defaultValue 10000
   */
  discoveryTimeoutMs?: number;
  /**
   * How long (ms) `close()` waits for delivery before spooling or dropping what is left.
   * @defaultValue 10000
   */
  closeTimeoutMs?: number;
}

/** Every tunable option and its default, with the reason for each value. */
export const CLIENT_DEFAULTS: Readonly<Required<TunableOptions>> = {
  // Every SDK reads gzip; zstd is smaller and faster where the reader has it.
  payloadType: 1,
  source: 'app',
  // Filtering is the application's choice; by default nothing is filtered.
  minLevel: 8,
  sampleRate: 1,
  // Bounded in entries and bytes, so an outage cannot exhaust memory.
  maxQueueEntries: 10_000,
  maxQueueBytes: 8 * 1024 * 1024,
  // Half the protocol's 1000 and half a MiB: requests stay well under `max_request_size`.
  maxBatchEntries: 500,
  maxBatchBytes: 512 * 1024,
  // Entries leave within a second, batched enough to keep requests few.
  flushIntervalMs: 1000,
  maxConcurrentRequests: 2,
  requestTimeoutMs: 15_000,
  maxRetries: 4,
  backoffInitialMs: 1000,
  backoffMaxMs: 30_000,
  quotaPauseMs: 60_000,
  rotateAfterEntries: 2 ** 24,
  rotateAfterMs: 24 * 60 * 60 * 1000,
  minRsaBits: PROTOCOL.minRsaModulusBits,
  discoveryTimeoutMs: 10_000,
  closeTimeoutMs: 10_000,
};

/** The tunable options, each required, as {@link resolveOptions} fills them in from {@link CLIENT_DEFAULTS}. */
export type Tunables = Required<TunableOptions>;

/** Every option but the API key, shared by the runtimes' option types. */
export interface CommonClientOptions extends TunableOptions {
  /**
   * Ingestor base URL (`https://…`, or `http://` on loopback only); skips discovery (self-hosting,
   * local development).
   * @defaultValue none: discovery from the API key's region
   */
  endpoint?: string;
  /**
   * The pin: the customer's public key (PEM) or its fingerprint (`SHA256:<64 hex>`). The client
   * refuses any other key the server presents. Strongly recommended.
   * @defaultValue none (a warning once: confidentiality then rests on trusting the server)
   */
  publicKey?: string;
  /**
   * Host name stored in every entry's `meta.node`.
   * @defaultValue none
   */
  node?: string;
  /**
   * Stored in every entry's `meta.environment`.
   * @defaultValue none
   */
  environment?: string;
  /**
   * Stored in every entry's `meta.release`.
   * @defaultValue none
   */
  release?: string;
  /**
   * Attributes added to every entry (encoded like a call's attributes: docs/protocol.md §6.6).
   * @defaultValue none
   */
  attributes?: Record<string, unknown>;
  /**
   * Sees every entry before it is queued; return it (possibly edited) or `null` to drop it (`before_send`).
   * @defaultValue none
   */
  beforeSend?: (entry: InnerEntry) => InnerEntry | null;
  /**
   * Called for every error the client handles (the client never throws into the application).
   * @defaultValue none
   */
  onError?: (error: LogFluxError) => void;
  /**
   * Throw a `LogFluxError` from the constructor when the configuration is invalid (for tests).
   * Otherwise an invalid configuration is reported once (`onError`, a diagnostic at level
   * `error`) and the client drops every entry, counted as `invalid_config`.
   * @defaultValue false
   */
  strict?: boolean;
  /**
   * Shorthand for `logLevel: 'debug'`.
   * @defaultValue false
   */
  debug?: boolean;
  /**
   * Which of the client's own diagnostics are printed: `error`, `warn` (one-off warnings such as
   * a missing pin), `info` (every handled error, handshakes, spooling, exits), `debug` (every
   * request) or `trace` (every drop). Never secrets or plaintext.
   * @defaultValue `'warn'`
   */
  logLevel?: DiagnosticLevel;
}

/** The options of core's client (a runtime's `createLogFlux` takes these and its own). */
export interface ClientOptions extends CommonClientOptions {
  /**
   * The API key, `[<region>-]lf_<32 letters or digits>`; never logged or echoed.
   * @defaultValue none: required
   */
  apiKey: string;
}

/** An inner plaintext entry (docs/protocol.md §6). */
export type InnerEntry = Record<string, unknown> & { type: string; level: number };

/** The options with every tunable filled in. */
export type ResolvedOptions = Omit<ClientOptions, keyof TunableOptions> & Tunables;
