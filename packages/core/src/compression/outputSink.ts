import { LogFluxError } from '../errors.js';

/**
 * A growable output buffer that refuses to grow past a limit. Decompressors write through it so a
 * decompression bomb fails with `size_limit` having allocated at most `limit` bytes.
 */
export class OutputSink {
  buf: Uint8Array;
  len = 0;
  readonly limit: number;

  constructor(limit: number, sizeHint = 4096) {
    this.limit = limit;
    this.buf = new Uint8Array(Math.max(0, Math.min(limit, sizeHint)));
  }

  /** Makes room for `n` more bytes, or throws `size_limit` if that would pass the limit. */
  reserve(n: number): void {
    const need = this.len + n;
    if (need <= this.buf.length) return;
    if (need > this.limit) {
      throw new LogFluxError('size_limit', `decompressed data exceeds the ${this.limit}-byte limit`);
    }
    const next = new Uint8Array(Math.min(this.limit, Math.max(need, this.buf.length * 2, 1024)));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  write(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  result(): Uint8Array {
    return this.len === this.buf.length ? this.buf : this.buf.slice(0, this.len);
  }
}
