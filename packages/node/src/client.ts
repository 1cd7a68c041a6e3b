import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { type ClientOptions, type ClientPlatform, type Clock, type FlushResult, LogFluxClient, LogFluxError } from '@logflux/core';
import { DiskSpool } from './diskSpool.js';
import { nodeProviders, prepareZstd } from './providers.js';
import { kyRequest } from './request.js';
import { sealHere, sharedSealPool } from './sealPool.js';

/** Node-specific options, on top of the core client's (see `CLIENT_DEFAULTS`). */
export interface NodeClientOptions extends ClientOptions {
  /** Read the pin from a PEM file instead of passing `publicKey`. */
  publicKeyFile?: string;
  /**
   * The encrypted outage spool. Default: on, in `<tmpdir>/logflux-spool/<hash of key+endpoint>`,
   * capped at 64 MiB. `false` turns it off (entries are then dropped after the retries).
   */
  spool?: false | { dir?: string; maxBytes?: number };
  /** Deliver queued entries on SIGTERM/SIGINT, then let the signal take its course (default false). */
  handleSignals?: boolean;
  /** Deliver on `beforeExit`, and spool what is still queued at `exit` (default true). */
  flushOnExit?: boolean;
  /**
   * Worker threads that compress and encrypt batches, shared by every client in the process, so
   * the application's event loop only serialises entries. 0 seals on the calling thread.
   * Default: 2 on the main thread of a machine with two cores or more (the second thread starts
   * only when a batch finds the first one busy), 1 on a single core, and 0 when the client itself
   * runs in a worker (the pino transport, for example). The first client to start the threads
   * fixes their number.
   */
  sealThreads?: number;
}

/** See {@link NodeClientOptions.sealThreads}. */
export function defaultSealThreads(): number {
  return isMainThread ? Math.min(2, availableParallelism()) : 0;
}

/** Timers that never keep the process alive. */
export const unrefClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export const DEFAULT_SPOOL_BYTES = 64 * 1024 * 1024;

export function defaultSpoolDir(apiKey: string, endpoint: string | undefined): string {
  const id = createHash('sha256')
    .update(`${apiKey}\u0000${endpoint ?? ''}`)
    .digest('hex')
    .slice(0, 16);
  return join(tmpdir(), 'logflux-spool', id);
}

/**
 * The LogFlux client for Node.js: the core pipeline with OpenSSL AES-GCM, fast gzip, a disk spool
 * for outages, unref'd timers, and delivery on exit.
 */
export class LogFluxNode extends LogFluxClient {
  readonly spool: DiskSpool | undefined;
  private readonly detach: () => void;

  constructor(options: NodeClientOptions) {
    const {
      publicKeyFile,
      spool: spoolOption,
      handleSignals = false,
      flushOnExit = true,
      sealThreads = defaultSealThreads(),
      ...core
    } = options;
    const publicKey = core.publicKey ?? (publicKeyFile ? readFileSync(publicKeyFile, 'utf8') : undefined);
    const spool =
      spoolOption === false
        ? undefined
        : new DiskSpool(spoolOption?.dir ?? defaultSpoolDir(core.apiKey, core.endpoint), spoolOption?.maxBytes ?? DEFAULT_SPOOL_BYTES);
    if (!Number.isInteger(sealThreads) || sealThreads < 0 || sealThreads > 16)
      throw new LogFluxError('invalid_option', 'option sealThreads must be an integer from 0 to 16');
    const providers = nodeProviders();
    const pool = sealThreads > 0 ? sharedSealPool(sealThreads) : undefined;
    const sealBatch: ClientPlatform['sealBatch'] = pool
      ? (entries, session, payloadType) => pool.seal(entries, session, payloadType)
      : (entries, session, payloadType) => sealHere(entries, session, payloadType);
    super(
      { ...core, ...(publicKey !== undefined ? { publicKey } : {}) },
      {
        providers,
        request: kyRequest,
        clock: unrefClock,
        ...(spool ? { spool } : {}),
        sealBatch,
        userAgent: 'logflux-node/0.1.0',
      },
    );
    this.spool = spool;
    if (core.payloadType === 2) void prepareZstd();

    let exitFlush: Promise<FlushResult> | undefined;
    const onBeforeExit = () => {
      const s = this.stats();
      if (exitFlush || (s.queued.entries === 0 && s.inFlight === 0)) return;
      exitFlush = this.flush({ reason: 'exit' }).finally(() => {
        exitFlush = undefined;
      });
    };
    const onExit = () => {
      // Synchronous last resort: seal what is still queued and put it in the spool for next time.
      const records = spool ? this.sealQueuedSync() : undefined;
      for (const r of records ?? []) spool?.appendSync(r);
    };
    const onSignal = (signal: NodeJS.Signals) => {
      process.removeListener('SIGTERM', onSignal);
      process.removeListener('SIGINT', onSignal);
      void this.close().finally(() => {
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    };
    if (flushOnExit) {
      process.on('beforeExit', onBeforeExit);
      process.on('exit', onExit);
    }
    if (handleSignals) {
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    }
    this.detach = () => {
      process.removeListener('beforeExit', onBeforeExit);
      process.removeListener('exit', onExit);
      process.removeListener('SIGTERM', onSignal);
      process.removeListener('SIGINT', onSignal);
    };
  }

  override async close(): Promise<FlushResult> {
    try {
      return await super.close();
    } finally {
      this.detach();
    }
  }
}

/** Creates a Node client. */
export function createLogFlux(options: NodeClientOptions): LogFluxNode {
  return new LogFluxNode(options);
}
