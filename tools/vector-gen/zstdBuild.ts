import { cat } from './gzipBuild.js';
import { xxh64 } from './xxh64.js';

/** Hand-built zstd frames (RFC 8878) from raw and RLE blocks, with or without a content size. */
export type Block = { kind: 'raw'; data: Uint8Array } | { kind: 'rle'; byte: number; size: number };

export interface FrameOptions {
  contentSize?: boolean;
  checksum?: boolean;
  checksumOverride?: number;
  dictionaryId?: number;
  reservedBit?: boolean;
  /** Block type 3 (reserved) for the last block. */
  reservedBlockType?: boolean;
}

const MAX_BLOCK = 128 * 1024;

export function zstdMagic(): Uint8Array {
  return new Uint8Array([0x28, 0xb5, 0x2f, 0xfd]);
}

export function blockHeader(last: boolean, type: number, size: number): Uint8Array {
  const h = (last ? 1 : 0) | (type << 1) | (size << 3);
  return new Uint8Array([h & 255, (h >>> 8) & 255, (h >>> 16) & 255]);
}

/** Splits runs longer than the block maximum. */
function normalise(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    if (b.kind === 'raw') {
      for (let i = 0; i === 0 || i < b.data.length; i += MAX_BLOCK) out.push({ kind: 'raw', data: b.data.subarray(i, i + MAX_BLOCK) });
    } else {
      for (let left = b.size; left > 0; left -= MAX_BLOCK) out.push({ kind: 'rle', byte: b.byte, size: Math.min(MAX_BLOCK, left) });
    }
  }
  return out;
}

export function contentOf(blocks: Block[]): Uint8Array {
  return cat(...blocks.map((b) => (b.kind === 'raw' ? b.data : new Uint8Array(b.size).fill(b.byte))));
}

export function zstdFrame(blocks: Block[], o: FrameOptions = {}): Uint8Array {
  const content = contentOf(blocks);
  let fhd = 0;
  const header: number[] = [];
  if (o.contentSize) fhd |= 3 << 6; // 8-byte Frame_Content_Size, window descriptor present
  if (o.checksum) fhd |= 1 << 2;
  if (o.reservedBit) fhd |= 1 << 3;
  if (o.dictionaryId !== undefined) fhd |= 3;
  const windowLog = 17;
  header.push(fhd, (windowLog - 10) << 3);
  if (o.dictionaryId !== undefined) header.push(...Array.from({ length: 4 }, (_, i) => ((o.dictionaryId as number) >>> (8 * i)) & 255));
  if (o.contentSize) {
    let v = BigInt(content.length);
    for (let i = 0; i < 8; i++, v >>= 8n) header.push(Number(v & 255n));
  }
  const parts: Uint8Array[] = [zstdMagic(), new Uint8Array(header)];
  const list = normalise(blocks);
  list.forEach((b, i) => {
    const last = i === list.length - 1;
    const type = last && o.reservedBlockType ? 3 : b.kind === 'raw' ? 0 : 1;
    if (b.kind === 'raw') parts.push(blockHeader(last, type, b.data.length), b.data);
    else parts.push(blockHeader(last, type, b.size), new Uint8Array([b.byte]));
  });
  if (o.checksum) {
    const c = o.checksumOverride ?? Number(xxh64(content) & 0xffffffffn);
    parts.push(new Uint8Array([c & 255, (c >>> 8) & 255, (c >>> 16) & 255, (c >>> 24) & 255]));
  }
  return cat(...parts);
}

export function skippableFrame(data: Uint8Array, variant = 0): Uint8Array {
  const n = data.length;
  return cat(new Uint8Array([0x50 + variant, 0x2a, 0x4d, 0x18, n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24]), data);
}

/**
 * Rewrites a library-made frame (no dictionary) into one without Frame_Content_Size. A
 * single-segment frame gets a window descriptor large enough for its content instead.
 */
export function dropContentSize(frame: Uint8Array, contentLength: number): Uint8Array {
  const fhd = frame[4] as number;
  if (fhd & 3) throw new Error('frames with a dictionary id are not supported');
  const singleSegment = (fhd >>> 5) & 1;
  const fcsSize = [singleSegment, 2, 4, 8][fhd >>> 6] as number;
  let windowDescriptor: number;
  if (singleSegment) {
    let log = 10;
    while (2 ** log < contentLength) log++;
    windowDescriptor = (log - 10) << 3;
  } else {
    windowDescriptor = frame[5] as number;
  }
  const rest = frame.subarray(5 + (singleSegment ? 0 : 1) + fcsSize);
  return cat(frame.subarray(0, 4), new Uint8Array([fhd & 0x04, windowDescriptor]), rest);
}

/** Sets the checksum flag on a library-made frame (no checksum) and appends the checksum. */
export function addChecksum(frame: Uint8Array, content: Uint8Array, override?: number): Uint8Array {
  const copy = frame.slice();
  copy[4] = (copy[4] as number) | 4;
  const c = override ?? Number(xxh64(content) & 0xffffffffn);
  return cat(copy, new Uint8Array([c & 255, (c >>> 8) & 255, (c >>> 16) & 255, (c >>> 24) & 255]));
}
