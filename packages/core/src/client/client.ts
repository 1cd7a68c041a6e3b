import { setUpClient } from './clientSetup.js';
import type { PipelineContext } from './context.js';
import {
  type Attributes,
  type AuditInput,
  type Breadcrumb,
  type EntryInput,
  iso,
  type LevelName,
  type MetricInput,
  type SpanInput,
} from './entries.js';
import { type EntryContext, eventEntry, logEntry } from './entryBuilder.js';
import { createEntryIntake, type EntryIntake } from './entryIntake.js';
import type { ClientEventName, ClientEvents } from './events.js';
import type { FlushController } from './flushController.js';
import type { FlushResult } from './ledger.js';
import { type CaptureOptions, Logger } from './logger.js';
import type { ClientOptions } from './options.js';
import type { OtelSpanLike } from './otelSpan.js';
import type { ClientPlatform } from './platform.js';
import type { ClientStats, FlushReason } from './stats.js';

export type { FlushResult } from './ledger.js';

const MAX_BREADCRUMBS = 20;
const EMPTY_RESULT: FlushResult = { acknowledged: 0, spooled: 0, dropped: {}, pending: 0 };

/**
 * The LogFlux client: builds entries, queues them (bounded in entries and bytes), batches them (by
 * count, bytes and time, each flush with a named reason), seals them under a pinned session key,
 * and delivers them with retries, backoff, rate-limit and quota pauses, batch splitting and
 * idempotency keys — spooling sealed requests while the ingestor is unreachable. Nothing it does
 * throws into the application: problems go to `onError`, the `error` event and `stats()`.
 * Runtimes create it with their platform (`createLogFlux` in `@logflux/node` and
 * `@logflux/browser`); the pipeline's parts are described in docs/architecture.md.
 */
export class LogFluxClient extends Logger {
  readonly #ctx: PipelineContext;
  readonly #flush: FlushController;
  readonly #in: EntryIntake;
  readonly #entry: EntryContext;
  readonly #breadcrumbs: Breadcrumb[] = [];
  readonly #warmUp: Promise<void>;
  readonly #unsubscribe: () => void;
  #closing: Promise<FlushResult> | undefined;

  constructor(options: ClientOptions, platform: ClientPlatform) {
    super();
    const parts = setUpClient(options, platform, {
      flushNow: () => this.#flushUntil({ reason: 'exit' }, false),
      retryNow: () => this.retryNow(),
    });
    this.#ctx = parts.ctx;
    this.#flush = parts.flush;
    this.#in = createEntryIntake(parts.ctx, parts.flush, parts.entry);
    this.#entry = parts.entry;
    this.#warmUp = parts.warmUp;
    this.#unsubscribe = parts.unsubscribe;
  }

  /**
   * Resolves once the first handshake has completed (the session key exists and the pin was
   * checked); rejects with its error otherwise. Useful before a short-lived process may end
   * abruptly: from then on, a runtime's exit hook can still seal queued entries into the spool.
   */
  async ready(): Promise<void> {
    const ctx = this.#ctx;
    try {
      await this.#warmUp;
    } catch (error) {
      if (ctx.misconfigured) throw error;
      await ctx.sessions.acquire(ctx.clock.now());
    }
    // And the exit parts, where they load at once (Node): sealing at exit needs them.
    if (!ctx.platform.deferLoading) await ctx.loadExit().catch(() => {});
  }

  /** Logs a message at a syslog severity (name or 1-8). */
  log(level: LevelName | number, message: string, attributes?: Attributes, logger?: string): void {
    this.#in.take(() => logEntry(level, message, logger), attributes);
  }
  metric(input: MetricInput): void {
    const copy = { ...input }; // a snapshot: the entry may be built once the lazily loaded parts are in
    this.#in.lazy((m) => m.metricEntry(copy), input.attributes);
  }
  event(name: string, attributes?: Attributes): void {
    this.#in.take(() => eventEntry(name), attributes);
  }
  audit(input: AuditInput): void {
    const copy = { ...input };
    this.#in.lazy((m) => m.auditEntry(copy), input.attributes);
  }
  /** Records a span: LogFlux's {@link SpanInput}, or — in Node — an ended OpenTelemetry span. */
  span(input: SpanInput | OtelSpanLike): void {
    const span = { ...(this.#ctx.platform.spanInput?.(input) ?? (input as SpanInput)) };
    this.#in.lazy((m) => m.spanEntry(span), span.attributes);
  }

  /** Records an error with its stack frames and the recent breadcrumbs (as a log entry, level 4). */
  captureError(error: unknown, options: CaptureOptions = {}): void {
    const crumbs = [...this.#breadcrumbs];
    const copy = { ...options };
    this.#in.lazy((m) => m.errorEntry(error, copy, crumbs), options.attributes);
  }

  /** Remembers a breadcrumb (the last 20 are attached to captured errors). */
  addBreadcrumb(crumb: Omit<Breadcrumb, 'timestamp'> & { timestamp?: string }): void {
    this.#breadcrumbs.push({ ...crumb, timestamp: crumb.timestamp ?? iso(this.#ctx.clock.now()) });
    if (this.#breadcrumbs.length > MAX_BREADCRUMBS) this.#breadcrumbs.shift();
  }

  /**
   * Logs a prepared entry of any type (docs/protocol.md §6): `type` (default `log`), `level`
   * (1-8 or a name) and the type's fields. `ts` keeps the time the event happened (default: now)
   * and `source` overrides the client's, for collectors and logger integrations that carry both.
   */
  write(entry: EntryInput): void {
    const copy = entry !== null && typeof entry === 'object' ? { ...entry } : entry;
    this.#in.lazy((m) => m.preparedEntry(copy).body, entry?.attributes);
  }

  /**
   * Logs prepared entries that travel together, as requests under `idempotencyKey` (16 to 96
   * characters of `A–Z a–z 0–9 _ -`; derived keys when they need several requests), so that
   * writing the same entries again under the same key — after a crash, say — stores them once.
   * Resolves when these entries are stored, spooled or dropped, saying which (drops by the
   * filters, `beforeSend` and a full queue included). All or none are queued: an invalid entry
   * refuses the group (`invalid_entry`, reported).
   */
  writeBatch(entries: readonly EntryInput[], options: { idempotencyKey: string }): Promise<FlushResult> {
    const ctx = this.#ctx;
    const from = this.#in.reserve(Array.isArray(entries) ? entries.length : 0);
    const to = this.#in.seq;
    // The group intake comes with the offline parts (deferred.ts): a page's first chunk does without.
    const queued = this.#in.later(ctx.offline().then((m) => m.queueGroup(ctx, entries, options?.idempotencyKey, this.#entry, from)));
    return queued.then(
      ({ queued: items, withDrops }) => {
        if (items.length === 0) return withDrops(EMPTY_RESULT);
        ctx.platform.durable?.accepted(ctx, items);
        const result = ctx.ledger.wait(to, from);
        this.#flush.request();
        ctx.pump('manual');
        return result.then(withDrops);
      },
      (error: unknown) => {
        ctx.report(error);
        return EMPTY_RESULT;
      },
    );
  }

  /**
   * Resolves when every entry logged before the call is acknowledged, spooled or definitively
   * dropped, saying which. Resolves early, with `pending`, only after a fatal error (bad API key,
   * pin mismatch) or when `timeoutMs` passes.
   */
  flush(options: { timeoutMs?: number; reason?: FlushReason } = {}): Promise<FlushResult> {
    const groups = this.#in.takeWaiting();
    if (groups) {
      // Entries logged before this call are still being queued: wait for them first.
      const again = () => this.flush(options);
      return groups.then(again, again);
    }
    return this.#flushUntil(options, true);
  }

  /**
   * flush(); with `hold`, the host stays alive while it waits (up to `timeoutMs`, or
   * `closeTimeoutMs` without one) — not for flushes of the host's own lifecycle.
   */
  #flushUntil(options: { timeoutMs?: number; reason?: FlushReason }, hold: boolean): Promise<FlushResult> {
    const ctx = this.#ctx;
    const holdMs = hold ? Math.max(options.timeoutMs ?? 0, ctx.opts.closeTimeoutMs) : undefined;
    const waiter = ctx.ledger.wait(this.#in.seq, 0, options.timeoutMs, holdMs);
    this.#flush.request();
    ctx.pump(options.reason ?? 'manual');
    ctx.ledger.check();
    return waiter;
  }

  /**
   * Stops accepting entries, delivers what is queued (up to `closeTimeoutMs`), then seals and
   * spools what is left where a spool exists, or drops it (counted as `closed`), and wipes the
   * session key. Safe to call more than once.
   */
  close(): Promise<FlushResult> {
    const ctx = this.#ctx;
    this.#closing ??= (async () => {
      ctx.closed = true;
      const result = await this.flush({ timeoutMs: ctx.opts.closeTimeoutMs, reason: 'exit' });
      ctx.hardClosed = true;
      this.#flush.stop();
      this.#unsubscribe();
      return (await ctx.loadExit()).finishClose(ctx, result, this.#in.seq);
    })();
    return this.#closing;
  }

  /** A snapshot of counters and states (see {@link ClientStats}). */
  stats(): ClientStats {
    const { ledger, queue, sessions, store, opts } = this.#ctx;
    const s = ledger.stats;
    const stored = store?.store.size();
    return {
      ...s,
      queued: { entries: queue.entries, bytes: queue.bytes },
      inFlight: ledger.inFlight(),
      spool: { records: stored?.records ?? 0, bytes: stored?.bytes ?? 0, entries: ledger.spoolEntries() },
      dropped: { ...s.dropped },
      truncated: { ...s.truncated },
      flushes: { ...s.flushes },
      handshake: {
        state: sessions.state,
        ...(sessions.session ? { keyId: sessions.session.keyId, fingerprint: sessions.session.fingerprint } : {}),
        pinned: opts.publicKey !== undefined,
        handshakes: sessions.handshakes,
      },
      exitReady: this.#ctx.exit !== undefined && sessions.session !== undefined,
    };
  }

  /** Observes the client: `acknowledged`, `drop` and `error` events. Returns the unsubscribe function. */
  on<K extends ClientEventName>(event: K, listener: ClientEvents[K]): () => void {
    return this.#ctx.emitter.on(event, listener);
  }

  /**
   * Ends every backoff wait at once and replays the spool, for a host that learns the network is
   * back. Pauses the ingestor asked for (429, 507) still hold.
   */
  retryNow(): void {
    this.#ctx.wake();
    this.#ctx.replay();
    this.#ctx.pump('interval');
  }
}
