import { encodeAttributes } from './attributes.js';
import { setUpClient } from './clientSetup.js';
import type { PipelineContext } from './context.js';
import { batchEntries } from './dispatch.js';
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
import { type EntryBody, type EntryContext, eventEntry, logEntry } from './entryBuilder.js';
import type { ClientEventName, ClientEvents } from './events.js';
import type { FlushController } from './flushController.js';
import { admit, overflowReason } from './intake.js';
import type { FlushResult } from './ledger.js';
import { type CaptureOptions, Logger } from './logger.js';
import type { ClientOptions } from './options.js';
import type { OtelSpanLike } from './otelSpan.js';
import type { ClientPlatform } from './platform.js';
import type { QueuedEntry } from './queue.js';
import type { ClientStats, FlushReason } from './stats.js';

export type { FlushResult } from './ledger.js';

/** The lazily loaded parts (deferred.ts), which hold the builders of the rarer entry types. */
type Deferred = typeof import('./deferred.js');

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
  readonly #entry: EntryContext;
  readonly #breadcrumbs: Breadcrumb[] = [];
  readonly #warmUp: Promise<void>;
  readonly #unsubscribe: () => void;
  #seq = 0;
  #closing: Promise<FlushResult> | undefined;
  /** Intakes still waiting for the lazily loaded parts (writeBatch, #lazy): flush() waits for them. */
  #groups: Promise<unknown> | undefined;

  constructor(options: ClientOptions, platform: ClientPlatform) {
    super();
    const parts = setUpClient(options, platform, {
      flushNow: () => this.#flushUntil({ reason: 'exit' }, false),
      retryNow: () => this.retryNow(),
    });
    this.#ctx = parts.ctx;
    this.#flush = parts.flush;
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
    this.#take(() => logEntry(level, message, logger), attributes);
  }
  metric(input: MetricInput): void {
    const copy = { ...input }; // a snapshot: the entry may be built once the lazily loaded parts are in
    this.#lazy((m) => m.metricEntry(copy), input.attributes);
  }
  event(name: string, attributes?: Attributes): void {
    this.#take(() => eventEntry(name), attributes);
  }
  audit(input: AuditInput): void {
    const copy = { ...input };
    this.#lazy((m) => m.auditEntry(copy), input.attributes);
  }
  /** Records a span: LogFlux's {@link SpanInput}, or — in Node — an ended OpenTelemetry span. */
  span(input: SpanInput | OtelSpanLike): void {
    const span = { ...(this.#ctx.platform.spanInput?.(input) ?? (input as SpanInput)) };
    this.#lazy((m) => m.spanEntry(span), span.attributes);
  }

  /** Records an error with its stack frames and the recent breadcrumbs (as a log entry, level 4). */
  captureError(error: unknown, options: CaptureOptions = {}): void {
    const crumbs = [...this.#breadcrumbs];
    const copy = { ...options };
    this.#lazy((m) => m.errorEntry(error, copy, crumbs), options.attributes);
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
    this.#lazy((m) => m.preparedEntry(copy).body, entry?.attributes);
  }

  /**
   * Logs prepared entries that travel together, as requests under `idempotencyKey` (16 to 96
   * characters of `A–Z a–z 0–9 _ -`; derived keys when they need several requests), so that
   * writing the same entries again under the same key — after a crash, say — stores them once.
   * Resolves when these entries are stored, spooled or dropped. All or none are queued.
   */
  writeBatch(entries: readonly EntryInput[], options: { idempotencyKey: string }): Promise<FlushResult> {
    const ctx = this.#ctx;
    const from = this.#seq + 1;
    this.#seq += Array.isArray(entries) ? entries.length : 0;
    const to = this.#seq;
    // The group intake comes with the offline parts (deferred.ts): a page's first chunk does without.
    const queued = this.#later(ctx.offline().then((m) => m.queueGroup(ctx, entries, options?.idempotencyKey, this.#entry, from)));
    return queued.then(
      (items) => {
        if (items.length === 0) return EMPTY_RESULT;
        ctx.platform.durable?.accepted(ctx, items);
        const result = ctx.ledger.wait(to, from);
        this.#flush.request();
        ctx.pump('manual');
        return result;
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
    const groups = this.#groups;
    if (groups) {
      // A writeBatch group logged before this call is still being queued: wait for it first.
      this.#groups = undefined;
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
    const waiter = ctx.ledger.wait(this.#seq, 0, options.timeoutMs, holdMs);
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
      return (await ctx.loadExit()).finishClose(ctx, result, this.#seq);
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

  /** Remembers an intake that waits for the lazily loaded parts, for flush() to wait for. */
  #later<T>(intake: Promise<T>): Promise<T> {
    const before = this.#groups;
    this.#groups = before ? Promise.allSettled([before, intake]) : intake;
    return intake;
  }

  /**
   * Builds an entry with a builder of the lazily loaded parts (typedEntries.ts) and queues it: at
   * once when they are in; else once they have loaded, under the sequence number and time of the
   * call (a page's first chunk does without these builders). flush() and close() wait for it.
   */
  #lazy(build: (m: Deferred) => EntryBody, attributes: Attributes | undefined): void {
    const ctx = this.#ctx;
    const loaded = ctx.exit;
    if (loaded) {
      this.#take(() => build(loaded), attributes);
      return;
    }
    const seq = ++this.#seq;
    const at = ctx.clock.now();
    // The attributes as they are now, encoded (strings): later changes to the caller's objects do not leak in.
    const attrs = attributes === undefined ? undefined : encodeAttributes(attributes, {}, ctx.limited);
    const open = !ctx.closed;
    // The scope's attributes as they are now (a request's, a trace's), not when the parts load.
    const own = this.#entry;
    const scope = own.context?.();
    const entry = own.context ? { ...own, context: () => scope } : own;
    this.#later(
      ctx.offline().then(
        (m) => {
          // Logged before close(): queued as if it had been built then.
          const closed = ctx.closed;
          if (open) ctx.closed = false;
          try {
            this.#take(
              () => {
                const body = build(m);
                return body.ts === undefined ? { ...body, ts: at } : body;
              },
              attrs,
              seq,
              entry,
            );
          } finally {
            ctx.closed = closed;
          }
        },
        (error: unknown) => ctx.report(error),
      ),
    );
  }

  /** Builds an entry and queues it (under `seq`, one reserved earlier); a builder's error is reported, never thrown. */
  #take(build: () => EntryBody, attributes: Attributes | undefined, seq?: number, entry = this.#entry): void {
    const ctx = this.#ctx;
    try {
      const item = admit(ctx, build(), attributes, entry, seq ?? this.#seq + 1);
      if (item instanceof Promise) {
        // An entry that may exceed the size limit, measured once the lazily loaded parts are in.
        if (seq === undefined) this.#seq++;
        this.#later(
          item.then(
            (i) => this.#place(i, false),
            (error: unknown) => ctx.report(error),
          ),
        );
      } else this.#place(item, seq === undefined);
    } catch (error) {
      ctx.report(error);
    }
  }

  /**
   * Queues an admitted entry, or counts it dropped when the queue is full. `next`: under the next
   * sequence number; else one reserved earlier, and the entry goes in its place by it.
   */
  #place(item: QueuedEntry | undefined, next: boolean): void {
    if (!item) return;
    const ctx = this.#ctx;
    if (!ctx.queue.fits(1, item.json.length)) {
      ctx.ledger.drop(overflowReason(ctx, item));
      return;
    }
    if (next) {
      this.#seq = item.seq;
      ctx.queue.push(item);
    } else ctx.queue.requeue([item]);
    ctx.platform.durable?.accepted(ctx, [item]);
    this.#queued();
  }

  #queued(): void {
    const ctx = this.#ctx;
    if (ctx.queue.entries >= batchEntries(ctx)) ctx.pump('size');
    else if (ctx.queue.bytes >= ctx.opts.maxBatchBytes) ctx.pump('bytes');
    else if (this.#flush.state === 'idle') this.#flush.schedule();
  }
}
