import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

/**
 * Reading a segment back on open. Each record is framed as `u32 length | u32 CRC-32 | bytes`
 * (little-endian). A torn or corrupt tail of the newest segment — the only place a crash or a
 * failed append can leave one — is cut off; damage anywhere else is an error. The checksum is
 * zlib's CRC-32 (the gzip one, native).
 */

export interface RecordPosition {
  segment: number;
  offset: number;
  length: number;
}

export const FRAME_HEADER = 8;
export const MAX_RECORD = 64 * 1024 * 1024;

export class CorruptLogError extends Error {
  override readonly name = 'CorruptLogError';
}

/** Hands every intact record of one segment to `onRecord`; returns the end of the last one. */
export async function replaySegment(
  path: string,
  segment: number,
  last: boolean,
  onRecord: (record: Uint8Array, position: RecordPosition) => void,
): Promise<number> {
  const handle = await open(path, 'r+');
  try {
    const size = (await handle.stat()).size;
    const data = new Uint8Array(size);
    if (size > 0) await handle.read(data, 0, size, 0);
    const view = new DataView(data.buffer);
    let offset = 0;
    while (offset < size) {
      const problem = (() => {
        if (offset + FRAME_HEADER > size) return 'truncated header';
        const length = view.getUint32(offset, true);
        if (length > MAX_RECORD) return 'impossible length';
        if (offset + FRAME_HEADER + length > size) return 'truncated record';
        if (crc32(data.subarray(offset + FRAME_HEADER, offset + FRAME_HEADER + length)) !== view.getUint32(offset + 4, true))
          return 'checksum mismatch';
        return undefined;
      })();
      if (problem) {
        if (!last) throw new CorruptLogError(`segment ${path} is damaged at byte ${offset} (${problem})`);
        // A crash mid-append leaves an unacknowledged partial record at the tail: cut it off.
        await handle.truncate(offset);
        await handle.datasync();
        return offset;
      }
      const length = view.getUint32(offset, true);
      onRecord(data.subarray(offset + FRAME_HEADER, offset + FRAME_HEADER + length), {
        segment,
        offset: offset + FRAME_HEADER,
        length,
      });
      offset += FRAME_HEADER + length;
    }
    return offset;
  } finally {
    await handle.close();
  }
}

/** One record framed for the log. */
export function frameRecord(record: Uint8Array): Uint8Array {
  const frame = new Uint8Array(FRAME_HEADER + record.length);
  const view = new DataView(frame.buffer);
  view.setUint32(0, record.length, true);
  view.setUint32(4, crc32(record), true);
  frame.set(record, FRAME_HEADER);
  return frame;
}
