import type { Destination } from '../backpressure.js';
import type { InputCounters } from '../counters.js';
import type { AgentLog } from '../log.js';
import type { BatchResult, EntryInput } from '../sink.js';
import type { FileStateRecord, StateStore } from './stateStore.js';

/** Drop reasons after which a chunk is sent again (same key) instead of counted as lost. */
const RETRYABLE = new Set(['queue_overflow', 'network_error', 'unauthorized', 'handshake_failed', 'closed', 'quota', 'spool_overflow']);

export interface Chunk {
  start: number;
  end: number;
  key: string;
  /** Undefined for a chunk recovered from the state file until it is read again. */
  entries: EntryInput[] | undefined;
  state: 'recovered' | 'persisting' | 'sending' | 'waiting' | 'acked';
  attempts: number;
}

export interface ChunkDeps {
  destination: Destination;
  counters: InputCounters;
  store: StateStore;
  log: AgentLog;
}

/**
 * The write-ahead delivery of one file's chunks. A chunk is first recorded as in flight (the
 * state file lists `[start, end)` and its key, fsynced) and only then sent with `writeBatch`.
 * When its outcome is final — acknowledged, spooled, or dropped for a reason a resend cannot
 * change — it is settled; the committed offset moves past every settled chunk at the front.
 * Outcomes a resend can change (no network, a full queue) send it again, same key, with backoff.
 * State writes coalesce: several new chunks and commits share one fsync.
 */
export class ChunkPipeline {
  readonly chunks: Chunk[] = [];
  #stopping = false;
  readonly #waiters = new Set<() => void>();

  constructor(
    private readonly record: FileStateRecord,
    private readonly deps: ChunkDeps,
    private readonly where: () => string,
    /** Called when a chunk settled (there may be room for more). */
    private readonly onSettled: () => void,
  ) {
    for (const c of record.inflight) this.chunks.push({ ...c, entries: undefined, state: 'recovered', attempts: 0 });
  }

  get size(): number {
    return this.chunks.length;
  }

  /** Where the next chunk starts: the end of the last one, or the committed offset. */
  get end(): number {
    return this.chunks.at(-1)?.end ?? this.record.offset;
  }

  /** Chunks from the state file that must be read again before they can be re-sent. */
  recovered(): Chunk[] {
    return this.chunks.filter((c) => c.state === 'recovered');
  }

  /** Re-sends a recovered chunk (already in the state file) with the entries read again. */
  resend(chunk: Chunk, entries: EntryInput[]): void {
    chunk.entries = entries;
    this.#send(chunk);
  }

  /** Records a new chunk as in flight, then sends it. */
  add(start: number, end: number, key: string, entries: EntryInput[]): void {
    const chunk: Chunk = { start, end, key, entries, state: 'persisting', attempts: 0 };
    this.chunks.push(chunk);
    this.persist().then(
      () => this.#send(chunk),
      (error: unknown) => {
        this.deps.log.warn(`cannot record a chunk of ${this.where()} as in flight (${(error as Error).message}); retrying`);
        chunk.state = 'waiting';
        this.#retry(chunk, 1000);
      },
    );
  }

  persist(): Promise<void> {
    const r = this.record;
    r.inflight = this.chunks.map(({ start, end, key }) => ({ start, end, key }));
    r.path = this.where();
    r.seenAt = Date.now();
    return this.deps.store.save({ ...r, inflight: [...r.inflight] });
  }

  #send(chunk: Chunk): void {
    if (this.#stopping) return;
    chunk.state = 'sending';
    const entries = chunk.entries ?? [];
    const sentAt = Date.now();
    const { destination, log } = this.deps;
    destination.sink.writeBatch(entries, chunk.key).then(
      (result) => {
        if (log.enabled('trace'))
          log.trace(`${this.where()} [${chunk.start}, ${chunk.end}): ${entries.length} entries settled in ${Date.now() - sentAt} ms`);
        this.#outcome(chunk, result);
      },
      () => this.#outcome(chunk, { acknowledged: 0, spooled: 0, dropped: {}, pending: entries.length }),
    );
    destination.gate.check();
  }

  #retry(chunk: Chunk, delay: number): void {
    const timer = setTimeout(() => {
      if (this.#stopping) return this.#wake();
      if (this.deps.destination.sink.blocked()) return this.#retry(chunk, delay);
      if (chunk.entries === undefined) return;
      this.persist().then(
        () => this.#send(chunk),
        () => this.#retry(chunk, delay),
      );
    }, delay);
    timer.unref();
  }

  #outcome(chunk: Chunk, result: BatchResult): void {
    let again = result.pending;
    for (const [reason, n] of Object.entries(result.dropped)) if (RETRYABLE.has(reason)) again += n;
    if (again > 0) {
      this.deps.log.debug(
        `${this.where()} [${chunk.start}, ${chunk.end}): ${again} entries not delivered (${[...Object.keys(result.dropped), ...(result.pending ? ['pending'] : [])].join(', ')}); sending it again`,
      );
      chunk.state = 'waiting';
      chunk.attempts++;
      if (!this.#stopping) this.#retry(chunk, Math.min(30_000, 500 * 2 ** Math.min(chunk.attempts, 6)));
      this.#wake();
      return;
    }
    this.deps.counters.settle(result);
    chunk.state = 'acked';
    chunk.entries = undefined;
    let moved = false;
    while (this.chunks[0]?.state === 'acked') {
      this.record.offset = (this.chunks.shift() as Chunk).end;
      moved = true;
    }
    if (moved)
      this.persist().catch((e: unknown) => this.deps.log.warn(`saving the position of ${this.where()} failed (${(e as Error).message})`));
    this.#wake();
    this.onSettled();
  }

  #wake(): void {
    for (const wake of [...this.#waiters]) wake();
  }

  /** Stops sending; with `drain`, waits up to `timeoutMs` for chunks being sent to settle. */
  async stop(drain: boolean, timeoutMs = 10_000): Promise<void> {
    this.#stopping = true;
    const deadline = Date.now() + timeoutMs;
    while (drain && this.chunks.some((c) => c.state === 'sending' || c.state === 'persisting') && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#waiters.delete(wake);
          clearTimeout(t);
          resolve();
        };
        const t = setTimeout(wake, Math.max(1, Math.min(100, deadline - Date.now())));
        this.#waiters.add(wake);
      });
    }
    await this.persist().catch(() => undefined);
  }
}
