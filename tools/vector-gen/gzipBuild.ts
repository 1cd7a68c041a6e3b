import { crc32 } from '@logflux/core';
import { deflateSync } from 'fflate';

/** Hand-built gzip members, so the vectors can use header fields and defects no library emits. */
export interface MemberOptions {
  name?: string;
  comment?: string;
  extra?: Uint8Array;
  headerCrc?: boolean;
  text?: boolean;
  mtime?: number;
  os?: number;
  /** Raw DEFLATE data to use instead of compressing `data` with fflate level 6. */
  deflated?: Uint8Array;
  /** Overrides for defects. */
  crcOverride?: number;
  isizeOverride?: number;
  flagsOr?: number;
  method?: number;
}

const le32 = (v: number) => new Uint8Array([v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255]);
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

export function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function gzipMember(data: Uint8Array, o: MemberOptions = {}): Uint8Array {
  let flags = 0;
  if (o.text) flags |= 1;
  if (o.headerCrc) flags |= 2;
  if (o.extra) flags |= 4;
  if (o.name !== undefined) flags |= 8;
  if (o.comment !== undefined) flags |= 16;
  flags |= o.flagsOr ?? 0;
  const parts: Uint8Array[] = [new Uint8Array([0x1f, 0x8b, o.method ?? 8, flags]), le32(o.mtime ?? 0), new Uint8Array([0, o.os ?? 255])];
  if (o.extra) parts.push(new Uint8Array([o.extra.length & 255, o.extra.length >>> 8]), o.extra);
  if (o.name !== undefined) parts.push(latin1(o.name), new Uint8Array([0]));
  if (o.comment !== undefined) parts.push(latin1(o.comment), new Uint8Array([0]));
  let header = cat(...parts);
  if (o.headerCrc) {
    const c = crc32(header) & 0xffff;
    header = cat(header, new Uint8Array([c & 255, c >>> 8]));
  }
  const body = o.deflated ?? deflateSync(data, { level: 6 });
  return cat(header, body, le32(o.crcOverride ?? crc32(data)), le32(o.isizeOverride ?? data.length));
}

/** A raw DEFLATE stream made of stored blocks only. */
export function storedDeflate(data: Uint8Array, blockSize = 65535): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let i = 0; i === 0 || i < data.length; i += blockSize) {
    const chunk = data.subarray(i, i + blockSize);
    const final = i + blockSize >= data.length ? 1 : 0;
    const len = chunk.length;
    parts.push(new Uint8Array([final, len & 255, len >>> 8, ~len & 255, (~len >>> 8) & 255]), chunk);
  }
  return cat(...parts);
}
