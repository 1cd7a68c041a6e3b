import { closeSync, fstatSync, read } from 'node:fs';
import { promisify } from 'node:util';
import { LineSplitter } from '../inputs/lineSplitter.js';
import { Assembler, type AssemblerOptions, type FileRecord } from './assembler.js';
import { type Fingerprint, fingerprintFd } from './identity.js';

const readAt = promisify(read);

export interface ReaderOptions {
  maxLineBytes: number;
  /** Bytes per read. */
  chunkBytes: number;
  assembler: AssemblerOptions;
}

/**
 * Reads `[start, end)` of an open file into records, exactly as they were cut when that range
 * was first read (the range starts and ends at record boundaries): what a recovered chunk holds.
 * Returns fewer bytes' worth when the file is shorter now (`short` tells how many are missing).
 */
export async function readRange(
  fd: number,
  start: number,
  end: number,
  options: ReaderOptions,
): Promise<{ records: FileRecord[]; short: number }> {
  const records: FileRecord[] = [];
  const assembler = new Assembler(options.assembler, (r) => records.push(r));
  const splitter = new LineSplitter(options.maxLineBytes, (t, tr, e) => assembler.line(t, tr, e), start);
  let pos = start;
  const buf = Buffer.allocUnsafe(Math.min(options.chunkBytes, end - start));
  while (pos < end) {
    const want = Math.min(buf.length, end - pos);
    const { bytesRead } = await readAt(fd, buf, 0, want, pos);
    if (bytesRead === 0) break;
    splitter.push(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
  splitter.end();
  assembler.flush();
  return { records, short: end - pos };
}

/**
 * The reading side of a followed file: its descriptor, how far it has been read, the lines and
 * records cut so far and not yet taken into a chunk. It reads on demand and never past what the
 * caller takes, so memory stays within about one chunk.
 */
export class FileReader {
  size: number;
  #fd: number | undefined;
  #pos: number;
  readonly #splitter: LineSplitter;
  readonly #assembler: Assembler;
  #records: FileRecord[] = [];
  #bytes = 0;
  /** When the oldest record not taken yet was cut. */
  firstRecordAt = 0;
  /** When data was last read. */
  lastData = Date.now();
  /** After a truncation without a copy: nothing more is read from this file. */
  noMoreReads = false;
  /** The size at which the first bytes were last compared with the fingerprint. */
  #checkedSize = -1;
  /**
   * The one read buffer, reused: the splitter decodes every line it completes during `push` and
   * copies the unfinished rest, so nothing refers to the buffer afterwards. A fresh buffer per
   * read was garbage outside the V8 heap that piled up (tens of MiB) between collections.
   */
  #buf: Buffer | undefined;

  constructor(
    fd: number,
    start: number,
    private readonly options: ReaderOptions,
  ) {
    this.#fd = fd;
    this.size = fstatSync(fd).size;
    this.#pos = start;
    this.#assembler = new Assembler(options.assembler, (r) => {
      if (this.#records.length === 0) this.firstRecordAt = Date.now();
      this.#records.push(r);
      this.#bytes += r.text.length + 1;
    });
    this.#splitter = new LineSplitter(options.maxLineBytes, (t, tr, e) => this.#assembler.line(t, tr, e), start);
  }

  get fd(): number | undefined {
    return this.#fd;
  }

  /** How far the file has been read. */
  get position(): number {
    return this.#pos;
  }

  /** Records cut and not taken yet, and their size. */
  get buffered(): { records: number; bytes: number } {
    return { records: this.#records.length, bytes: this.#bytes };
  }

  /** A record is open: its end is not known until the next start line or a flush. */
  get recordOpen(): boolean {
    return this.#assembler.pending;
  }

  /** The file's size now, asked of the descriptor (scans see only files a path leads to). */
  refreshSize(): void {
    if (this.#fd !== undefined && !this.noMoreReads && this.#pos >= this.size) this.size = fstatSync(this.#fd).size;
  }

  /** Reads the next piece; false at the file's current end (or when it shrank: the next scan decides). */
  async readMore(): Promise<boolean> {
    const fd = this.#fd;
    if (fd === undefined || this.noMoreReads || this.#pos >= this.size) return false;
    if (fstatSync(fd).size < this.#pos) return false;
    this.#buf ??= Buffer.allocUnsafe(this.options.chunkBytes);
    const buf = this.#buf;
    const want = buf.length;
    const { bytesRead } = await readAt(fd, buf, 0, want, this.#pos);
    if (bytesRead === 0) {
      this.size = this.#pos;
      return false;
    }
    this.lastData = Date.now();
    this.#splitter.push(buf.subarray(0, bytesRead));
    this.#pos += bytesRead;
    this.size = Math.max(this.size, this.#pos);
    return true;
  }

  /** Whether the file no longer holds what was read: it shrank below it, or its first bytes changed. */
  rewritten(fp: Fingerprint): boolean {
    const fd = this.#fd;
    if (fd === undefined || this.noMoreReads) return false;
    const size = fstatSync(fd).size;
    if (size < this.#pos) return true;
    if (size === this.#checkedSize) return false;
    this.#checkedSize = size;
    return fingerprintFd(fd, fp.len).hash !== fp.hash;
  }

  /** A longer fingerprint (up to `max` bytes) if the file still starts with `fp` and has grown past it. */
  longerFingerprint(fp: Fingerprint, max: number): Fingerprint | undefined {
    const fd = this.#fd;
    if (fd === undefined || fp.len >= max || this.size <= fp.len || fingerprintFd(fd, fp.len).hash !== fp.hash) return undefined;
    return fingerprintFd(fd, max);
  }

  /** Gives up the descriptor (its file now holds other content). */
  detach(): number | undefined {
    const fd = this.#fd;
    this.#fd = undefined;
    return fd;
  }

  /** Reads on from another descriptor with the same content (a copy); returns its stat. */
  switchTo(fd: number): { dev: number; ino: number } {
    this.close();
    this.#fd = fd;
    const st = fstatSync(fd);
    this.size = st.size;
    this.#checkedSize = st.size;
    return st;
  }

  /** Closes a record left open by multiline rules. */
  closeRecord(): void {
    this.#assembler.flush();
  }

  /** The file is finished: a last line without newline and an open record become records. */
  finish(): void {
    if (!this.noMoreReads) this.#splitter.end();
    this.#assembler.flush();
  }

  /** Takes whole records, oldest first, up to `maxEntries` and `maxBytes` (at least one). */
  take(maxEntries: number, maxBytes: number): FileRecord[] {
    const records = this.#records;
    let bytes = 0;
    let n = 0;
    while (n < records.length && n < maxEntries) {
      const size = (records[n] as FileRecord).text.length + 1;
      if (n > 0 && bytes + size > maxBytes) break;
      bytes += size;
      n++;
    }
    // One splice, not a shift per record (each shift moves every record behind it).
    const out = records.splice(0, n);
    this.#bytes -= bytes;
    if (this.#records.length > 0) this.firstRecordAt = Date.now();
    return out;
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
