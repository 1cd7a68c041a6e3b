import { closeSync, fstatSync, read } from 'node:fs';
import { promisify } from 'node:util';
import type { Destination } from '../backpressure.js';
import type { FileInputConfig } from '../config/types.js';
import type { InputCounters } from '../counters.js';
import { LineSplitter } from '../inputs/lineSplitter.js';
import type { AgentLog } from '../log.js';
import type { FileContext, RecordParser } from '../mapping/fileParsers.js';
import type { BatchResult, EntryInput } from '../sink.js';
import { Assembler, type AssemblerOptions, type FileRecord } from './assembler.js';
import { chunkKey } from './identity.js';
import type { FileStateRecord, StateStore } from './stateStore.js';

const readAt = promisify(read);

/** Drop reasons after which a chunk is sent again (same key) instead of counted as lost. */
const RETRYABLE = new Set(['queue_overflow', 'network_error', 'unauthorized', 'handshake_failed', 'closed', 'quota', 'spool_overflow']);
const MAX_ENTRIES_PER_CHUNK = 2000;
/** At the end of a file, with chunks in flight, a short chunk waits this long for company. */
const LINGER_MS = 100;

export interface TrackerDeps {
  config: FileInputConfig;
  destination: Destination;
  counters: InputCounters;
  store: StateStore;
  agentId: string;
  log: AgentLog;
  parse: RecordParser;
  assembler: AssemblerOptions;
  /** Called once a rotated-away file is read to its end and everything of it is forwarded. */
  onFinished: (tracker: FileTracker) => void;
}

interface Chunk {
  start: number;
  end: number;
  key: string;
  /** Undefined for a chunk recovered from the state file until it is read again. */
  entries: EntryInput[] | undefined;
  sending: boolean;
  acked: boolean;
  attempts: number;
}

/**
 * Follows one file (one identity: dev+inode and first bytes) and delivers it exactly once:
 * each chunk `[start, end)` is recorded as in flight under the key hash(agent id, file id,
 * start, end) before it is sent with `writeBatch`, and the committed offset moves past it only
 * once the client has an outcome for it. After a crash, chunks in flight are read again from
 * exactly the same bytes and sent again under the same keys; the ingestor stores each key once.
 */
export class FileTracker {
  path: string;
  /** The path no longer leads to this file (renamed, deleted, or replaced by a truncated copy). */
  rotated = false;
  size: number;
  #fd: number | undefined;
  #scanPos: number;
  #chunkStart: number;
  readonly #splitter: LineSplitter;
  readonly #assembler: Assembler;
  #records: FileRecord[] = [];
  #recordsBytes = 0;
  #firstRecordAt = 0;
  readonly #chunks: Chunk[] = [];
  #lastData = Date.now();
  #pumping = false;
  #again = false;
  #stopping = false;
  #finishing = false;
  #noMoreReads = false;
  #timer: NodeJS.Timeout | undefined;
  readonly #settledWaiters = new Set<() => void>();
  readonly #ctx: FileContext;

  constructor(
    readonly record: FileStateRecord,
    path: string,
    fd: number,
    private readonly deps: TrackerDeps,
  ) {
    this.path = path;
    this.#fd = fd;
    this.size = fstatSync(fd).size;
    for (const c of record.inflight) this.#chunks.push({ ...c, entries: undefined, sending: false, acked: false, attempts: 0 });
    this.#chunkStart = record.inflight.at(-1)?.end ?? record.offset;
    this.#scanPos = this.#chunkStart;
    this.#assembler = new Assembler(deps.assembler, (r) => this.#addRecord(r));
    this.#splitter = new LineSplitter(deps.config.maxLineBytes, (t, tr, e) => this.#assembler.line(t, tr, e), this.#scanPos);
    this.#ctx = {
      level: deps.config.level,
      path,
      ...(deps.config.source ? { source: deps.config.source } : {}),
      ...(deps.config.attributes ? { attributes: deps.config.attributes } : {}),
    };
  }

  get key(): string {
    return `${this.record.dev}:${this.record.ino}`;
  }

  /** How far the file has been read. */
  get readPosition(): number {
    return this.#scanPos;
  }

  get inFlight(): number {
    return this.#chunks.length;
  }

  /** The stat size seen by a scan; reading resumes if it grew. */
  grew(size: number): void {
    if (size > this.size) this.size = size;
    if (size > this.#scanPos || this.rotated) this.kick();
  }

  /** Continue from another file with the same content (a copytruncate copy). */
  switchTo(path: string, fd: number): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = fd;
    const st = fstatSync(fd);
    this.record.dev = st.dev;
    this.record.ino = st.ino;
    this.path = path;
    this.size = st.size;
    this.rotated = true;
    this.kick();
  }

  /** The file was truncated and no copy holds the rest: forward what was read, then finish. */
  abandon(): number {
    const lost = Math.max(0, this.size - this.#scanPos);
    this.#noMoreReads = true;
    this.rotated = true;
    this.kick();
    return lost;
  }

  kick(): void {
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    void this.#pump();
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      do {
        this.#again = false;
        await this.#step();
      } while (this.#again && !this.#stopping);
    } catch (error) {
      this.deps.log.warn(`reading ${this.path} failed (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); retrying`);
      this.#later(1000);
    } finally {
      this.#pumping = false;
    }
  }

  #later(ms: number): void {
    if (this.#timer || this.#stopping) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.kick();
    }, ms);
  }

  async #step(): Promise<void> {
    for (const c of this.#chunks) {
      if (c.entries !== undefined || c.acked) continue;
      c.entries = await this.#reread(c);
      this.#send(c);
    }
    const { config, destination } = this.deps;
    for (;;) {
      if (this.#stopping || this.#chunks.length >= config.maxInFlightChunks) return;
      if (!destination.gate.open) {
        void destination.gate.whenOpen().then(() => this.kick());
        return;
      }
      if (destination.sink.blocked()) return this.#later(2000);
      const room = this.#recordsBytes < config.chunkBytes && this.#records.length < MAX_ENTRIES_PER_CHUNK;
      if (room && !this.#noMoreReads && this.#scanPos < this.size && (await this.#readMore())) continue;
      const now = Date.now();
      const idle = now - this.#lastData;
      if (this.#assembler.pending && config.multiline && idle >= config.multiline.timeoutMs) this.#assembler.flush();
      if (this.rotated && !this.#finishing && (this.#noMoreReads || idle >= config.rotateWaitMs)) {
        this.#finishing = true;
        if (!this.#noMoreReads) this.#splitter.end();
        this.#assembler.flush();
      }
      if (this.#records.length === 0) {
        if (this.#finishing && this.#chunks.length === 0) return this.#finish();
        if (this.rotated || this.#assembler.pending) this.#later(Math.min(config.rotateWaitMs, config.multiline?.timeoutMs ?? 1000) + 10);
        return;
      }
      const full = !room;
      if (!full && this.#chunks.length > 0 && now - this.#firstRecordAt < LINGER_MS) return this.#later(LINGER_MS);
      await this.#cut();
    }
  }

  /** Reads the next piece of the file; false at its current end. */
  async #readMore(): Promise<boolean> {
    const fd = this.#fd;
    if (fd === undefined) return false;
    if (!this.rotated && fstatSync(fd).size < this.#scanPos) return false; // truncated: the next scan decides
    const want = this.deps.config.chunkBytes;
    const buf = Buffer.allocUnsafe(want);
    const { bytesRead } = await readAt(fd, buf, 0, want, this.#scanPos);
    if (bytesRead === 0) {
      this.size = this.#scanPos;
      return false;
    }
    this.#lastData = Date.now();
    this.#splitter.push(buf.subarray(0, bytesRead));
    this.#scanPos += bytesRead;
    this.size = Math.max(this.size, this.#scanPos);
    return true;
  }

  #addRecord(r: FileRecord): void {
    if (this.#records.length === 0) this.#firstRecordAt = Date.now();
    this.#records.push(r);
    this.#recordsBytes += r.text.length + 1;
  }

  #entry(r: FileRecord): EntryInput {
    const { entry, failed } = this.deps.parse(r.text, this.#ctx);
    if (failed) this.deps.counters.unparsed++;
    if (r.truncated) {
      this.deps.counters.truncated++;
      entry.attributes = { ...(entry.attributes as Record<string, string>), truncated: 'true' };
    }
    return entry;
  }

  async #cut(): Promise<void> {
    const take: FileRecord[] = [];
    let bytes = 0;
    while (this.#records.length > 0 && take.length < MAX_ENTRIES_PER_CHUNK) {
      const next = this.#records[0] as FileRecord;
      if (take.length > 0 && bytes + next.text.length + 1 > this.deps.config.chunkBytes) break;
      take.push(this.#records.shift() as FileRecord);
      bytes += next.text.length + 1;
    }
    this.#recordsBytes -= bytes;
    if (this.#records.length > 0) this.#firstRecordAt = Date.now();
    const start = this.#chunkStart;
    const end = (take.at(-1) as FileRecord).end;
    const entries = take.map((r) => this.#entry(r));
    this.deps.counters.received += entries.length;
    const chunk: Chunk = {
      start,
      end,
      key: chunkKey(this.deps.agentId, this.record.id, start, end),
      entries,
      sending: false,
      acked: false,
      attempts: 0,
    };
    this.#chunks.push(chunk);
    this.#chunkStart = end;
    await this.#persist(); // write-ahead: the chunk is in flight under its key before it is sent
    this.#send(chunk);
  }

  /** Reads a recovered chunk again, from exactly its bytes, into the same records. */
  async #reread(c: Chunk): Promise<EntryInput[]> {
    const records: FileRecord[] = [];
    const assembler = new Assembler(this.deps.assembler, (r) => records.push(r));
    const splitter = new LineSplitter(this.deps.config.maxLineBytes, (t, tr, e) => assembler.line(t, tr, e), c.start);
    const fd = this.#fd;
    let pos = c.start;
    while (fd !== undefined && pos < c.end) {
      const want = Math.min(this.deps.config.chunkBytes, c.end - pos);
      const buf = Buffer.allocUnsafe(want);
      const { bytesRead } = await readAt(fd, buf, 0, want, pos);
      if (bytesRead === 0) break;
      splitter.push(buf.subarray(0, bytesRead));
      pos += bytesRead;
    }
    if (pos < c.end) this.deps.log.warn(`${this.path} is shorter than a chunk sent before the restart; ${c.end - pos} bytes are gone`);
    splitter.end();
    assembler.flush();
    const entries = records.map((r) => this.#entry(r));
    this.deps.counters.received += entries.length;
    return entries;
  }

  #send(chunk: Chunk): void {
    chunk.sending = true;
    const entries = chunk.entries ?? [];
    this.deps.destination.sink.writeBatch(entries, chunk.key).then(
      (result) => this.#settled(chunk, result),
      () => this.#settled(chunk, { acknowledged: 0, spooled: 0, dropped: {}, pending: entries.length }),
    );
    this.deps.destination.gate.check();
  }

  #settled(chunk: Chunk, result: BatchResult): void {
    chunk.sending = false;
    let retry = result.pending;
    for (const [reason, n] of Object.entries(result.dropped)) if (RETRYABLE.has(reason)) retry += n;
    if (retry > 0 && !this.#stopping) {
      chunk.attempts++;
      const delay = Math.min(30_000, 500 * 2 ** Math.min(chunk.attempts, 6));
      const timer = setTimeout(() => {
        if (this.#stopping) return this.#wakeSettled();
        if (this.deps.destination.sink.blocked()) return this.#settled(chunk, result);
        this.#send(chunk);
      }, delay);
      timer.unref?.();
      return;
    }
    if (retry === 0) {
      this.deps.counters.settle(result);
      chunk.acked = true;
      chunk.entries = undefined;
      let moved = false;
      while (this.#chunks[0]?.acked) {
        this.record.offset = (this.#chunks.shift() as Chunk).end;
        moved = true;
      }
      if (moved) this.#persist().catch((e: unknown) => this.deps.log.warn(`saving the position failed (${(e as Error).message})`));
    }
    this.#wakeSettled();
    this.kick();
  }

  #wakeSettled(): void {
    for (const wake of [...this.#settledWaiters]) wake();
  }

  #persist(): Promise<void> {
    this.record.inflight = this.#chunks.map(({ start, end, key }) => ({ start, end, key }));
    this.record.path = this.path;
    this.record.seenAt = Date.now();
    return this.deps.store.save({ ...this.record, inflight: [...this.record.inflight] });
  }

  #finish(): void {
    this.#stopping = true;
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    this.deps.onFinished(this);
  }

  /** Stops reading; with `drain`, waits (up to `timeoutMs`) for the chunks in flight to settle. */
  async stop(drain: boolean, timeoutMs = 10_000): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (drain) {
      const deadline = Date.now() + timeoutMs;
      while (this.#chunks.some((c) => c.sending) && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            this.#settledWaiters.delete(wake);
            clearTimeout(t);
            resolve();
          };
          const t = setTimeout(wake, Math.max(1, deadline - Date.now()));
          this.#settledWaiters.add(wake);
        });
      }
    }
    await this.#persist().catch(() => undefined);
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
