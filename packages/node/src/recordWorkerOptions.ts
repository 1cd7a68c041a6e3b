/** The options, handle and counters of a record worker ({@link startRecordWorker}), and their defaults. */
import { CLIENT_DEFAULTS, type DropReason, type FlushResult } from '@logflux/core';
import { optionsFromEnv } from './env.js';
import type { LogRecord } from './logRecord.js';
import { DEFAULT_EXIT_TIMEOUT_MS } from './nodeOptions.js';
import type { WorkerClientOptions } from './workerClient.js';

/** Options of {@link startRecordWorker}. */
export interface RecordWorkerOptions {
  /** Options of the thread's client; they are structured-cloned to it, so no functions. */
  logflux?: WorkerClientOptions;
  /**
   * Deliver on SIGTERM/SIGINT, then let the signal take its course (raised again when no other
   * listener is left). Default: `logflux.handleSignals`, else `LOGFLUX_HANDLE_SIGNALS`, else true.
   */
  handleSignals?: boolean;
  /** How long process exit waits for the thread to deliver or spool what it holds (default: `logflux.exitTimeoutMs`, else 5000 ms). */
  exitTimeoutMs?: number;
  /** The thread's script, for bundled applications (default: `recordWorker.js` beside this module). */
  workerScript?: string | URL;
  /** Where diagnostics go (default: standard error, prefixed `logflux:`). Never given secrets. */
  diagnostic?: (message: string) => void;
}

/** What {@link RecordWorker.stats} counts on the application's thread. */
export interface RecordWorkerStats {
  /** `failed` once the thread could not start or stopped; records are then dropped as `closed`. */
  state: 'starting' | 'running' | 'failed' | 'ended';
  /** Records handed to the thread. */
  sent: number;
  /** Records dropped here: `queue_overflow` (the thread fell behind), `closed` (no thread to take them), `rejected` (not cloneable). */
  dropped: Partial<Record<DropReason, number>>;
}

/** A worker thread running a LogFlux client, fed with typed records. Nothing it does throws. */
export interface RecordWorker {
  /** Queues a record; batches leave once per tick (or every 512 records). */
  send(record: LogRecord): void;
  /** Resolves once the thread's first handshake completed; rejects with its error. */
  ready(): Promise<void>;
  /**
   * Resolves when every record sent before the call is delivered, spooled or dropped, saying which;
   * early, with `pending`, after a fatal error or `timeoutMs`. The thread keeps the process alive meanwhile.
   */
  flush(options?: { timeoutMs?: number }): Promise<FlushResult>;
  /** Delivers what is left (up to the client's `closeTimeoutMs`), then stops the thread. */
  end(): Promise<FlushResult>;
  /** The thread's state and what this side handed over or dropped (the client's own counters stay in the thread). */
  stats(): RecordWorkerStats;
}

/** The options with their defaults applied. */
export interface HostSettings {
  diagnostic: (message: string) => void;
  exitTimeoutMs: number;
  /** Records in transit (sent, not yet taken by the thread's client) past which new ones are dropped. */
  maxBacklog: number;
  handleSignals: boolean;
}

/** The environment's options, as the one resolver reads them (invalid ones: the thread's client reports them). */
function fromEnv(): { handleSignals?: boolean; exitTimeoutMs?: number } {
  try {
    return optionsFromEnv(process.env);
  } catch {
    return {};
  }
}

const stderr = (message: string) => {
  process.stderr.write(`logflux: ${message}\n`);
};

export function resolveHostOptions(options: RecordWorkerOptions): HostSettings {
  const max = options.logflux?.maxQueueEntries;
  const env = fromEnv();
  const exitMs = [options.exitTimeoutMs, options.logflux?.exitTimeoutMs, env.exitTimeoutMs].find((v) => typeof v === 'number');
  return {
    diagnostic: options.diagnostic ?? stderr,
    exitTimeoutMs: Math.max(0, exitMs ?? DEFAULT_EXIT_TIMEOUT_MS),
    // As much as the thread's client queues: memory stays within twice its queue.
    maxBacklog: typeof max === 'number' && max >= 1 ? max : CLIENT_DEFAULTS.maxQueueEntries,
    handleSignals: options.handleSignals ?? options.logflux?.handleSignals ?? env.handleSignals ?? true,
  };
}
