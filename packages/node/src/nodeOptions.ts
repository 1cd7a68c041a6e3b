/** The options of `@logflux/node`'s client: core's, plus the Node runtime's own. */
import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { type CommonClientOptions, LogFluxError } from '@logflux/core';

/** Where entries wait between a log call and the ingestor's acknowledgement (docs/delivery.md). */
export type Durability = 'memory' | 'disk';

/**
 * Options of {@link createLogFlux}. Every option may also come from the environment
 * (`LOGFLUX_*`, see {@link ENV_VARIABLES}); an option given here wins over its variable.
 */
export interface NodeClientOptions extends CommonClientOptions {
  /**
   * The API key, `[<region>-]lf_<32 letters or digits>`; never logged or echoed.
   * @defaultValue `LOGFLUX_API_KEY` (required one way or the other)
   */
  apiKey?: string;
  /**
   * Read the pin from a PEM file instead of passing `publicKey`.
   * @defaultValue none (`LOGFLUX_PUBLIC_KEY_FILE`)
   */
  publicKeyFile?: string;
  /**
   * The encrypted outage spool: sealed requests wait there while the ingestor is unreachable,
   * and the next process with the same directory sends them. `false` turns it off (entries are
   * then dropped after the retries).
   * @defaultValue on: `<tmpdir>/logflux-spool/<hash of key and endpoint>`, capped at 64 MiB
   */
  spool?: false | { dir?: string; maxBytes?: number };
  /**
   * On SIGTERM and SIGINT, deliver what is queued (within `exitTimeoutMs`), then let the signal
   * end the process as it would have: it is raised again when no other listener is left.
   * @defaultValue true
   */
  handleSignals?: boolean;
  /**
   * Deliver what is queued when the process ends: at `beforeExit`, and — for `process.exit()`
   * and uncaught exceptions — synchronously at `exit`, spooling only what cannot be sent within
   * `exitTimeoutMs`.
   * @defaultValue true
   */
  flushOnExit?: boolean;
  /**
   * How long, in ms, the end of the process may wait for delivery (at `exit`, and on a signal);
   * what is not sent by then goes to the spool.
   * @defaultValue 5000
   */
  exitTimeoutMs?: number;
  /**
   * `'disk'`: every entry is sealed and written to the spool directory before the log call
   * returns, so a process killed at any moment (SIGKILL, a crash) loses nothing it logged after
   * the first handshake (before it, entries wait in memory: `await ready()` first); the next
   * process with the same spool directory sends it, stored once. Costs main-thread time per
   * entry (docs/delivery.md, "Crash-durable mode"). Needs the spool.
   * @defaultValue `'memory'`
   */
  durability?: Durability;
  /**
   * Worker threads that compress and encrypt batches, shared by every client in the process, so
   * the application's event loop only serialises entries. 0 seals on the calling thread. The
   * second thread starts only when a batch finds the first one busy; the first client to start
   * the threads fixes their number. Integer 0–16.
   * @defaultValue 2 on the main thread of a machine with two cores or more, 1 on one core, 0 inside a worker thread
   */
  sealThreads?: number;
}

/** See {@link NodeClientOptions.sealThreads}. */
export function defaultSealThreads(): number {
  return isMainThread ? Math.min(2, availableParallelism()) : 0;
}

export const DEFAULT_SPOOL_BYTES = 64 * 1024 * 1024;
export const DEFAULT_EXIT_TIMEOUT_MS = 5000;

function invalid(option: string, expected: string): never {
  throw new LogFluxError('invalid_option', `option ${option} must be ${expected}`);
}

const isInt = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Throws `invalid_option` naming the first of the Node options that is invalid. */
export function checkNodeOptions(o: NodeClientOptions): void {
  if (o.sealThreads !== undefined && !isInt(o.sealThreads, 0, 16)) invalid('sealThreads', 'an integer from 0 to 16');
  if (o.exitTimeoutMs !== undefined && !isInt(o.exitTimeoutMs, 0, 600_000)) invalid('exitTimeoutMs', 'an integer from 0 to 600000');
  for (const name of ['handleSignals', 'flushOnExit'] as const)
    if (o[name] !== undefined && typeof o[name] !== 'boolean') invalid(name, 'true or false');
  if (o.durability !== undefined && o.durability !== 'memory' && o.durability !== 'disk') invalid('durability', "'memory' or 'disk'");
  if (o.publicKeyFile !== undefined && typeof o.publicKeyFile !== 'string') invalid('publicKeyFile', 'a path');
  const spool = o.spool;
  if (spool !== undefined && spool !== false) {
    if (typeof spool !== 'object' || spool === null) invalid('spool', 'false or { dir?, maxBytes? }');
    if (spool.dir !== undefined && typeof spool.dir !== 'string') invalid('spool.dir', 'a path');
    if (spool.maxBytes !== undefined && !isInt(spool.maxBytes, 1024, 2 ** 40)) invalid('spool.maxBytes', 'an integer of at least 1024');
  }
  if (o.durability === 'disk' && spool === false) invalid('durability', "'memory' when the spool is off ('disk' writes entries into it)");
}
