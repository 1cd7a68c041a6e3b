import { LogFluxError } from '../errors.js';
import { DIST_BASE, DIST_EXTRA, LEN_BASE, LEN_EXTRA } from './deflateTables.js';
import type { OutputSink } from './outputSink.js';

/*
 * A strict raw DEFLATE (RFC 1951) decoder. It exists because the portable libraries either cannot
 * say where a DEFLATE stream ends (needed to walk multi-member gzip) or cannot bound their output.
 * It rejects what zlib rejects: over-subscribed or incomplete codes, missing end-of-block code,
 * distances before the start of the stream, bad stored-block lengths, reserved block types.
 */

const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

function corrupt(reason: string): never {
  throw new LogFluxError('decompress', `invalid deflate data: ${reason}`);
}

/** A single-level decoding table: entry = symbol << 4 | code length, or -1 for no code. */
interface HuffmanTable {
  entries: Int32Array;
  bits: number;
}

type TableKind = 'codes' | 'lengths' | 'distances';

function buildTable(lengths: ArrayLike<number>, kind: TableKind): HuffmanTable {
  const count = new Uint16Array(16);
  let maxBits = 0;
  for (let i = 0; i < lengths.length; i++) {
    const l = lengths[i] as number;
    count[l] = (count[l] as number) + 1;
    if (l > maxBits) maxBits = l;
  }
  count[0] = 0;
  let left = 1;
  for (let l = 1; l <= 15; l++) {
    left = (left << 1) - (count[l] as number);
    if (left < 0) corrupt('over-subscribed code');
  }
  // zlib accepts an incomplete set only for a single one-bit code (and an empty distance set).
  if (maxBits > 0 && left > 0 && (kind === 'codes' || maxBits !== 1)) corrupt('incomplete code');
  const entries = new Int32Array(1 << maxBits).fill(-1);
  const next = new Uint16Array(16);
  let code = 0;
  for (let l = 1; l <= 15; l++) {
    code = (code + (count[l - 1] as number)) << 1;
    next[l] = code;
  }
  for (let sym = 0; sym < lengths.length; sym++) {
    const l = lengths[sym] as number;
    if (l === 0) continue;
    const c = next[l] as number;
    next[l] = c + 1;
    let rev = 0;
    for (let b = 0; b < l; b++) rev |= ((c >>> b) & 1) << (l - 1 - b);
    for (let i = rev; i < entries.length; i += 1 << l) entries[i] = (sym << 4) | l;
  }
  return { entries, bits: maxBits };
}

const FIXED_LENGTHS = (() => {
  const l = new Uint8Array(288);
  l.fill(8, 0, 144);
  l.fill(9, 144, 256);
  l.fill(7, 256, 280);
  l.fill(8, 280, 288);
  return buildTable(l, 'lengths');
})();
const FIXED_DISTANCES = buildTable(new Uint8Array(32).fill(5), 'distances');

class BitReader {
  pos: number;
  buf = 0;
  cnt = 0;
  constructor(
    readonly input: Uint8Array,
    start: number,
  ) {
    this.pos = start;
  }

  fill(): void {
    while (this.cnt <= 24 && this.pos < this.input.length) {
      this.buf |= (this.input[this.pos++] as number) << this.cnt;
      this.cnt += 8;
    }
  }

  bits(n: number): number {
    if (n === 0) return 0;
    if (this.cnt < n) {
      this.fill();
      if (this.cnt < n) corrupt('unexpected end of stream');
    }
    const v = this.buf & ((1 << n) - 1);
    this.buf >>>= n;
    this.cnt -= n;
    return v;
  }

  decode(table: HuffmanTable): number {
    if (this.cnt < table.bits) this.fill();
    const entry = table.entries[this.buf & ((1 << table.bits) - 1)] as number;
    if (entry < 0) {
      if (table.bits === 0 || this.cnt >= table.bits) corrupt('invalid code');
      corrupt('unexpected end of stream');
    }
    const l = entry & 15;
    if (l > this.cnt) corrupt('unexpected end of stream');
    this.buf >>>= l;
    this.cnt -= l;
    return entry >>> 4;
  }

  /** Drops the bits of a partly read byte and hands whole buffered bytes back to the input. */
  alignToByte(): void {
    this.pos -= this.cnt >>> 3;
    this.buf = 0;
    this.cnt = 0;
  }
}

function readDynamicTables(br: BitReader): [HuffmanTable, HuffmanTable] {
  const nlen = br.bits(5) + 257;
  const ndist = br.bits(5) + 1;
  const ncode = br.bits(4) + 4;
  if (nlen > 286 || ndist > 30) corrupt('too many length or distance codes');
  const codeLengths = new Uint8Array(19);
  for (let i = 0; i < ncode; i++) codeLengths[CODE_LENGTH_ORDER[i] as number] = br.bits(3);
  const codeTable = buildTable(codeLengths, 'codes');
  const lengths = new Uint8Array(nlen + ndist);
  let i = 0;
  while (i < nlen + ndist) {
    const sym = br.decode(codeTable);
    if (sym < 16) {
      lengths[i++] = sym;
      continue;
    }
    let repeat: number;
    let value = 0;
    if (sym === 16) {
      if (i === 0) corrupt('repeat with no previous length');
      value = lengths[i - 1] as number;
      repeat = 3 + br.bits(2);
    } else if (sym === 17) {
      repeat = 3 + br.bits(3);
    } else {
      repeat = 11 + br.bits(7);
    }
    if (i + repeat > nlen + ndist) corrupt('too many code lengths');
    lengths.fill(value, i, i + repeat);
    i += repeat;
  }
  if (lengths[256] === 0) corrupt('missing end-of-block code');
  return [buildTable(lengths.subarray(0, nlen), 'lengths'), buildTable(lengths.subarray(nlen), 'distances')];
}

/**
 * Inflates the raw DEFLATE stream starting at `input[start]` into `sink`, stopping after the final
 * block. Returns the offset of the first byte after the stream. `windowStart` is the sink offset
 * before which back-references may not reach (the start of this gzip member).
 */
export function inflateRaw(input: Uint8Array, start: number, sink: OutputSink): number {
  const br = new BitReader(input, start);
  const windowStart = sink.len;
  let final = 0;
  do {
    final = br.bits(1);
    const type = br.bits(2);
    if (type === 0) {
      br.alignToByte();
      const p = br.pos;
      if (p + 4 > input.length) corrupt('unexpected end of stream');
      const len = (input[p] as number) | ((input[p + 1] as number) << 8);
      const nlen = (input[p + 2] as number) | ((input[p + 3] as number) << 8);
      if ((len ^ 0xffff) !== nlen) corrupt('stored block length check failed');
      if (p + 4 + len > input.length) corrupt('unexpected end of stream');
      sink.write(input.subarray(p + 4, p + 4 + len));
      br.pos = p + 4 + len;
      continue;
    }
    if (type === 3) corrupt('reserved block type');
    const [lit, dist] = type === 1 ? [FIXED_LENGTHS, FIXED_DISTANCES] : readDynamicTables(br);
    for (;;) {
      const sym = br.decode(lit);
      if (sym < 256) {
        if (sink.len >= sink.buf.length) sink.reserve(1);
        sink.buf[sink.len++] = sym;
        continue;
      }
      if (sym === 256) break;
      const li = sym - 257;
      if (li >= 29) corrupt('invalid length symbol');
      const length = (LEN_BASE[li] as number) + br.bits(LEN_EXTRA[li] as number);
      const ds = br.decode(dist);
      if (ds >= 30) corrupt('invalid distance symbol');
      const distance = (DIST_BASE[ds] as number) + br.bits(DIST_EXTRA[ds] as number);
      if (distance > sink.len - windowStart) corrupt('distance too far back');
      sink.reserve(length);
      const out = sink.buf;
      let o = sink.len;
      const end = o + length;
      if (distance >= length) {
        out.copyWithin(o, o - distance, end - distance);
        o = end;
      } else {
        for (; o < end; o++) out[o] = out[o - distance] as number;
      }
      sink.len = end;
    }
  } while (!final);
  br.alignToByte();
  return br.pos;
}
