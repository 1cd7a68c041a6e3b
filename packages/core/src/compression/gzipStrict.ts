import { LogFluxError } from '../errors.js';
import { crc32 } from './crc32.js';
import { inflateRaw } from './inflate.js';
import { OutputSink } from './outputSink.js';

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;
const RESERVED = 0xe0;

function corrupt(reason: string): never {
  throw new LogFluxError('decompress', `invalid gzip data: ${reason}`);
}

function readU32(b: Uint8Array, p: number): number {
  return ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24)) >>> 0;
}

/**
 * Parses one gzip member header at `start` (RFC 1952 §2.3, strictly: reserved flags refused, the
 * header checksum checked) and returns the offset of its DEFLATE data; throws `decompress`.
 */
export function parseGzipHeader(b: Uint8Array, start: number): number {
  if (start + 10 > b.length) corrupt('truncated header');
  if (b[start] !== 0x1f || b[start + 1] !== 0x8b) corrupt('bad magic bytes');
  if (b[start + 2] !== 8) corrupt('compression method is not deflate');
  const flags = b[start + 3] as number;
  if (flags & RESERVED) corrupt('reserved flag bits set');
  let p = start + 10;
  if (flags & FEXTRA) {
    if (p + 2 > b.length) corrupt('truncated extra field');
    const xlen = (b[p] as number) | ((b[p + 1] as number) << 8);
    p += 2 + xlen;
    if (p > b.length) corrupt('truncated extra field');
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    while (p < b.length && b[p] !== 0) p++;
    if (p >= b.length) corrupt('unterminated name or comment');
    p++;
  }
  if (flags & FHCRC) {
    if (p + 2 > b.length) corrupt('truncated header checksum');
    const expected = (b[p] as number) | ((b[p + 1] as number) << 8);
    if ((crc32(b, start, p) & 0xffff) !== expected) corrupt('header checksum mismatch');
    p += 2;
  }
  return p;
}

/**
 * Strict gzip decoding (docs/protocol.md §7.3): every member of a multi-member stream, each
 * member's CRC-32 and length checked, no trailing bytes, output bounded by `limit`.
 */
export function gunzipStrict(data: Uint8Array, limit: number): Uint8Array {
  if (data.length === 0) corrupt('empty stream');
  const sink = new OutputSink(limit, Math.min(limit, Math.max(1024, data.length * 4)));
  let p = 0;
  while (p < data.length) {
    const memberStart = sink.len;
    p = inflateRaw(data, parseGzipHeader(data, p), sink);
    if (p + 8 > data.length) corrupt('truncated trailer');
    if (crc32(sink.buf, memberStart, sink.len) !== readU32(data, p)) corrupt('CRC-32 mismatch');
    if ((sink.len - memberStart) >>> 0 !== readU32(data, p + 4)) corrupt('length mismatch');
    p += 8;
  }
  return sink.result();
}
