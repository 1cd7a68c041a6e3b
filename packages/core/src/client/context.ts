import { LogFluxError } from '../errors.js';
import type { LimitReason } from './attributes.js';
import { backoffDelay } from './backoff.js';
import type { Chunk } from './chunk.js';
import { createDiagnostics, type Diagnostics, diagnosticLevel } from './diagnostics.js';
import { createEmitter, type Emitter } from './events.js';
import { type Gates, OPEN_GATES } from './gates.js';
import { createLedger, type Ledger } from './ledger.js';
import type { ResolvedOptions } from './options.js';
import { type ClientPlatform, type Clock, systemClock } from './platform.js';
import { createQueue, type Queue, type QueuedEntry } from './queue.js';
import { providerSealer, type Sealer } from './sealer.js';
import { createSessions, type SessionManager } from './session.js';
import type { SpoolStore } from './spool.js';
import type { FlushReason } from './stats.js';

/** The lazily loaded parts of the pipeline (deferred.ts). */
type Deferred = typeof import('./deferred.js');

/** The state every part of one client's pipeline shares. */
export interface PipelineContext {
  readonly opts: ResolvedOptions;
  readonly platform: ClientPlatform;
  readonly clock: Clock;
  readonly sessions: SessionManager;
  readonly queue: Queue;
  readonly ledger: Ledger;
  /** The runtime's spool store and its cap; core's policy over it lives in offline.ts. */
  readonly store: { store: SpoolStore; maxBytes: number } | undefined;
  /** The offline parts (failed answers, spool, replay, stored-request splits), loaded on first use (deferred.ts). */
  offline(): Promise<Deferred>;
  /** The exit parts, once loaded (`loadExit`): what `leaving` needs synchronously. */
  exit: Deferred | undefined;
  /** Loads the exit parts — the same module as `offline()` (deferred.ts). */
  loadExit(): Promise<Deferred>;
  readonly sealer: Sealer;
  readonly emitter: Emitter;
  /** Batches taken off the queue and not sealed yet (exit sealing takes them over). */
  readonly sealing: Set<QueuedEntry[]>;
  /** Sealed requests not yet answered for (exit sealing spools them under their keys). */
  readonly unanswered: Set<Chunk>;
  gates: Gates;
  /** No new entries (close() was called). */
  closed: boolean;
  /** Nothing is sent any more (close() finished waiting). */
  hardClosed: boolean;
  /** The host is hidden or leaving: requests use keepalive, within `keepaliveBytes`. */
  exiting: false | 'hidden' | 'leaving';
  readonly random: () => number;
  /** The client's own diagnostics, at its `logLevel`. */
  readonly log: Diagnostics;
  /**
   * Why the client cannot start (an invalid configuration, not `strict`): every entry is then
   * dropped as `invalid_config`.
   */
  readonly misconfigured: LogFluxError | undefined;
  /** An attribute or size limit changed an entry: counted at once, and said once per limit (limitText.ts). */
  limited(reason: LimitReason): void;
  /**
   * Reports a handled error: `stats().lastError`, `onError`, the `error` event; without `onError`
   * also a diagnostic, at `warn` the first time for its error class (`said`: already printed).
   */
  report(error: unknown, said?: boolean): void;
  /** Waits `ms`, unless `wake()` ends every wait at once. */
  sleep(ms: number): Promise<void>;
  wake(): void;
  backoff(attempt: number): number;
  /** Starts batches for `reason` (set by the pipeline). */
  pump: (reason: FlushReason) => void;
  /** Starts replaying the spool, if there is one. */
  replay: () => void;
}

export function createContext(opts: ResolvedOptions, platform: ClientPlatform, misconfigured?: LogFluxError): PipelineContext {
  const clock = platform.clock ?? systemClock;
  const emitter = createEmitter();
  const log = createDiagnostics(diagnosticLevel(opts.logLevel, opts.debug), platform.diagnostic ?? ((m: string) => console.warn(m)));
  const saidLimits = new Set<LimitReason>();
  const saidClasses = new Set<string>();
  if (log.enabled('trace')) emitter.on('drop', (reason, n) => log.trace(`dropped ${n} ${n === 1 ? 'entry' : 'entries'} (${reason})`));
  const queue = createQueue({ maxEntries: opts.maxQueueEntries, maxBytes: opts.maxQueueBytes });
  const ledger = createLedger(
    queue,
    clock,
    emitter,
    opts.publicKey !== undefined,
    () => ctx.sessions.fatal !== undefined,
    platform.durable,
  );
  const sleepers = new Set<() => void>();
  const random = platform.random ?? Math.random;
  let deferred: Promise<Deferred> | undefined;
  const load = () =>
    (deferred ??= import('./deferred.js').then(
      (m) => {
        ctx.exit = m;
        return m;
      },
      (error: unknown) => {
        deferred = undefined; // a failed load (offline, blocked) is tried again by the next call
        throw error;
      },
    ));
  const ctx: PipelineContext = {
    opts,
    platform,
    clock,
    sessions: createSessions(opts, { ...platform, log }, misconfigured),
    queue,
    ledger,
    store: platform.spool,
    offline: load,
    exit: undefined,
    loadExit: load,
    sealer: platform.sealer ?? providerSealer(platform.providers),
    emitter,
    sealing: new Set(),
    unanswered: new Set(),
    gates: OPEN_GATES,
    closed: false,
    hardClosed: false,
    exiting: false,
    random,
    log,
    get misconfigured() {
      return misconfigured ?? ctx.sessions.unusable;
    },
    limited(reason) {
      ledger.stats.truncated[reason]++;
      if (saidLimits.has(reason)) return;
      saidLimits.add(reason);
      // Said (at warn) with the text from the lazily loaded parts: a page's first chunk does without it.
      if (log.enabled('warn'))
        load().then(
          (m) => log.warn(`${m.LIMIT_TEXT[reason]} (stats().truncated.${reason})`),
          () => {},
        );
    },
    report(error, said = false) {
      const e =
        error instanceof LogFluxError ? error : new LogFluxError('internal', (error as Error)?.message ?? String(error), { cause: error });
      ledger.stats.lastError = { errorClass: e.errorClass, message: e.message, at: new Date(clock.now()).toISOString() };
      // Nobody handles errors (no onError): each class is said once at warn, every one at info.
      const first = !opts.onError && !saidClasses.has(e.errorClass);
      saidClasses.add(e.errorClass);
      if (!said) (first ? log.warn : log.info)(`${e.errorClass}: ${e.message}`);
      try {
        opts.onError?.(e);
      } catch {
        // an application's error hook must not break the client either
      }
      emitter.emit('error', e);
    },
    sleep(ms) {
      return new Promise((resolve) => {
        const wake = () => {
          sleepers.delete(wake);
          clock.clearTimeout(timer);
          resolve();
        };
        const timer = clock.setTimeout(wake, ms);
        sleepers.add(wake);
      });
    },
    wake() {
      for (const w of [...sleepers]) w();
    },
    backoff: (attempt) => backoffDelay(attempt, opts.backoffInitialMs, opts.backoffMaxMs, random),
    pump: () => {},
    replay: () => {
      if (ctx.store) void ctx.offline().then((m) => m.replay(ctx));
    },
  };
  return ctx;
}
