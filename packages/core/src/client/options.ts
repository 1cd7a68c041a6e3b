import { LogFluxError } from '../errors.js';
import { type PayloadType, PROTOCOL } from '../limits.js';

/**
 * Every client option and its default, with the reason for each value. Applications override
 * only what they need; invalid values fail at construction with a message naming the option.
 */
export const CLIENT_DEFAULTS = {
  /** Payload type: 1 = gzip (every SDK reads it), 2 = zstd. */
  payloadType: 1 as PayloadType,
  /** `source` field of every entry: the application or service name. */
  source: 'app',
  /** Entries below this syslog severity are not sent (8 = debug: everything). */
  minLevel: 8,
  /** Fraction of entries kept, 0..1. Audit entries are never sampled. */
  sampleRate: 1,
  /** Most entries held in memory waiting to be sent; past it new entries are dropped (counted). */
  maxQueueEntries: 10_000,
  /** Most bytes of serialised entries held in memory waiting to be sent. */
  maxQueueBytes: 8 * 1024 * 1024,
  /** Entries per batch; the service's `max_batch_size` (≤ 1000) lowers it. */
  maxBatchEntries: 500,
  /** Plaintext bytes per batch before sealing; keeps requests well under `max_request_size`. */
  maxBatchBytes: 512 * 1024,
  /** A batch leaves at most this long after its first entry was queued. */
  flushIntervalMs: 1000,
  /** Requests in flight at once. */
  maxConcurrentRequests: 2,
  /** Per-request timeout. */
  requestTimeoutMs: 15_000,
  /** Retries of one request after network errors, timeouts and 5xx, before spooling or dropping. */
  maxRetries: 4,
  /** First backoff delay; doubles each retry, with full jitter. */
  backoffInitialMs: 1000,
  /** Longest backoff delay. */
  backoffMaxMs: 30_000,
  /** Pause for a 507 without Retry-After. */
  quotaPauseMs: 60_000,
  /** New session key after this many entries (far below GCM's 2^32 limit for random nonces). */
  rotateAfterEntries: 2 ** 24,
  /** New session key after this long. */
  rotateAfterMs: 24 * 60 * 60 * 1000,
  /** Smallest RSA modulus accepted for the customer's key (never below 2048). */
  minRsaBits: PROTOCOL.minRsaModulusBits,
  /** Timeout for each discovery request. */
  discoveryTimeoutMs: 10_000,
  /** How long close() waits for delivery before spooling or dropping what is left. */
  closeTimeoutMs: 10_000,
} as const;

/** Literal types widened to their primitive (a default of 2000 allows any number). */
export type Widen<T> = T extends number ? number : T extends string ? string : T;
/** The tunable options, each required, as `resolveOptions` fills them in from `CLIENT_DEFAULTS`. */
export type Tunables = { -readonly [K in Exclude<keyof typeof CLIENT_DEFAULTS, 'payloadType'>]: Widen<(typeof CLIENT_DEFAULTS)[K]> } & {
  payloadType: PayloadType;
};

export interface ClientOptions extends Partial<Tunables> {
  /** The API key, `[<region>-]lf_…`. Required. */
  apiKey: string;
  /** Ingestor base URL; skips discovery (self-hosting, local development). */
  endpoint?: string;
  /** The customer's public key (PEM) or its fingerprint (`SHA256:…`): the pin. Strongly recommended. */
  publicKey?: string;
  /** Node/host name stored in `meta.node`. */
  node?: string;
  environment?: string;
  release?: string;
  /** Attributes added to every entry. */
  attributes?: Record<string, string>;
  /** Sees every entry before it is queued; return it (possibly edited) or null to drop it. */
  beforeSend?: (entry: InnerEntry) => InnerEntry | null;
  /** Called for every error the client handles (never throws into the application). */
  onError?: (error: LogFluxError) => void;
}

/** An inner plaintext entry (docs/protocol.md §6). */
export type InnerEntry = Record<string, unknown> & { type: string; level: number };

export type ResolvedOptions = Omit<ClientOptions, keyof typeof CLIENT_DEFAULTS> & Tunables;

function invalid(option: string, expected: string): never {
  throw new LogFluxError('invalid_option', `option ${option} must be ${expected}`);
}

const INTEGER_OPTIONS: [keyof typeof CLIENT_DEFAULTS, number, number][] = [
  ['minLevel', 1, 8],
  ['maxQueueEntries', 1, 10_000_000],
  ['maxQueueBytes', 1024, 2 ** 40],
  ['maxBatchEntries', 1, PROTOCOL.maxBatchEntries],
  ['maxBatchBytes', 1024, 64 * 1024 * 1024],
  ['flushIntervalMs', 0, 3_600_000],
  ['maxConcurrentRequests', 1, 64],
  ['requestTimeoutMs', 100, 600_000],
  ['maxRetries', 0, 100],
  ['backoffInitialMs', 0, 600_000],
  ['backoffMaxMs', 0, 3_600_000],
  ['quotaPauseMs', 0, 86_400_000],
  ['rotateAfterEntries', 1, 2 ** 31],
  ['rotateAfterMs', 1000, 30 * 86_400_000],
  ['minRsaBits', PROTOCOL.absoluteMinRsaModulusBits, 16_384],
  ['discoveryTimeoutMs', 100, 600_000],
  ['closeTimeoutMs', 0, 600_000],
];

/** Applies defaults and validates; throws `invalid_option` naming the first bad option. */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) invalid('(options)', 'an object');
  const out = { ...CLIENT_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as ResolvedOptions;
  if (typeof out.apiKey !== 'string') invalid('apiKey', 'a string');
  for (const [name, min, max] of INTEGER_OPTIONS) {
    const v = out[name] as unknown;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) invalid(name, `an integer from ${min} to ${max}`);
  }
  if (out.payloadType !== 1 && out.payloadType !== 2) invalid('payloadType', '1 (gzip) or 2 (zstd)');
  if (typeof out.sampleRate !== 'number' || !(out.sampleRate >= 0 && out.sampleRate <= 1)) invalid('sampleRate', 'a number from 0 to 1');
  if (typeof out.source !== 'string' || out.source === '') invalid('source', 'a non-empty string');
  for (const name of ['endpoint', 'publicKey', 'node', 'environment', 'release'] as const) {
    if (out[name] !== undefined && typeof out[name] !== 'string') invalid(name, 'a string');
  }
  for (const name of ['beforeSend', 'onError'] as const) {
    if (out[name] !== undefined && typeof out[name] !== 'function') invalid(name, 'a function');
  }
  if (
    out.attributes !== undefined &&
    (typeof out.attributes !== 'object' || Object.values(out.attributes).some((v) => typeof v !== 'string'))
  ) {
    invalid('attributes', 'an object of string values');
  }
  if (out.backoffMaxMs < out.backoffInitialMs) invalid('backoffMaxMs', 'at least backoffInitialMs');
  return out;
}
