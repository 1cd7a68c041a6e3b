import { describe, expect, it } from 'vitest';
import { type SegmentFile, writeFully } from '../src/storage/segmentFile.js';

/** A file in memory whose writev follows a script: a number = bytes it takes, a string = errno thrown. */
function scripted(script: Array<number | string>): SegmentFile & { bytes: number[] } {
  const bytes: number[] = [];
  return {
    bytes,
    async writev(buffers) {
      const step = script.shift() ?? Number.POSITIVE_INFINITY;
      if (typeof step === 'string') throw Object.assign(new Error(step), { code: step });
      const all = buffers.flatMap((b) => [...b]);
      const n = Math.min(step, all.length);
      bytes.push(...all.slice(0, n));
      return n;
    },
    datasync: async () => {},
    truncate: async () => {},
    close: async () => {},
  };
}

const input = [new Uint8Array([1, 2, 3]), new Uint8Array([]), new Uint8Array([4, 5, 6, 7]), new Uint8Array([8])];

describe('writeFully', () => {
  it('continues after short writes, across buffer boundaries, until every byte is written', async () => {
    const file = scripted([2, 1, 3, 1]);
    await writeFully(file, input);
    expect(file.bytes).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('retries EINTR and EAGAIN without losing or repeating bytes', async () => {
    const file = scripted(['EINTR', 3, 'EAGAIN', 'EINTR', 5]);
    await writeFully(file, input);
    expect(file.bytes).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('throws the error that stopped it (ENOSPC after a short write)', async () => {
    const file = scripted([5, 'ENOSPC']);
    await expect(writeFully(file, input)).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(file.bytes).toEqual([1, 2, 3, 4, 5]);
  });

  it('treats a write that makes no progress as EIO, and gives up on endless interrupts', async () => {
    await expect(writeFully(scripted([0]), input)).rejects.toMatchObject({ code: 'EIO' });
    await expect(writeFully(scripted(Array.from({ length: 200 }, () => 'EINTR')), input)).rejects.toMatchObject({ code: 'EINTR' });
  });
});
