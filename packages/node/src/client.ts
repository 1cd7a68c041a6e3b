import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { type ClientOptions, type Clock, type Lifecycle, LogFluxClient, LogFluxError, type Sealer } from '@logflux/core';
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
 * The process as core's lifecycle: `beforeExit` → hidden (deliver now), `exit` → leaving (seal
 * what is left into the spool), and with `handleSignals` SIGTERM/SIGINT → close the client, then
 * let the signal take its course. Listeners go when the client closes.
 */
function processLifecycle(flushOnExit: boolean, handleSignals: boolean, client: () => LogFluxClient): Lifecycle {
  return {
    subscribe(listener) {
      const onBeforeExit = () => listener('hidden');
      const onExit = () => listener('leaving');
      const onSignal = (signal: NodeJS.Signals) => {
        process.removeListener('SIGTERM', onSignal);
        process.removeListener('SIGINT', onSignal);
        void client()
          .close()
          .finally(() => {
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
      return () => {
        process.removeListener('beforeExit', onBeforeExit);
        process.removeListener('exit', onExit);
        process.removeListener('SIGTERM', onSignal);
        process.removeListener('SIGINT', onSignal);
      };
    },
  };
}

/**
 * Creates the LogFlux client for Node.js: core's pipeline with OpenSSL AES-GCM, fast gzip, sealing
 * threads, an encrypted disk spool for outages, unref'd timers, and delivery on exit. `host.lifecycle`
 * replaces the process's lifecycle, for a client run by a host of its own (a logger integration's
 * worker thread decides when its client leaves).
 */
export function createLogFlux(options: NodeClientOptions, host: { lifecycle?: Lifecycle } = {}): LogFluxClient {
  const {
    publicKeyFile,
    spool: spoolOption,
    handleSignals = false,
    flushOnExit = true,
    sealThreads = defaultSealThreads(),
    ...core
  } = options;
  const publicKey = core.publicKey ?? (publicKeyFile ? readFileSync(publicKeyFile, 'utf8') : undefined);
  if (!Number.isInteger(sealThreads) || sealThreads < 0 || sealThreads > 16)
    throw new LogFluxError('invalid_option', 'option sealThreads must be an integer from 0 to 16');
  const store =
    spoolOption === false
      ? undefined
      : {
          store: new DiskSpool(spoolOption?.dir ?? defaultSpoolDir(core.apiKey, core.endpoint)),
          maxBytes: spoolOption?.maxBytes ?? DEFAULT_SPOOL_BYTES,
        };
  const sealer: Sealer = sealThreads > 0 ? sharedSealPool(sealThreads) : { seal: sealHere };
  let client: LogFluxClient | undefined;
  client = new LogFluxClient(
    { ...core, ...(publicKey !== undefined ? { publicKey } : {}) },
    {
      providers: nodeProviders(),
      request: kyRequest,
      clock: unrefClock,
      ...(store ? { spool: store } : {}),
      sealer,
      lifecycle: host.lifecycle ?? processLifecycle(flushOnExit, handleSignals, () => client as LogFluxClient),
      userAgent: 'logflux-node/0.1.0',
    },
  );
  if (core.payloadType === 2) void prepareZstd();
  return client;
}

/** The Node client (core's {@link LogFluxClient}). */
export type LogFluxNode = LogFluxClient;

/**
 * @deprecated Use {@link createLogFlux}; `new LogFluxNode(options)` still works and returns the
 * same client.
 */
export const LogFluxNode = function LogFluxNode(options: NodeClientOptions) {
  return createLogFlux(options);
} as unknown as { new (options: NodeClientOptions): LogFluxClient; prototype: LogFluxClient };
LogFluxNode.prototype = LogFluxClient.prototype;
