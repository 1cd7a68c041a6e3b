import type { LimitReason } from './attributes.js';

/**
 * Reasons an entry can be dropped; every drop is counted under one of them. `invalid_config`:
 * the client could not start with its configuration (see the `strict` option).
 */
export const DROP_REASONS = [
  'queue_overflow',
  'rejected',
  'before_send',
  'sampled',
  'below_level',
  'quota',
  'too_large',
  'network_error',
  'unauthorized',
  'handshake_failed',
  'unknown_key',
  'spool_overflow',
  'closed',
  'invalid_config',
] as const;

export type DropReason = (typeof DROP_REASONS)[number];

/** Limits that changed an entry to fit (docs/protocol.md §6.6); the entry was still sent. */
export const TRUNCATION_REASONS = ['attribute_count', 'attribute_key', 'attribute_value', 'entry_size'] as const;

/** Why a batch left the queue (Datadog-style named flush reasons). */
export type FlushReason = 'size' | 'bytes' | 'interval' | 'manual' | 'exit' | 'replay';

export type TransportState = 'up' | 'retrying' | 'down' | 'paused' | 'unauthorized' | 'closed';
export type HandshakeState = 'none' | 'pending' | 'ready' | 'failed';

export interface ClientStats {
  /** Entries handed to the client (before sampling and filters). */
  logged: number;
  /** Entries currently waiting in memory, and their serialised size. */
  queued: { entries: number; bytes: number };
  /** Entries currently in requests being sent or retried. */
  inFlight: number;
  /** Entries sent in requests (each counted once, however many attempts). */
  sent: number;
  /** Entries the ingestor confirmed as stored. */
  acknowledged: number;
  /** Spooled records and bytes waiting for the ingestor. */
  spool: { records: number; bytes: number; entries: number };
  dropped: Record<DropReason, number>;
  /** Entries changed to fit a limit, by limit: attributes left out or cut, an entry cut to 1 MiB. */
  truncated: Record<LimitReason, number>;
  retries: number;
  flushes: Record<FlushReason, number>;
  lastError?: { errorClass: string; message: string; at: string };
  handshake: { state: HandshakeState; keyId?: string; fingerprint?: string; pinned: boolean; handshakes: number };
  /**
   * Whether what is queued can be sealed synchronously if the host leaves now: a session exists
   * and the client's exit parts are loaded (at once in Node; after the first delivery in browsers,
   * together with the parts that keep requests through an outage).
   */
  exitReady: boolean;
  transport: TransportState;
}

export function emptyStats(pinned: boolean): ClientStats {
  return {
    logged: 0,
    queued: { entries: 0, bytes: 0 },
    inFlight: 0,
    sent: 0,
    acknowledged: 0,
    spool: { records: 0, bytes: 0, entries: 0 },
    dropped: Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number>,
    truncated: { attribute_count: 0, attribute_key: 0, attribute_value: 0, entry_size: 0 },
    retries: 0,
    flushes: { size: 0, bytes: 0, interval: 0, manual: 0, exit: 0, replay: 0 },
    handshake: { state: 'none', pinned, handshakes: 0 },
    exitReady: false,
    transport: 'up',
  };
}
