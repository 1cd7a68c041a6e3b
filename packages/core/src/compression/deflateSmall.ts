/*
 * A DEFLATE encoder (RFC 1951) specialised for small inputs such as single log entries: one
 * fixed-Huffman block, greedy LZ77 over hash chains. General-purpose libraries spend most of their
 * time on a few-hundred-byte input setting up state (zlib's sync call costs ~10 µs whatever the
 * size); this costs about as much as the input is long. Dynamic Huffman tables stop paying for
 * themselves below a few KiB, so callers use a full encoder above SMALL_INPUT_LIMIT.
 */

import { DIST_BASE, DIST_EXTRA, LEN_BASE, LEN_EXTRA } from './deflateTables.js';

/** Inputs up to this size go through {@link deflateSmall}; larger ones deserve dynamic Huffman. */
export const SMALL_INPUT_LIMIT = 4096;

const HASH_BITS = 12;
const HASH_SIZE = 1 << HASH_BITS;
const MAX_CHAIN = 4;
/** Positions inside longer matches are not indexed (as zlib's fast levels do). */
const MAX_INSERT = 8;
const NICE_LENGTH = 64;
const MAX_MATCH = 258;
const MIN_MATCH = 3;

function reverse(code: number, length: number): number {
  let r = 0;
  for (let i = 0; i < length; i++) r |= ((code >>> i) & 1) << (length - 1 - i);
  return r;
}

// Fixed literal/length codes (RFC 1951 §3.2.6), bit-reversed for LSB-first output.
const LIT_VALUE = new Uint16Array(288);
const LIT_BITS = new Uint8Array(288);
for (let s = 0; s < 288; s++) {
  const [code, len] = s < 144 ? [0x30 + s, 8] : s < 256 ? [0x190 + s - 144, 9] : s < 280 ? [s - 256, 7] : [0xc0 + s - 280, 8];
  LIT_VALUE[s] = reverse(code, len);
  LIT_BITS[s] = len;
}

// For each match length 3..258: Huffman code and extra bits combined into one write.
const MATCH_VALUE = new Uint32Array(MAX_MATCH + 1);
const MATCH_BITS = new Uint8Array(MAX_MATCH + 1);
for (let sym = 0; sym < 29; sym++) {
  const first = LEN_BASE[sym] as number;
  const last = sym === 28 ? 258 : sym === 27 ? 257 : (LEN_BASE[sym + 1] as number) - 1;
  for (let len = first; len <= last; len++) {
    const s = 257 + sym;
    MATCH_VALUE[len] = (LIT_VALUE[s] as number) | ((len - first) << (LIT_BITS[s] as number));
    MATCH_BITS[len] = (LIT_BITS[s] as number) + (LEN_EXTRA[sym] as number);
  }
}
// 258 has its own symbol (285) with no extra bits.
MATCH_VALUE[258] = LIT_VALUE[285] as number;
MATCH_BITS[258] = LIT_BITS[285] as number;

const DIST_SYMBOL = new Uint8Array(SMALL_INPUT_LIMIT + 1);
for (let sym = 0, d = 1; d <= SMALL_INPUT_LIMIT; d++) {
  while (sym < 29 && d >= (DIST_BASE[sym + 1] as number)) sym++;
  DIST_SYMBOL[d] = sym;
}
const DIST_CODE = DIST_BASE.map((_, sym) => reverse(sym, 5));

// Hash heads and chains are kept between calls; `base` makes old entries stale without clearing.
const head = new Int32Array(HASH_SIZE);
const prev = new Int32Array(SMALL_INPUT_LIMIT);
let base = 1;

/** Raw DEFLATE of `data` (at most {@link SMALL_INPUT_LIMIT} bytes) as one final fixed-Huffman block. */
export function deflateSmall(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(maxDeflatedSize(data.length));
  return out.subarray(0, deflateInto(data, out, 0));
}

function maxDeflatedSize(n: number): number {
  return ((n * 9 + 7) >>> 3) + 8;
}

/** Writes the raw DEFLATE of `data` into `out` at `start`; returns the end offset. */
function deflateInto(data: Uint8Array, out: Uint8Array, start: number): number {
  const n = data.length;
  if (n > SMALL_INPUT_LIMIT) throw new RangeError(`deflateSmall takes at most ${SMALL_INPUT_LIMIT} bytes`);
  if (base > 0x7fff0000 - n) {
    head.fill(0);
    base = 1;
  }
  let o = start;
  let acc = 3; // BFINAL = 1, BTYPE = 01 (fixed Huffman)
  let bits = 3;
  let i = 0;
  const lastHashable = n - MIN_MATCH;
  // Rolling 3-byte window: the next position's key is one shift and one load away.
  let key = n >= MIN_MATCH ? ((data[0] as number) << 8) | (data[1] as number) : 0;
  while (i < n) {
    let best = 0;
    let bestDist = 0;
    if (i <= lastHashable) {
      key = ((key << 8) | (data[i + 2] as number)) & 0xffffff;
      const h = Math.imul(key, 0x9e3779b1) >>> (32 - HASH_BITS);
      let cand = (head[h] as number) - base;
      head[h] = base + i;
      prev[i] = cand;
      const limit = Math.min(n - i, MAX_MATCH);
      for (let chain = MAX_CHAIN; cand >= 0 && chain > 0; chain--) {
        if (data[cand + best] === data[i + best] && data[cand] === data[i] && data[cand + 1] === data[i + 1]) {
          let len = 2;
          while (len < limit && data[cand + len] === data[i + len]) len++;
          if (len > best) {
            best = len;
            bestDist = i - cand;
            if (len >= NICE_LENGTH || len === limit) break;
          }
        }
        cand = prev[cand] as number;
      }
    }
    if (best >= MIN_MATCH) {
      acc |= (MATCH_VALUE[best] as number) << bits;
      bits += MATCH_BITS[best] as number;
      while (bits >= 8) {
        out[o++] = acc & 255;
        acc >>>= 8;
        bits -= 8;
      }
      const sym = DIST_SYMBOL[bestDist] as number;
      acc |= ((DIST_CODE[sym] as number) | ((bestDist - (DIST_BASE[sym] as number)) << 5)) << bits;
      bits += 5 + (DIST_EXTRA[sym] as number);
      // Index the positions a short match covers, so later matches can refer into it.
      const end = best <= MAX_INSERT ? Math.min(i + best, lastHashable + 1) : i + 1;
      for (let j = i + 1; j < end; j++) {
        key = ((key << 8) | (data[j + 2] as number)) & 0xffffff;
        const h = Math.imul(key, 0x9e3779b1) >>> (32 - HASH_BITS);
        prev[j] = (head[h] as number) - base;
        head[h] = base + j;
      }
      i += best;
      // Re-prime the rolling key for the new position.
      if (i <= lastHashable) key = ((data[i] as number) << 8) | (data[i + 1] as number);
    } else {
      const lit = data[i] as number;
      acc |= (LIT_VALUE[lit] as number) << bits;
      bits += LIT_BITS[lit] as number;
      i++;
    }
    while (bits >= 8) {
      out[o++] = acc & 255;
      acc >>>= 8;
      bits -= 8;
    }
  }
  // End of block: symbol 256 is seven zero bits.
  bits += 7;
  while (bits > 0) {
    out[o++] = acc & 255;
    acc >>>= 8;
    bits -= 8;
  }
  base += n + 1;
  return o;
}

const GZIP_HEADER = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/** A single gzip member around {@link deflateSmall}: MTIME 0, no name, OS unknown; one allocation. */
export function gzipSmall(data: Uint8Array, crc32: (data: Uint8Array) => number): Uint8Array {
  const out = new Uint8Array(10 + maxDeflatedSize(data.length) + 8);
  out.set(GZIP_HEADER);
  let o = deflateInto(data, out, 10);
  const crc = crc32(data);
  const size = data.length;
  out[o++] = crc & 255;
  out[o++] = (crc >>> 8) & 255;
  out[o++] = (crc >>> 16) & 255;
  out[o++] = crc >>> 24;
  out[o++] = size & 255;
  out[o++] = (size >>> 8) & 255;
  out[o++] = (size >>> 16) & 255;
  out[o++] = size >>> 24;
  return out.subarray(0, o);
}
