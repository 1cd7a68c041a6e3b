/**
 * Splits a byte stream into lines at `\n` (a `\r` before it is removed), decoding each as UTF-8.
 * A line longer than `maxBytes` is cut there and reported `truncated`; the rest of it, up to its
 * newline, is skipped. `position` is the offset just past the last byte consumed, and every line
 * is reported with the offset just past its newline — which file inputs keep as read positions.
 */
export class LineSplitter {
  #parts: Buffer[] = [];
  #length = 0;
  #truncated = false;
  /** Offset just past the last byte pushed. */
  position: number;
  /** Offset where the line being collected began. */
  lineStart: number;

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (text: string, truncated: boolean, end: number) => void,
    start = 0,
  ) {
    this.position = start;
    this.lineStart = start;
  }

  /** Bytes of an unfinished line held (at most maxBytes). */
  get pendingBytes(): number {
    return this.#length;
  }

  /** True when part of a line (without its newline yet) has been seen. */
  get partial(): boolean {
    return this.position > this.lineStart;
  }

  push(chunk: Buffer): void {
    let from = 0;
    const base = this.position;
    for (;;) {
      const nl = chunk.indexOf(10, from);
      if (nl < 0) {
        this.#keep(chunk, from, chunk.length, true);
        this.position = base + chunk.length;
        return;
      }
      this.position = base + nl + 1;
      if (this.#length === 0 && !this.#truncated && nl - from <= this.maxBytes) {
        // The whole line is in this chunk: decoded straight from it, without a piece to hold.
        const cr = nl > from && chunk[nl - 1] === 13 ? 1 : 0;
        this.lineStart = this.position;
        this.onLine(chunk.toString('utf8', from, nl - cr), false, this.position);
      } else {
        this.#keep(chunk, from, nl);
        this.#emit();
      }
      from = nl + 1;
    }
  }

  /** Emits what is held as a last line without its newline (end of stream, or a file that is finished). */
  end(): void {
    if (this.partial) this.#emit();
  }

  /** `copy`: the piece outlives this push (the caller may reuse its buffer). */
  #keep(chunk: Buffer, from: number, to: number, copy = false): void {
    if (to <= from) return;
    const room = this.maxBytes - this.#length;
    const n = Math.min(room, to - from);
    if (n < to - from) this.#truncated = true;
    if (n <= 0) return;
    const piece = from === 0 && n === chunk.length ? chunk : chunk.subarray(from, from + n);
    this.#parts.push(copy ? Buffer.from(piece) : piece);
    this.#length += n;
  }

  #emit(): void {
    const parts = this.#parts;
    let text: string;
    if (parts.length === 0) text = '';
    else if (parts.length === 1) text = (parts[0] as Buffer).toString('utf8');
    else text = Buffer.concat(parts, this.#length).toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const truncated = this.#truncated;
    this.#parts = [];
    this.#length = 0;
    this.#truncated = false;
    this.lineStart = this.position;
    this.onLine(text, truncated, this.position);
  }
}
