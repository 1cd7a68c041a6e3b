/**
 * The entry journal of `durability: 'disk'` (core's `EntryJournal`) as files in the spool
 * directory: one append-only file per client and segment,
 * `journal-<pid>-<process start>-<token>-<n>.lfj`.
 * Holds what core gives — sealed pieces (envelopes or multipart parts), sequence numbers,
 * idempotency keys — never plaintext or keys.
 *
 * Write policy: every call is one `writeSync` of whole framed records before it returns, so the
 * bytes are in the kernel when the log call returns and a killed process (SIGKILL, a crash) loses
 * none of them. Power loss is covered by group commit: one `fdatasync` per turn of the event loop
 * in which anything was written, on libuv's thread pool (off the main thread). A short write or an
 * error truncates the file back to its last whole record and throws (core reports it and keeps the
 * entries in memory); a torn record from a crash fails its CRC and ends the file's reading.
 * Segments whose entries are all settled are deleted, oldest first; at close or exit an empty
 * journal is.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fdatasync, fsyncSync, ftruncateSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { type EntryJournal, type JournalEntry, type JournalRecord, seqRanges } from '@logflux/core';

export const JOURNAL_MAGIC = 'LFJOURNAL1\n';
/** A segment past this size is followed by a new one. */
const SEGMENT_BYTES = 4 * 1024 * 1024;
const KIND = { entry: 1, batch: 2, settled: 3 } as const;

/** Journal files this thread writes (recovery leaves them alone). */
export const OWN_JOURNALS = new Set<string>();

/**
 * When this process started (ms; the same in its worker threads): with the pid it names a
 * journal's writer, so that a journal of another thread of this process is told from one an
 * earlier process with the same pid left (a restarted container's pid 1).
 */
export const PROCESS_START = Math.round(Date.now() - process.uptime() * 1000);

interface Segment {
  path: string;
  fd: number;
  bytes: number;
  unsettled: number;
  closed: boolean;
}

/** One framed record: kind, body length, body, CRC-32 of the three. */
export function frame(kind: number, body: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(9 + body.length);
  out[0] = kind;
  out.writeUInt32LE(body.length, 1);
  out.set(body, 5);
  out.writeUInt32LE(crc32(out.subarray(0, 5 + body.length)), 5 + body.length);
  return out;
}

export function entryBody(e: JournalEntry): Buffer {
  const keyId = Buffer.from(e.keyId, 'utf8');
  const piece = typeof e.piece === 'string' ? Buffer.from(e.piece, 'utf8') : e.piece;
  const head = Buffer.allocUnsafe(12 + keyId.length);
  head.writeDoubleLE(e.seq, 0);
  head[8] = e.type;
  head[9] = e.format === 'multipart' ? 1 : 0;
  head.writeUInt16LE(keyId.length, 10);
  head.set(keyId, 12);
  return Buffer.concat([head, piece]);
}

/** The records of a journal segment's bytes (after its header line), up to the first damaged one. */
export function parseRecords(data: Buffer): JournalRecord[] {
  const out: JournalRecord[] = [];
  let at = 0;
  while (at + 9 <= data.length) {
    const kind = data[at] as number;
    const length = data.readUInt32LE(at + 1);
    if (at + 9 + length > data.length || crc32(data.subarray(at, at + 5 + length)) !== data.readUInt32LE(at + 5 + length)) break;
    const body = data.subarray(at + 5, at + 5 + length);
    at += 9 + length;
    if (kind === KIND.entry) {
      const keyLength = body.readUInt16LE(10);
      const format = body[9] === 1 ? 'multipart' : 'json';
      const piece = body.subarray(12 + keyLength);
      out.push({
        kind: 'entry',
        entry: {
          seq: body.readDoubleLE(0),
          type: body[8] as JournalEntry['type'],
          format,
          keyId: body.subarray(12, 12 + keyLength).toString('utf8'),
          piece: format === 'json' ? piece.toString('utf8') : new Uint8Array(piece),
        },
      });
      continue;
    }
    const json = JSON.parse(body.toString('utf8')) as { k?: string; r: [number, number][] };
    const seqs = json.r.flatMap(([a, b]) => Array.from({ length: Math.max(0, Math.min(b - a + 1, 1_000_000)) }, (_, i) => a + i));
    out.push(kind === KIND.batch ? { kind: 'batch', idempotencyKey: String(json.k), seqs } : { kind: 'settled', seqs });
  }
  return out;
}

/** Writes all of `data` at the end of `segment`, or truncates it back to its last whole record and throws. */
function append(segment: Segment, data: Buffer): void {
  let done = 0;
  try {
    while (done < data.length) {
      const n = writeSync(segment.fd, data, done, data.length - done);
      if (n <= 0) throw new Error('the journal file took no bytes');
      done += n;
    }
  } catch (error) {
    try {
      ftruncateSync(segment.fd, segment.bytes);
    } catch {
      // the next read ends at the torn record (CRC), which is all that truncation would give
    }
    throw error;
  }
  segment.bytes += data.length;
}

/** The journal of this process, in `dir` (see the module comment). */
export class JournalFile implements EntryJournal {
  readonly name = `${process.pid}-${PROCESS_START}-${randomBytes(6).toString('hex')}`;
  private readonly segments: Segment[] = [];
  private readonly bySeq = new Map<number, Segment>();
  private count = 0;
  private syncQueued = false;
  private syncing = false;
  private dirty = false;

  constructor(private readonly dir: string) {
    this.open();
  }

  private open(): Segment {
    const path = join(this.dir, `journal-${this.name}-${String(this.count++).padStart(4, '0')}.lfj`);
    const fd = openSync(path, 'a', 0o600);
    const header = Buffer.from(`${JOURNAL_MAGIC}${JSON.stringify({ created: Date.now(), pid: process.pid })}\n`);
    const segment: Segment = { path, fd, bytes: 0, unsettled: 0, closed: false };
    append(segment, header);
    OWN_JOURNALS.add(path);
    this.segments.push(segment);
    return segment;
  }

  private get current(): Segment {
    return this.segments[this.segments.length - 1] as Segment;
  }

  /** Group commit: one fdatasync of the current segment per turn of the loop that wrote to it. */
  private sync(): void {
    this.dirty = true;
    if (this.syncQueued || this.syncing) return;
    this.syncQueued = true;
    setImmediate(() => {
      this.syncQueued = false;
      const segment = this.segments[this.segments.length - 1];
      if (!this.dirty || !segment || segment.closed) return;
      this.dirty = false;
      this.syncing = true;
      fdatasync(segment.fd, () => {
        this.syncing = false;
        if (this.dirty) this.sync();
      });
    });
  }

  private write(kind: number, body: Uint8Array): void {
    append(this.current, frame(kind, body));
    this.sync();
  }

  entries(list: readonly JournalEntry[]): void {
    if (this.current.bytes > SEGMENT_BYTES) this.open();
    const segment = this.current;
    const frames = list.map((e) => frame(KIND.entry, entryBody(e)));
    append(segment, frames.length === 1 ? (frames[0] as Buffer) : Buffer.concat(frames));
    for (const e of list) this.bySeq.set(e.seq, segment);
    segment.unsettled += list.length;
    this.sync();
  }

  batch(idempotencyKey: string, seqs: readonly number[]): void {
    this.write(KIND.batch, Buffer.from(JSON.stringify({ k: idempotencyKey, r: seqRanges(seqs) })));
  }

  settled(seqs: readonly number[]): void {
    const known = seqs.filter((s) => this.bySeq.has(s));
    if (known.length === 0) return;
    this.write(KIND.settled, Buffer.from(JSON.stringify({ r: seqRanges(known) })));
    for (const s of known) {
      const segment = this.bySeq.get(s) as Segment;
      this.bySeq.delete(s);
      segment.unsettled--;
    }
    // Oldest first: a batch record in a segment speaks of entries of that segment or older ones only.
    while (this.segments.length > 1 && (this.segments[0] as Segment).unsettled === 0) this.remove(this.segments.shift() as Segment);
  }

  /** Entries journaled and not settled. */
  get unsettled(): number {
    return this.bySeq.size;
  }

  /** The journal's files (for tests and diagnostics). */
  get paths(): string[] {
    return this.segments.map((s) => s.path);
  }

  private remove(segment: Segment): void {
    segment.closed = true;
    closeSync(segment.fd);
    rmSync(segment.path, { force: true });
    OWN_JOURNALS.delete(segment.path);
  }

  /** At close or exit: an empty journal is deleted; one with unsettled entries is fsynced and kept for the next process. */
  finish(): void {
    if (this.segments.length === 0) return;
    if (this.unsettled === 0) {
      for (const s of this.segments.splice(0)) this.remove(s);
      return;
    }
    for (const s of this.segments) if (!s.closed) fsyncSync(s.fd);
  }
}
