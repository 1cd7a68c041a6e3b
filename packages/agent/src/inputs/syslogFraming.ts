import type { SyslogFraming } from '../config/types.js';

/**
 * RFC 6587 framing of syslog over TCP: octet counting (`LEN SP MSG`) or newline-terminated
 * ("non-transparent") messages. In `auto` mode each message's first byte decides: a digit means
 * octet counting, anything else a line. Messages above `maxBytes` are cut there (`truncated`); the
 * rest is skipped. A malformed count falls back to reading a line, so the stream never stalls.
 */
export class SyslogFramer {
  #buf: Buffer = Buffer.alloc(0);
  /** Octets still to skip of a message that was cut. */
  #skip = 0;
  /** While skipping the rest of an overlong line. */
  #skipLine = false;

  constructor(
    private readonly mode: SyslogFraming,
    private readonly maxBytes: number,
    private readonly onMessage: (text: string, truncated: boolean) => void,
  ) {}

  push(chunk: Buffer): void {
    let data = chunk;
    if (this.#skip > 0) {
      const n = Math.min(this.#skip, data.length);
      this.#skip -= n;
      data = data.subarray(n);
    }
    this.#buf = this.#buf.length === 0 ? data : Buffer.concat([this.#buf, data]);
    while (this.#buf.length > 0 && this.#next()) {}
  }

  /** End of stream: a last line without its newline is still a message. */
  end(): void {
    if (this.#buf.length > 0 && !this.#skipLine) {
      const text = this.#buf.toString('utf8').trim();
      if (text) this.onMessage(text, false);
    }
    this.#buf = Buffer.alloc(0);
  }

  /** Consumes one message (or leading whitespace) if complete; false when more bytes are needed. */
  #next(): boolean {
    const buf = this.#buf;
    if (this.#skipLine) return this.#line(buf);
    const first = buf[0] as number;
    if (first === 0x0a || first === 0x0d || first === 0x20 || first === 0x00) {
      this.#buf = buf.subarray(1);
      return true;
    }
    const digit = first >= 0x30 && first <= 0x39;
    if (this.mode === 'octet_counting' || (this.mode === 'auto' && digit)) {
      let i = 0;
      while (i < buf.length && i < 10 && (buf[i] as number) >= 0x30 && (buf[i] as number) <= 0x39) i++;
      if (i === buf.length) return false;
      if (buf[i] !== 0x20 || i === 0 || i === 10) {
        if (this.mode === 'octet_counting' && i === 0) {
          // Not a count where one must be: resynchronise at the next newline.
          this.#skipLine = true;
          return this.#line(buf);
        }
        return this.#line(buf);
      }
      const length = Number(buf.subarray(0, i).toString('latin1'));
      const start = i + 1;
      if (length > this.maxBytes) {
        if (buf.length < start + this.maxBytes) return false;
        this.onMessage(buf.subarray(start, start + this.maxBytes).toString('utf8'), true);
        const have = buf.length - start;
        if (have >= length) this.#buf = buf.subarray(start + length);
        else {
          this.#skip = length - have;
          this.#buf = Buffer.alloc(0);
        }
        return true;
      }
      if (buf.length < start + length) return false;
      this.onMessage(buf.subarray(start, start + length).toString('utf8'), false);
      this.#buf = buf.subarray(start + length);
      return true;
    }
    return this.#line(buf);
  }

  #line(buf: Buffer): boolean {
    const nl = buf.indexOf(0x0a);
    if (nl < 0) {
      if (buf.length > this.maxBytes && !this.#skipLine) {
        this.onMessage(buf.subarray(0, this.maxBytes).toString('utf8'), true);
        this.#skipLine = true;
      }
      if (this.#skipLine) this.#buf = Buffer.alloc(0);
      return false;
    }
    if (!this.#skipLine) {
      let end = nl;
      if (end > 0 && buf[end - 1] === 0x0d) end--;
      const truncated = end > this.maxBytes;
      this.onMessage(buf.subarray(0, Math.min(end, this.maxBytes)).toString('utf8'), truncated);
    }
    this.#skipLine = false;
    this.#buf = buf.subarray(nl + 1);
    return true;
  }
}
