import { fstatSync } from 'node:fs';
import type { Destination } from '../backpressure.js';
import type { FileInputConfig } from '../config/types.js';
import type { InputCounters } from '../counters.js';
import type { AgentLog } from '../log.js';
import { type FileContext, type RecordParser, recordEntry } from '../mapping/fileParsers.js';
import type { EntryInput } from '../sink.js';
import type { AssemblerOptions, FileRecord } from './assembler.js';
import { ChunkPipeline } from './chunks.js';
import { FileReader, readRange } from './fileReader.js';
import { chunkKey } from './identity.js';
import type { FileStateRecord, StateStore } from './stateStore.js';

/** One request per chunk: the ingestor's largest batch. */
const MAX_ENTRIES_PER_CHUNK = 1000;
/** A chunk takes at most this part of the client's queue. */
const CHUNK_SHARE = 0.1;
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

/**
 * Follows one file (one identity: dev+inode and first bytes) and cuts it into chunks of whole
 * records, each keyed hash(agent id, file id, start, end) and delivered by a
 * {@link ChunkPipeline} (write-ahead, then `writeBatch`, then commit). After a crash, the chunks
 * that were in flight are read again from exactly the same bytes — the same records — and sent
 * again under the same keys; the ingestor stores each key once.
 */
export class FileTracker {
  path: string;
  /** The path no longer leads to this file (renamed, deleted, or replaced by a truncated copy). */
  rotated = false;
  readonly #reader: FileReader;
  readonly #chunks: ChunkPipeline;
  #chunkStart: number;
  #pumping = false;
  #again = false;
  #stopping = false;
  #finishing = false;
  #timer: NodeJS.Timeout | undefined;
  readonly #ctx: FileContext;

  constructor(
    readonly record: FileStateRecord,
    path: string,
    fd: number,
    private readonly deps: TrackerDeps,
  ) {
    this.path = path;
    this.#identify(fd);
    record.origin ??= path;
    this.#chunks = new ChunkPipeline(
      record,
      deps,
      () => this.path,
      () => this.kick(),
    );
    this.#chunkStart = this.#chunks.end;
    this.#reader = new FileReader(fd, this.#chunkStart, this.#readerOptions());
    const { config } = deps;
    this.#ctx = {
      level: config.level,
      path,
      ...(config.source ? { source: config.source } : {}),
      ...(config.attributes ? { attributes: config.attributes } : {}),
    };
  }

  #readerOptions() {
    return { maxLineBytes: this.deps.config.maxLineBytes, chunkBytes: this.deps.config.chunkBytes, assembler: this.deps.assembler };
  }

  /** The record follows the file this descriptor reads (it may have moved to a renamed or copied file). */
  #identify(fd: number): void {
    const st = fstatSync(fd);
    this.record.dev = st.dev;
    this.record.ino = st.ino;
  }

  get key(): string {
    return `${this.record.dev}:${this.record.ino}`;
  }

  get size(): number {
    return this.#reader.size;
  }

  /** How far the file has been read. */
  get readPosition(): number {
    return this.#reader.position;
  }

  get inFlight(): number {
    return this.#chunks.size;
  }

  /** The stat size seen by a scan; reading resumes if it grew. */
  grew(size: number): void {
    if (size > this.#reader.size) this.#reader.size = size;
    if (size > this.#reader.position || this.rotated) this.kick();
  }

  /** Whether the file under this tracker no longer holds what it read (copytruncate, possibly refilled). */
  rewritten(): boolean {
    return this.#reader.rewritten({ len: this.record.fpLen, hash: this.record.fp });
  }

  /** A fingerprint taken while the file was short grows with it, up to `max` bytes. */
  extendFingerprint(max: number): void {
    const fp = this.#reader.longerFingerprint({ len: this.record.fpLen, hash: this.record.fp }, max);
    if (!fp) return;
    this.record.fpLen = fp.len;
    this.record.fp = fp.hash;
  }

  /** Gives up the descriptor (its file now holds other content); no reads until {@link switchTo}. */
  detach(): number | undefined {
    return this.#reader.detach();
  }

  /** Continue from another file with the same content (a copytruncate copy). */
  switchTo(path: string, fd: number): void {
    const st = this.#reader.switchTo(fd);
    this.record.dev = st.dev;
    this.record.ino = st.ino;
    this.path = path;
    this.rotated = true;
    this.kick();
  }

  /** The file was truncated and no copy holds the rest: forward what was read, then finish. */
  abandon(): number {
    const lost = Math.max(0, this.#reader.size - this.#reader.position);
    this.#reader.noMoreReads = true;
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

  #maxEntries(): number {
    return Math.max(1, Math.min(MAX_ENTRIES_PER_CHUNK, Math.floor(this.deps.destination.sink.capacity().entries * CHUNK_SHARE)));
  }

  async #step(): Promise<void> {
    for (const c of this.#chunks.recovered()) {
      c.state = 'persisting';
      this.#chunks.resend(c, await this.#reread(c.start, c.end));
    }
    const { config, destination } = this.deps;
    const reader = this.#reader;
    for (;;) {
      if (this.#stopping || this.#chunks.size >= config.maxInFlightChunks) return;
      if (!destination.gate.open) {
        void destination.gate.whenOpen().then(() => this.kick());
        return;
      }
      if (destination.sink.blocked()) return this.#later(2000);
      const buffered = reader.buffered;
      const room = buffered.bytes < config.chunkBytes && buffered.records < this.#maxEntries();
      reader.refreshSize();
      if (room && (await reader.readMore())) continue;
      const now = Date.now();
      // Quiet means at the end of the file and nothing new for a while — not merely unread while
      // chunks were in flight: closing a record or finishing then would cut a line in two.
      const atEnd = reader.noMoreReads || reader.position >= reader.size;
      const idle = atEnd ? now - reader.lastData : 0;
      if (reader.recordOpen && config.multiline && idle >= config.multiline.timeoutMs) reader.closeRecord();
      if (this.rotated && !this.#finishing && (reader.noMoreReads || idle >= config.rotateWaitMs)) {
        this.#finishing = true;
        reader.finish();
      }
      if (reader.buffered.records === 0) {
        if (this.#finishing && this.#chunks.size === 0) return this.#finish();
        if (this.rotated || reader.recordOpen) this.#later(Math.min(config.rotateWaitMs, config.multiline?.timeoutMs ?? 1000) + 10);
        return;
      }
      if (room && this.#chunks.size > 0 && now - reader.firstRecordAt < LINGER_MS) return this.#later(LINGER_MS);
      this.#cut();
    }
  }

  #entry(r: FileRecord): EntryInput {
    return recordEntry(r, this.deps.parse, this.#ctx, this.deps.counters);
  }

  /** Takes whole records up to chunkBytes and hands them to the pipeline as `[start, end)`. */
  #cut(): void {
    const take = this.#reader.take(this.#maxEntries(), this.deps.config.chunkBytes);
    const start = this.#chunkStart;
    const end = (take.at(-1) as FileRecord).end;
    const entries = take.map((r) => this.#entry(r));
    this.deps.counters.received += entries.length;
    this.#chunkStart = end;
    this.#chunks.add(start, end, chunkKey(this.deps.agentId, this.record.id, start, end), entries);
  }

  /** Reads a recovered chunk again, from exactly its bytes, into the same records. */
  async #reread(start: number, end: number): Promise<EntryInput[]> {
    const fd = this.#reader.fd;
    const { records, short } =
      fd === undefined ? { records: [], short: end - start } : await readRange(fd, start, end, this.#readerOptions());
    if (short > 0) this.deps.log.warn(`${this.path} is shorter than a chunk sent before the restart; ${short} bytes are gone`);
    const entries = records.map((r) => this.#entry(r));
    this.deps.counters.received += entries.length;
    return entries;
  }

  #finish(): void {
    this.#stopping = true;
    this.#reader.close();
    this.deps.onFinished(this);
  }

  /** Stops reading; with `drain`, waits (up to `timeoutMs`) for the chunks being sent to settle. */
  async stop(drain: boolean, timeoutMs = 10_000): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#chunks.stop(drain, timeoutMs);
    this.#reader.close();
  }
}
