import { base64Encode } from '../codec/base64.js';
import { LogFluxError } from '../errors.js';
import type { EntryType } from '../limits.js';
import {
  type Attributes,
  type AuditInput,
  type Breadcrumb,
  ENTRY_TYPE_OF,
  type EntryInput,
  entryTime,
  entryTypeOf,
  iso,
  LEVELS,
  type LevelName,
  type MetricInput,
  parseStack,
  type SpanInput,
  stringAttributes,
} from './entries.js';
import { type ClientOptions, type InnerEntry, type ResolvedOptions, resolveOptions } from './options.js';
import { type ClientPlatform, type Clock, type HttpResponse, type SpoolRecord, systemClock } from './platform.js';
import { backoffDelay, parseRetryAfter } from './retryAfter.js';
import { batchBody, type QueuedEntry, sealEntries, splitBySize } from './sealer.js';
import { isFatal, type Session, SessionManager } from './session.js';
import { type ClientStats, type DropReason, emptyStats, type FlushReason } from './stats.js';

/** What happened to the entries a flush() or close() waited for. */
export interface FlushResult {
  /** Stored by the ingestor. */
  acknowledged: number;
  /** Sealed and written to the spool; sent when the ingestor is reachable again. */
  spooled: number;
  /** Will never be stored, by reason. */
  dropped: Partial<Record<DropReason, number>>;
  /** Still undecided when the call returned (only after a timeout or a fatal error). */
  pending: number;
}

interface Waiter {
  target: number;
  result: FlushResult;
  resolve: (result: FlushResult) => void;
}

interface Chunk {
  items: QueuedEntry[];
  body: string;
  envelopes: string[];
  idempotencyKey: string;
  keyId: string;
  types: EntryType[];
  attempts: number;
  counted: boolean;
}

type Outcome = 'acknowledged' | 'spooled' | DropReason;

const MAX_BREADCRUMBS = 20;

/**
 * The entries a 200/202 answer lists in `data.failures` (indices below `entries`), and their error
 * classes; none when the body does not parse (a 200 without a parsable body still means stored).
 */
function failuresIn(body: string, entries: number): { failed: number[]; classes: string } {
  try {
    const failures = (JSON.parse(body) as { data?: { failures?: { index: number; error: string }[] } }).data?.failures ?? [];
    return {
      failed: failures.map((f) => f.index).filter((i) => Number.isInteger(i) && i >= 0 && i < entries),
      classes: [...new Set(failures.map((f) => f.error))].join(', '),
    };
  } catch {
    return { failed: [], classes: '' };
  }
}

/**
 * The LogFlux client: builds entries, queues them (bounded in entries and bytes), batches them
 * (by count, bytes and time, each flush with a named reason), seals them under a pinned session
 * key, and delivers them with retries, backoff, rate-limit and quota pauses, batch splitting and
 * idempotency keys — spooling sealed batches while the ingestor is unreachable. Nothing it does
 * throws into the application: problems go to `onError` and `stats()`.
 */
export class LogFluxClient {
  readonly #opts: ResolvedOptions;
  readonly #platform: ClientPlatform & Required<Pick<ClientPlatform, 'diagnostic' | 'random'>>;
  readonly #clock: Clock;
  readonly #sessions: SessionManager;
  readonly #data: ClientStats;
  #queue: QueuedEntry[] = [];
  #queueBytes = 0;
  #seq = 0;
  #batcher: 'idle' | 'scheduled' | 'flushing' = 'idle';
  #timer: unknown;
  #wakeTimer: unknown;
  #flushRequested = false;
  readonly #active = new Set<QueuedEntry[]>();
  #pausedUntil = 0;
  readonly #quotaUntil = new Map<EntryType, number>();
  #waiters: Waiter[] = [];
  #closing: Promise<FlushResult> | undefined;
  #closed = false;
  #hardClosed = false;
  #replaying = false;
  #handshakeAttempts = 0;
  readonly #breadcrumbs: Breadcrumb[] = [];
  /** Batches taken off the queue but not sealed yet. */
  readonly #sealing = new Set<QueuedEntry[]>();
  /** Wake-ups of pending backoff sleeps (see retryNow). */
  readonly #sleepers = new Set<() => void>();
  /** Sealed requests not yet answered for. */
  readonly #unanswered = new Set<Chunk>();
  /** Entries of this process waiting in spool records, by record id, until a replay settles them. */
  readonly #spooled = new Map<string, QueuedEntry[]>();
  /** Entries per spool record counted in stats().spool.entries (this process's records and earlier ones met in replay). */
  readonly #spoolCounted = new Map<string, number>();
  readonly #baseAttributes: Record<string, string> | undefined;
  readonly #meta: Record<string, string> | undefined;
  /** Observer for benchmarks: called with the log-call times of acknowledged entries. */
  onAcknowledged: ((loggedAt: number[], now: number) => void) | undefined;

  constructor(options: ClientOptions, platform: ClientPlatform) {
    this.#opts = resolveOptions(options);
    this.#platform = {
      diagnostic: (m: string) => console.warn(m),
      random: Math.random,
      ...platform,
    };
    this.#clock = platform.clock ?? systemClock;
    this.#sessions = new SessionManager(
      this.#opts,
      this.#platform as ClientPlatform & Required<Pick<ClientPlatform, 'diagnostic' | 'request'>>,
    );
    this.#data = emptyStats(this.#opts.publicKey !== undefined);
    this.#baseAttributes = stringAttributes(this.#opts.attributes);
    const meta: Record<string, string> = {};
    for (const key of ['environment', 'release', 'node'] as const) if (this.#opts[key]) meta[key] = this.#opts[key];
    this.#meta = Object.keys(meta).length > 0 ? meta : undefined;
    if (platform.spool && platform.spool.size().records > 0) void this.#replay();
    // Handshake early, so the first batch does not wait for it and a wrong pin shows at once.
    this.#warmUp = this.#sessions.acquire(this.#clock.now()).then(
      () => undefined,
      (error: unknown) => {
        this.#report(error);
        if (error instanceof LogFluxError && error.errorClass === 'unauthorized') this.#data.transport = 'unauthorized';
        throw error;
      },
    );
    this.#warmUp.catch(() => {});
  }

  readonly #warmUp: Promise<void>;

  /**
   * Resolves once the first handshake has completed (the session key exists and the pin was
   * checked); rejects with its error otherwise. Useful before a short-lived process may end
   * abruptly: from then on, a runtime's exit hook can still seal queued entries into the spool.
   */
  async ready(): Promise<void> {
    try {
      await this.#warmUp;
    } catch {
      await this.#sessions.acquire(this.#clock.now());
    }
  }

  // ---------------------------------------------------------------- public API: entries

  /** Logs a message at a syslog severity (name or 1-8). */
  log(level: LevelName | number, message: string, attributes?: Attributes, logger?: string): void {
    this.#guard(() => {
      const lvl = typeof level === 'number' ? level : LEVELS[level];
      this.#enqueue({ type: 'log', level: lvl, message: String(message), ...(logger ? { logger } : {}) }, attributes);
    });
  }

  emergency(message: string, attributes?: Attributes): void {
    this.log(1, message, attributes);
  }
  alert(message: string, attributes?: Attributes): void {
    this.log(2, message, attributes);
  }
  critical(message: string, attributes?: Attributes): void {
    this.log(3, message, attributes);
  }
  error(message: string, attributes?: Attributes): void {
    this.log(4, message, attributes);
  }
  warning(message: string, attributes?: Attributes): void {
    this.log(5, message, attributes);
  }
  notice(message: string, attributes?: Attributes): void {
    this.log(6, message, attributes);
  }
  info(message: string, attributes?: Attributes): void {
    this.log(7, message, attributes);
  }
  debug(message: string, attributes?: Attributes): void {
    this.log(8, message, attributes);
  }

  /**
   * Logs a prepared entry of any type (docs/protocol.md §6): `type` (default `log`), `level`
   * (1-8 or a name) and the type's fields. `ts` keeps the time the event happened (default: now)
   * and `source` overrides the client's, for collectors and logger integrations that carry both.
   */
  write(entry: EntryInput): void {
    this.#guard(() => {
      const { type = 'log', level, attributes, ...fields } = entry;
      const lvl = typeof level === 'number' ? level : LEVELS[level];
      if (!(type in ENTRY_TYPE_OF)) throw new LogFluxError('rejected', `unknown entry type ${String(type)}`);
      this.#enqueue({ ...fields, type, level: lvl }, attributes);
    });
  }

  metric(input: MetricInput): void {
    this.#guard(() => {
      const { name, value, unit, kind = 'gauge', attributes } = input;
      if (typeof name !== 'string' || typeof value !== 'number' || !Number.isFinite(value)) {
        throw new LogFluxError('rejected', 'a metric needs a string name and a finite numeric value');
      }
      this.#enqueue({ type: 'metric', level: 7, name, value, ...(unit ? { unit } : {}), kind }, attributes);
    });
  }

  event(name: string, attributes?: Attributes): void {
    this.#guard(() => this.#enqueue({ type: 'event', level: 6, event: String(name) }, attributes));
  }

  audit(input: AuditInput): void {
    this.#guard(() => {
      this.#enqueue(
        {
          type: 'audit',
          level: 6,
          action: input.action,
          actor: input.actor,
          resource: input.resource,
          resource_id: input.resourceId,
          outcome: input.outcome,
        },
        input.attributes,
      );
    });
  }

  span(input: SpanInput): void {
    this.#guard(() => {
      const start = typeof input.startTime === 'number' ? input.startTime : input.startTime.getTime();
      const end = typeof input.endTime === 'number' ? input.endTime : input.endTime.getTime();
      if (!/^[0-9a-f]{32}$/.test(input.traceId) || !/^[0-9a-f]{16}$/.test(input.spanId)) {
        throw new LogFluxError('rejected', 'a span needs a 32-hex traceId and a 16-hex spanId');
      }
      const status = input.status ?? 'ok';
      this.#enqueue(
        {
          type: 'trace',
          level: status === 'error' ? 4 : 7,
          trace_id: input.traceId,
          span_id: input.spanId,
          ...(input.parentSpanId ? { parent_span_id: input.parentSpanId } : {}),
          name: input.name,
          operation: input.operation,
          start_time: iso(start),
          end_time: iso(end),
          duration_ms: end - start,
          status,
        },
        input.attributes,
      );
    });
  }

  /** Records an error with its stack frames and the recent breadcrumbs (as a log entry, level 4). */
  captureError(error: unknown, options: { attributes?: Attributes; level?: number; message?: string } = {}): void {
    this.#guard(() => {
      const e = error instanceof Error ? error : new Error(typeof error === 'string' ? error : JSON.stringify(error));
      const message = options.message ?? e.message;
      this.#enqueue(
        {
          type: 'log',
          level: options.level ?? 4,
          message,
          error_type: e.name || 'Error',
          error_message: e.message,
          stack_trace: parseStack(e.stack),
          breadcrumbs: [...this.#breadcrumbs],
          ...(e.cause !== undefined
            ? { error_cause: e.cause instanceof Error ? `${e.cause.name}: ${e.cause.message}` : String(e.cause) }
            : {}),
        },
        options.attributes,
      );
    });
  }

  /** Remembers a breadcrumb (the last 20 are attached to captured errors). */
  addBreadcrumb(crumb: Omit<Breadcrumb, 'timestamp'> & { timestamp?: string }): void {
    this.#guard(() => {
      this.#breadcrumbs.push({ ...crumb, timestamp: crumb.timestamp ?? iso(this.#clock.now()) });
      if (this.#breadcrumbs.length > MAX_BREADCRUMBS) this.#breadcrumbs.shift();
    });
  }

  // ---------------------------------------------------------------- public API: lifecycle

  /**
   * Resolves when every entry logged before the call is acknowledged, spooled or definitively
   * dropped, saying which. Resolves early, with `pending`, only after a fatal error (bad API key,
   * pin mismatch) or when `timeoutMs` passes.
   */
  flush(options: { timeoutMs?: number; reason?: FlushReason } = {}): Promise<FlushResult> {
    const waiter = this.#addWaiter(this.#seq);
    this.#flushRequested = true;
    this.#pump(options.reason ?? 'manual');
    this.#checkWaiters();
    if (options.timeoutMs === undefined) return waiter;
    return this.#withTimeout(waiter, options.timeoutMs);
  }

  /**
   * Stops accepting entries, delivers what is queued (up to `closeTimeoutMs`), then seals and
   * spools what is left where a spool exists, or drops it (counted as `closed`), and wipes the
   * session key. Safe to call more than once.
   */
  close(): Promise<FlushResult> {
    this.#closing ??= (async () => {
      this.#closed = true;
      const result = await this.flush({ timeoutMs: this.#opts.closeTimeoutMs, reason: 'exit' });
      await this.#hardClose();
      return result.pending === 0 ? result : { ...result, pending: this.#unsettledUpTo(this.#seq) };
    })();
    return this.#closing;
  }

  /** A snapshot of counters and states (see {@link ClientStats}). */
  stats(): ClientStats {
    const s = this.#data;
    const spool = this.#platform.spool?.size();
    let inFlight = 0;
    for (const items of this.#active) inFlight += items.length;
    let spooledEntries = 0;
    for (const n of this.#spoolCounted.values()) spooledEntries += n;
    return {
      ...s,
      queued: { entries: this.#queue.length, bytes: this.#queueBytes },
      inFlight,
      spool: { records: spool?.records ?? 0, bytes: spool?.bytes ?? 0, entries: spooledEntries },
      dropped: { ...s.dropped },
      flushes: { ...s.flushes },
      handshake: {
        state: this.#sessions.state,
        ...(this.#sessions.session ? { keyId: this.#sessions.session.keyId, fingerprint: this.#sessions.session.fingerprint } : {}),
        pinned: this.#opts.publicKey !== undefined,
        handshakes: this.#sessions.handshakes,
      },
    };
  }

  /**
   * For runtimes at process exit: seals what is queued synchronously (possible when the providers
   * are synchronous and a session exists) into spool records, and forgets those entries. Returns
   * undefined when that is impossible; the entries then stay where they are. Records of queued
   * entries stay within `maxRequestBytes` (a browser's keepalive budget, for example).
   */
  sealQueuedSync(maxRequestBytes = Number.POSITIVE_INFINITY): SpoolRecord[] | undefined {
    const session = this.#sessions.session;
    if (!session) return undefined;
    const records: SpoolRecord[] = [];
    try {
      // Requests already sealed keep their idempotency keys: if one did reach the ingestor, the
      // replay is acknowledged without storing it twice.
      for (const chunk of this.#unanswered) {
        const record = this.#spoolRecord(chunk);
        records.push(record);
        this.#settle(chunk.items, 'spooled', record.id);
      }
      this.#unanswered.clear();
      const items = [...this.#sealing, this.#queue].flat().sort((a, b) => a.seq - b.seq);
      if (items.length > 0) {
        const sealed = sealEntries(items, session, this.#opts.payloadType, this.#platform.providers);
        if (!Array.isArray(sealed)) return records;
        this.#queue = [];
        this.#queueBytes = 0;
        this.#sealing.clear();
        for (const c of splitBySize(items, sealed, Math.min(maxRequestBytes, session.limits.maxRequestSize))) {
          const record = this.#spoolRecord(this.#makeChunk(c.items, c.envelopes, session.keyId));
          records.push(record);
          this.#settle(c.items, 'spooled', record.id);
        }
      }
      return records;
    } catch (error) {
      this.#report(error);
      return records;
    }
  }

  // ---------------------------------------------------------------- enqueueing

  #guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#report(error);
    }
  }

  #enqueue(body: Omit<InnerEntry, 'v' | 'source' | 'ts'> & { type: string; level: number }, attributes: Attributes | undefined): void {
    const data = this.#data;
    data.logged++;
    if (this.#closed) {
      this.#drop('closed');
      return;
    }
    if (!(body.level >= 1 && body.level <= 8)) throw new LogFluxError('rejected', 'level must be 1 (emergency) to 8 (debug)');
    if (body.level > this.#opts.minLevel && body.type !== 'audit') {
      this.#drop('below_level');
      return;
    }
    if (body.type !== 'audit' && this.#opts.sampleRate < 1 && this.#platform.random() >= this.#opts.sampleRate) {
      this.#drop('sampled');
      return;
    }
    const now = this.#clock.now();
    const { type, level, ts: at, source, ...fields } = body as typeof body & { ts?: unknown; source?: unknown };
    const ts = at === undefined ? iso(now) : entryTime(at);
    const from = typeof source === 'string' && source !== '' ? source : this.#opts.source;
    let entry: InnerEntry = { v: '2.0', type, source: from, level, ts, ...fields };
    const attrs = stringAttributes(this.#baseAttributes, attributes);
    if (attrs) entry.attributes = attrs;
    if (this.#meta) entry.meta = this.#meta;
    if (this.#opts.beforeSend) {
      let edited: InnerEntry | null;
      try {
        edited = this.#opts.beforeSend(entry);
      } catch (error) {
        this.#report(new LogFluxError('rejected', `beforeSend threw: ${(error as Error)?.message}`, { cause: error }));
        edited = entry;
      }
      if (edited === null || edited === undefined) {
        this.#drop('before_send');
        return;
      }
      entry = edited;
    }
    const json = JSON.stringify(entry);
    if (this.#queue.length >= this.#opts.maxQueueEntries || this.#queueBytes + json.length > this.#opts.maxQueueBytes) {
      this.#drop(this.#quotaPaused(entryTypeOf(entry)) ? 'quota' : 'queue_overflow');
      return;
    }
    this.#queue.push({ json, ts: typeof entry.ts === 'string' ? entry.ts : ts, type: entryTypeOf(entry), seq: ++this.#seq, at: now });
    this.#queueBytes += json.length;
    if (this.#queue.length >= this.#batchEntries()) this.#pump('size');
    else if (this.#queueBytes >= this.#opts.maxBatchBytes) this.#pump('bytes');
    else if (this.#batcher === 'idle') this.#schedule();
  }

  #drop(reason: DropReason, count = 1): void {
    this.#data.dropped[reason] += count;
  }

  /** Seals on the platform's sealer when it has one (a worker thread in Node), else right here. */
  #sealBatch(items: QueuedEntry[], session: Session): Promise<string[]> | string[] {
    const sealBatch = this.#platform.sealBatch;
    if (sealBatch) return sealBatch(items, session, this.#opts.payloadType);
    return sealEntries(items, session, this.#opts.payloadType, this.#platform.providers);
  }

  #report(error: unknown): void {
    const e =
      error instanceof LogFluxError ? error : new LogFluxError('rejected', (error as Error)?.message ?? String(error), { cause: error });
    this.#data.lastError = { errorClass: e.errorClass, message: e.message, at: iso(this.#clock.now()) };
    try {
      this.#opts.onError?.(e);
    } catch {
      // an application's error hook must not break the client either
    }
  }

  // ---------------------------------------------------------------- batching

  #batchEntries(): number {
    return Math.min(this.#opts.maxBatchEntries, this.#sessions.session?.limits.maxBatchSize ?? this.#opts.maxBatchEntries);
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#hardClosed) return;
    this.#batcher = 'scheduled';
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#batcher = 'idle';
      this.#pump('interval');
    }, this.#opts.flushIntervalMs);
  }

  #canSend(now: number): boolean {
    return !this.#hardClosed && this.#data.transport !== 'unauthorized' && !this.#sessions.fatal && now >= this.#pausedUntil;
  }

  #quotaPaused(type: EntryType, now = this.#clock.now()): boolean {
    const until = this.#quotaUntil.get(type);
    return until !== undefined && now < until;
  }

  /** Takes the next batch off the queue: oldest first, skipping types paused by a quota. */
  #take(): QueuedEntry[] {
    const max = this.#batchEntries();
    const now = this.#clock.now();
    const paused = this.#quotaUntil.size > 0;
    const batch: QueuedEntry[] = [];
    let bytes = 0;
    if (!paused) {
      let n = 0;
      while (
        n < this.#queue.length &&
        n < max &&
        (n === 0 || bytes + (this.#queue[n] as QueuedEntry).json.length <= this.#opts.maxBatchBytes)
      ) {
        bytes += (this.#queue[n] as QueuedEntry).json.length;
        n++;
      }
      const taken = this.#queue.splice(0, n);
      this.#queueBytes -= bytes;
      return taken;
    }
    const rest: QueuedEntry[] = [];
    for (const item of this.#queue) {
      if (
        batch.length < max &&
        !this.#quotaPaused(item.type, now) &&
        (batch.length === 0 || bytes + item.json.length <= this.#opts.maxBatchBytes)
      ) {
        batch.push(item);
        bytes += item.json.length;
      } else rest.push(item);
    }
    this.#queue = rest;
    this.#queueBytes -= bytes;
    return batch;
  }

  /** Sends batches while there is work, a reason to send it, and capacity. */
  #pump(reason: FlushReason): void {
    if (this.#hardClosed) return;
    const now = this.#clock.now();
    if (this.#timer !== undefined && (reason === 'manual' || reason === 'exit')) {
      this.#clock.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const urgent = reason !== 'size' && reason !== 'bytes';
    while (this.#queue.length > 0 && this.#active.size < this.#opts.maxConcurrentRequests && this.#canSend(now)) {
      const full = this.#queue.length >= this.#batchEntries() || this.#queueBytes >= this.#opts.maxBatchBytes;
      if (!full && !urgent && !this.#flushRequested) break;
      const batch = this.#take();
      if (batch.length === 0) break;
      this.#batcher = 'flushing';
      this.#data.flushes[full || urgent ? reason : 'size']++;
      void this.#deliver(batch);
    }
    if (this.#queue.length === 0) this.#flushRequested = false;
    if (this.#active.size === 0 && this.#batcher === 'flushing') this.#batcher = 'idle';
    if (this.#queue.length > 0) {
      if (!this.#canSend(now) && now < this.#pausedUntil) this.#wakeAt(this.#pausedUntil);
      else if (this.#quotaUntil.size > 0) this.#wakeAt(Math.min(...this.#quotaUntil.values()));
      if (this.#timer === undefined && this.#active.size < this.#opts.maxConcurrentRequests) this.#schedule();
    }
  }

  #wakeAt(at: number): void {
    if (this.#wakeTimer !== undefined) this.#clock.clearTimeout(this.#wakeTimer);
    this.#wakeTimer = this.#clock.setTimeout(
      () => {
        this.#wakeTimer = undefined;
        for (const [type, until] of this.#quotaUntil) if (this.#clock.now() >= until) this.#quotaUntil.delete(type);
        this.#pump('interval');
      },
      Math.max(0, at - this.#clock.now()),
    );
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.#sleepers.delete(wake);
        this.#clock.clearTimeout(timer);
        resolve();
      };
      const timer = this.#clock.setTimeout(wake, ms);
      this.#sleepers.add(wake);
    });
  }

  /**
   * Ends every backoff wait at once and replays the spool: for runtimes that learn the network is
   * back (a browser's `online` event). Pauses the ingestor asked for (429, 507) still hold.
   */
  retryNow(): void {
    for (const wake of [...this.#sleepers]) wake();
    if (this.#platform.spool) void this.#replay();
    this.#pump('interval');
  }

  // ---------------------------------------------------------------- delivery

  #requeue(items: QueuedEntry[]): void {
    this.#queue = [...items, ...this.#queue].sort((a, b) => a.seq - b.seq);
    for (const i of items) this.#queueBytes += i.json.length;
  }

  async #deliver(items: QueuedEntry[]): Promise<void> {
    this.#active.add(items);
    this.#sealing.add(items);
    let unsent: { items: QueuedEntry[] }[] = [{ items }];
    try {
      let session: Awaited<ReturnType<SessionManager['acquire']>>;
      try {
        session = await this.#sessions.acquire(this.#clock.now(), items.length);
        this.#handshakeAttempts = 0;
      } catch (error) {
        this.#report(error);
        this.#active.delete(items);
        this.#sealing.delete(items);
        this.#requeue(items);
        if (error instanceof LogFluxError && isFatal(error)) {
          if (error.errorClass === 'unauthorized') this.#data.transport = 'unauthorized';
          this.#checkWaiters();
          return;
        }
        this.#handshakeAttempts++;
        this.#data.transport = 'retrying';
        this.#pausedUntil = this.#clock.now() + this.#backoff(this.#handshakeAttempts);
        return;
      }
      if (!this.#sealing.has(items)) return; // sealed into the spool at process exit meanwhile
      const envelopes = await this.#sealBatch(items, session);
      if (!this.#sealing.has(items)) return; // sealed into the spool at exit while this batch was sealing
      this.#sealing.delete(items);
      const maxBytes = session.limits.maxRequestSize;
      const parts = splitBySize(items, envelopes, maxBytes);
      unsent = parts;
      for (const part of parts) {
        unsent = unsent.slice(1);
        if (part.envelopes.length === 1 && batchBody(part.envelopes).length > maxBytes) {
          this.#report(new LogFluxError('rejected', 'an entry is too large for one request even after compression; dropped'));
          this.#settle(part.items, 'too_large');
          continue;
        }
        const chunk = this.#makeChunk(part.items, part.envelopes, session.keyId);
        this.#unanswered.add(chunk);
        try {
          await this.#sendChunk(chunk);
        } finally {
          this.#unanswered.delete(chunk);
        }
      }
    } catch (error) {
      // Sealing failed (a provider threw): nothing of what is left can be sent.
      this.#report(error);
      for (const part of unsent) this.#settle(part.items, 'rejected');
    } finally {
      this.#sealing.delete(items);
      this.#active.delete(items);
      this.#checkWaiters();
      this.#pump('interval');
    }
  }

  #makeChunk(items: QueuedEntry[], envelopes: string[], keyId: string): Chunk {
    const key = base64Encode(this.#platform.providers.random(16)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    return {
      items,
      envelopes,
      body: batchBody(envelopes),
      idempotencyKey: key,
      keyId,
      types: [...new Set(items.map((i) => i.type))],
      attempts: 0,
      counted: false,
    };
  }

  async #post(body: string, idempotencyKey: string): Promise<HttpResponse> {
    const base = await this.#sessions.ingestor();
    return this.#platform.request({
      url: `${base}/v1/batch`,
      method: 'POST',
      headers: { ...this.#sessions.headers(), 'Idempotency-Key': idempotencyKey },
      body,
      timeoutMs: this.#opts.requestTimeoutMs,
    });
  }

  async #waitGates(types: EntryType[]): Promise<void> {
    for (;;) {
      const now = this.#clock.now();
      let until = this.#pausedUntil;
      for (const t of types) until = Math.max(until, this.#quotaUntil.get(t) ?? 0);
      if (now >= until || this.#hardClosed) return;
      await this.#sleep(until - now);
    }
  }

  #backoff(attempt: number): number {
    return backoffDelay(attempt, this.#opts.backoffInitialMs, this.#opts.backoffMaxMs, this.#platform.random);
  }

  #pauseFor(res: HttpResponse, fallbackMs: number): number {
    return parseRetryAfter(res.header('retry-after'), this.#clock.now()) ?? fallbackMs;
  }

  /** Honours a 429 (every request waits) or a 507 (entries of `types` wait) for Retry-After, else `fallbackMs`. */
  #pause(res: HttpResponse, types: EntryType[], fallbackMs: number): void {
    const until = this.#clock.now() + this.#pauseFor(res, fallbackMs);
    if (res.status === 429) this.#pausedUntil = until;
    else for (const t of types) this.#quotaUntil.set(t, until);
  }

  /** Sends one request until it is stored, rejected, spooled or dropped (docs/protocol.md §9.3). */
  async #sendChunk(chunk: Chunk): Promise<void> {
    for (;;) {
      const spool = this.#platform.spool;
      if (spool && (spool.size().records > 0 || this.#data.transport === 'down')) return this.#toSpool(chunk);
      if (this.#hardClosed) return spool ? this.#toSpool(chunk) : this.#settle(chunk.items, 'closed');
      if (this.#data.transport === 'unauthorized') return spool ? this.#toSpool(chunk) : this.#settle(chunk.items, 'unauthorized');
      await this.#waitGates(chunk.types);
      if (!chunk.counted) {
        chunk.counted = true;
        this.#data.sent += chunk.items.length;
      }
      let res: HttpResponse | undefined;
      try {
        res = await this.#post(chunk.body, chunk.idempotencyKey);
      } catch (error) {
        this.#report(new LogFluxError('network', `delivery failed: ${(error as Error)?.message ?? 'network error'}`, { cause: error }));
      }
      if (res) {
        const status = res.status;
        if (status === 200 || status === 202) {
          this.#data.transport = 'up';
          return this.#acknowledge(chunk.items, res);
        }
        if (status === 400) {
          this.#report(new LogFluxError('rejected', `the ingestor rejected a batch of ${chunk.items.length} entries (400)`));
          return this.#settle(chunk.items, 'rejected');
        }
        if (status === 401 || status === 403) {
          this.#data.transport = 'unauthorized';
          this.#report(new LogFluxError('unauthorized', `the ingestor refused the API key (${status}); sending stopped`));
          continue;
        }
        if (status === 410) {
          // The service no longer knows the key id: new handshake, re-seal from the plaintext we kept.
          this.#sessions.invalidate(chunk.keyId);
          try {
            const session = await this.#sessions.acquire(this.#clock.now(), chunk.items.length);
            const envelopes = await this.#sealBatch(chunk.items, session);
            if (chunk.keyId === session.keyId || chunk.attempts > this.#opts.maxRetries)
              throw new LogFluxError('unknown_key', 'the ingestor keeps refusing the session key');
            const fresh = this.#makeChunk(chunk.items, envelopes, session.keyId);
            fresh.counted = true;
            fresh.attempts = chunk.attempts + 1;
            return this.#sendChunk(fresh);
          } catch (error) {
            this.#report(error);
            return this.#settle(chunk.items, 'unknown_key');
          }
        }
        if (status === 413) {
          if (chunk.items.length === 1) {
            this.#report(new LogFluxError('rejected', 'the ingestor refused a single entry as too large (413)'));
            return this.#settle(chunk.items, 'too_large');
          }
          const half = Math.ceil(chunk.items.length / 2);
          for (const [from, to] of [
            [0, half],
            [half, chunk.items.length],
          ] as const) {
            const part = this.#makeChunk(chunk.items.slice(from, to), chunk.envelopes.slice(from, to), chunk.keyId);
            part.counted = true;
            await this.#sendChunk(part);
          }
          return;
        }
        if (status === 429 || status === 507) {
          this.#data.retries++;
          this.#pause(res, chunk.types, status === 429 ? this.#backoff(chunk.attempts + 1) : this.#opts.quotaPauseMs);
          if (status === 429) this.#data.transport = 'paused';
          else this.#report(new LogFluxError('rejected', `storage quota exhausted for entry types ${chunk.types.join(', ')}; paused`));
          continue;
        }
        // 5xx or an unexpected status: reported, then retried like a network error.
        this.#report(new LogFluxError('network', `the ingestor answered ${status}`));
      }
      // Network error, timeout, 5xx or an unexpected status: back off and retry, then spool.
      chunk.attempts++;
      if (chunk.attempts > this.#opts.maxRetries) {
        if (spool) {
          this.#data.transport = 'down';
          return this.#toSpool(chunk);
        }
        return this.#settle(chunk.items, 'network_error');
      }
      this.#data.retries++;
      this.#data.transport = 'retrying';
      await this.#sleep((res && this.#pauseFor(res, 0)) || this.#backoff(chunk.attempts));
    }
  }

  #acknowledge(items: QueuedEntry[], res: HttpResponse): void {
    const { failed, classes } = failuresIn(res.body, items.length);
    if (failed.length > 0) this.#report(new LogFluxError('rejected', `the ingestor rejected ${failed.length} entries (${classes})`));
    this.#acknowledgeExcept(items, failed);
  }

  #spoolRecord(chunk: Chunk): SpoolRecord {
    return {
      id: `${this.#clock.now().toString().padStart(15, '0')}-${chunk.idempotencyKey}`,
      idempotencyKey: chunk.idempotencyKey,
      body: chunk.body,
      entries: chunk.items.length,
      entryTypes: chunk.types,
      createdAt: this.#clock.now(),
    };
  }

  async #toSpool(chunk: Chunk): Promise<void> {
    const spool = this.#platform.spool;
    if (!spool) return this.#settle(chunk.items, 'network_error');
    try {
      const record = this.#spoolRecord(chunk);
      const evicted = await spool.append(record);
      this.#settle(chunk.items, 'spooled', record.id);
      for (const e of evicted) this.#settleSpooled(e, 'spool_overflow');
    } catch (error) {
      this.#report(new LogFluxError('network', `could not spool a batch: ${(error as Error)?.message}`, { cause: error }));
      this.#settle(chunk.items, 'network_error');
    }
    void this.#replay();
  }

  /** Sends spooled records oldest first, with the same idempotency keys, until the spool is empty. */
  async #replay(): Promise<void> {
    const spool = this.#platform.spool;
    if (!spool || this.#replaying) return;
    this.#replaying = true;
    let attempt = 0;
    try {
      while (!this.#hardClosed && this.#data.transport !== 'unauthorized') {
        if (attempt > 0) await this.#sleep(this.#backoff(attempt));
        const [record] = await spool.peek(1);
        if (record && !this.#spoolCounted.has(record.id)) this.#spoolCounted.set(record.id, record.entries); // from an earlier process
        if (!record) {
          if (this.#data.transport === 'down') this.#data.transport = 'up';
          break;
        }
        await this.#waitGates(record.entryTypes as EntryType[]);
        let res: HttpResponse | undefined;
        try {
          res = await this.#post(record.body, record.idempotencyKey);
        } catch {
          this.#data.transport = 'down';
          attempt++;
          continue;
        }
        const s = res.status;
        if (s === 200 || s === 202 || s === 400 || s === 410 || s === 413) {
          await spool.remove(record.id);
          if (s === 200 || s === 202) {
            this.#settleSpooled(record, 'acknowledged', failuresIn(res.body, record.entries).failed);
          } else {
            this.#report(new LogFluxError('rejected', `a spooled batch of ${record.entries} entries was refused (${s})`));
            this.#settleSpooled(record, s === 410 ? 'unknown_key' : s === 413 ? 'too_large' : 'rejected');
          }
          this.#data.flushes.replay++;
          attempt = 0;
          continue;
        }
        if (s === 401 || s === 403) {
          this.#data.transport = 'unauthorized';
          break;
        }
        if (s === 429 || s === 507) {
          this.#pause(res, record.entryTypes as EntryType[], s === 507 ? this.#opts.quotaPauseMs : this.#opts.backoffInitialMs);
          continue;
        }
        this.#data.transport = 'down';
        attempt++;
      }
    } catch (error) {
      this.#report(error);
    } finally {
      this.#replaying = false;
    }
    this.#pump('replay');
  }

  // ---------------------------------------------------------------- settlement and flush waiters

  /** Records a final outcome (or, for 'spooled', a durable waypoint) for entries. */
  #settle(items: QueuedEntry[], outcome: Outcome, spoolId?: string): void {
    if (items.length === 0) return;
    if (outcome === 'spooled') {
      if (spoolId !== undefined) this.#spoolCounted.set(spoolId, items.length);
      // Keep only what accounting needs: the plaintext is sealed on disk and must not linger here.
      if (spoolId !== undefined)
        this.#spooled.set(
          spoolId,
          items.map((i) => ({ json: '', ts: '', type: i.type, seq: i.seq, at: i.at })),
        );
      this.#checkWaiters();
      return;
    }
    if (outcome === 'acknowledged') {
      this.#data.acknowledged += items.length;
      if (this.onAcknowledged)
        this.onAcknowledged(
          items.map((i) => i.at),
          this.#clock.now(),
        );
    } else this.#drop(outcome, items.length);
    for (const w of this.#waiters) {
      let n = 0;
      for (const i of items) if (i.seq <= w.target) n++;
      if (n === 0) continue;
      if (outcome === 'acknowledged') w.result.acknowledged += n;
      else w.result.dropped[outcome] = (w.result.dropped[outcome] ?? 0) + n;
    }
  }

  /** Settles the entries of a spool record once the ingestor has answered for it. */
  #settleSpooled(record: SpoolRecord, outcome: Outcome, failedIndices: number[] = []): void {
    const items = this.#spooled.get(record.id);
    this.#spooled.delete(record.id);
    this.#spoolCounted.delete(record.id);
    if (!items) {
      // A record from an earlier process: only the counters can say what happened.
      if (outcome === 'acknowledged') {
        this.#data.acknowledged += record.entries - failedIndices.length;
        if (failedIndices.length > 0) this.#drop('rejected', failedIndices.length);
      } else if (outcome !== 'spooled') this.#drop(outcome, record.entries);
      return;
    }
    if (outcome === 'acknowledged') this.#acknowledgeExcept(items, failedIndices);
    else this.#settle(items, outcome);
    this.#checkWaiters();
  }

  /** Settles entries as acknowledged, except those at the `failed` indices: rejected. */
  #acknowledgeExcept(items: QueuedEntry[], failed: number[]): void {
    const bad = new Set(failed);
    this.#settle(
      items.filter((_, i) => bad.has(i)),
      'rejected',
    );
    this.#settle(
      items.filter((_, i) => !bad.has(i)),
      'acknowledged',
    );
  }

  #addWaiter(target: number): Promise<FlushResult> {
    return new Promise((resolve) =>
      this.#waiters.push({ target, resolve, result: { acknowledged: 0, spooled: 0, dropped: {}, pending: 0 } }),
    );
  }

  #unsettledUpTo(target: number): number {
    let n = 0;
    for (const i of this.#queue) if (i.seq <= target) n++;
    for (const items of this.#active) for (const i of items) if (i.seq <= target) n++;
    return n;
  }

  #spooledUpTo(target: number): number {
    let n = 0;
    for (const items of this.#spooled.values()) for (const i of items) if (i.seq <= target) n++;
    return n;
  }

  #checkWaiters(force = false): void {
    if (this.#waiters.length === 0) return;
    const stuck = force || this.#sessions.fatal !== undefined || this.#data.transport === 'unauthorized';
    this.#waiters = this.#waiters.filter((w) => {
      const pending = this.#unsettledUpTo(w.target);
      const spooled = this.#spooledUpTo(w.target);
      if (pending + spooled > 0 && !stuck) return true;
      w.resolve({ ...w.result, spooled, pending });
      return false;
    });
  }

  #withTimeout(waiter: Promise<FlushResult>, ms: number): Promise<FlushResult> {
    return new Promise((resolve) => {
      const t = this.#clock.setTimeout(() => this.#checkWaiters(true), ms);
      void waiter.then((r) => {
        this.#clock.clearTimeout(t);
        resolve(r);
      });
    });
  }

  async #hardClose(): Promise<void> {
    this.#hardClosed = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    if (this.#wakeTimer !== undefined) this.#clock.clearTimeout(this.#wakeTimer);
    const left = this.#queue;
    if (left.length > 0) {
      const session = this.#sessions.session;
      this.#queue = [];
      this.#queueBytes = 0;
      if (this.#platform.spool && session) {
        try {
          const envelopes = await this.#sealBatch(left, session);
          for (const part of splitBySize(left, envelopes, session.limits.maxRequestSize))
            await this.#toSpool(this.#makeChunk(part.items, part.envelopes, session.keyId));
        } catch (error) {
          this.#report(error);
          this.#settle(left, 'closed');
        }
      } else {
        this.#settle(
          left,
          this.#sessions.fatal?.errorClass === 'unauthorized' || this.#data.transport === 'unauthorized'
            ? 'unauthorized'
            : this.#sessions.fatal
              ? 'handshake_failed'
              : 'closed',
        );
      }
    }
    this.#sessions.dispose();
    this.#data.transport = 'closed';
    await this.#platform.spool?.close?.();
  }
}
