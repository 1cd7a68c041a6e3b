import { LogFluxError } from '../errors.js';

const ZSTD_MAGIC = 0xfd2fb528;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const MAX_BLOCK_SIZE = 128 * 1024;

/** One Zstandard frame located in a stream, as found by {@link splitZstdFrames}. */
export interface ZstdFrame {
  start: number;
  end: number;
  /** Frame_Content_Size when the header declares it, else undefined. */
  contentSize: number | undefined;
  /** An upper bound of the decoded size, from the block headers (exact for raw and RLE blocks). */
  maxContentSize: number;
}

function corrupt(reason: string): never {
  throw new LogFluxError('decompress', `invalid zstd data: ${reason}`);
}

function u32(b: Uint8Array, p: number): number {
  return ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24)) >>> 0;
}

function readLE(b: Uint8Array, p: number, n: number): number {
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + (b[p + i] as number);
  return v;
}

/**
 * Walks a zstd stream (RFC 8878 §3) frame by frame without decompressing: validates each frame
 * header and block structure, drops skippable frames, and returns the Zstandard frames in order.
 * Block headers carry their sizes, so frame boundaries are known exactly.
 */
export function splitZstdFrames(data: Uint8Array): ZstdFrame[] {
  if (data.length === 0) corrupt('empty stream');
  const frames: ZstdFrame[] = [];
  let p = 0;
  while (p < data.length) {
    if (p + 4 > data.length) corrupt('trailing bytes after the last frame');
    const magic = u32(data, p);
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      if (p + 8 > data.length) corrupt('truncated skippable frame');
      const size = u32(data, p + 4);
      if (p + 8 + size > data.length) corrupt('truncated skippable frame');
      p += 8 + size;
      continue;
    }
    if (magic !== ZSTD_MAGIC) corrupt(frames.length === 0 ? 'bad magic number' : 'trailing bytes after the last frame');
    const start = p;
    p += 4;
    if (p >= data.length) corrupt('truncated frame header');
    const fhd = data[p++] as number;
    const fcsFlag = fhd >>> 6;
    const singleSegment = (fhd >>> 5) & 1;
    if (fhd & 0x08) corrupt('reserved frame header bit set');
    const hasChecksum = (fhd >>> 2) & 1;
    const dictIdSize = [0, 1, 2, 4][fhd & 3] as number;
    const fcsSize = fcsFlag === 0 ? singleSegment : ([0, 2, 4, 8][fcsFlag] as number);
    const headerRest = (singleSegment ? 0 : 1) + dictIdSize + fcsSize;
    if (p + headerRest > data.length) corrupt('truncated frame header');
    if (!singleSegment) p++; // window descriptor
    if (dictIdSize > 0 && readLE(data, p, dictIdSize) !== 0) corrupt('frame requires a dictionary');
    p += dictIdSize;
    let contentSize: number | undefined;
    if (fcsSize > 0) {
      contentSize = readLE(data, p, fcsSize) + (fcsSize === 2 ? 256 : 0);
      p += fcsSize;
    }
    let maxContentSize = 0;
    for (;;) {
      if (p + 3 > data.length) corrupt('truncated block header');
      const header = (data[p] as number) | ((data[p + 1] as number) << 8) | ((data[p + 2] as number) << 16);
      p += 3;
      const last = header & 1;
      const type = (header >>> 1) & 3;
      const size = header >>> 3;
      if (type === 3) corrupt('reserved block type');
      if (size > MAX_BLOCK_SIZE) corrupt('block larger than 128 KiB');
      p += type === 1 ? 1 : size;
      maxContentSize += type === 2 ? MAX_BLOCK_SIZE : size;
      if (p > data.length) corrupt('truncated block');
      if (last) break;
    }
    if (hasChecksum) p += 4;
    if (p > data.length) corrupt('truncated checksum');
    frames.push({ start, end: p, contentSize, maxContentSize });
  }
  if (frames.length === 0) corrupt('no zstd frame');
  return frames;
}
