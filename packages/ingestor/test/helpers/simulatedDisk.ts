import { open, stat } from 'node:fs/promises';
import type { LogFileIo, SegmentFile } from '@logflux/ingestor';

const errno = (code: string) => Object.assign(new Error(`${code} (simulated)`), { code });

/**
 * A disk for the storage seam that behaves like the kernel does under pressure: with `free` bytes
 * left, a write of more writes what fits and reports the short count, and the next one fails with
 * ENOSPC; truncating gives space back. Queued faults (`interrupts`, `syncFailures`,
 * `truncateFailures`) hit the next calls. Bytes really go to the files underneath.
 */
export class SimulatedDisk implements LogFileIo {
  /** Bytes that still fit; Infinity = no limit. */
  free = Number.POSITIVE_INFINITY;
  /** The next N writev calls fail with EINTR before writing anything. */
  interrupts = 0;
  /** The next N datasync calls fail with EIO. */
  syncFailures = 0;
  /** The next N truncate calls fail with EIO. */
  truncateFailures = 0;
  /** Cap on the bytes one writev call takes (a short write even with space left). */
  maxPerWrite = Number.POSITIVE_INFINITY;
  readonly counts = { writes: 0, shortWrites: 0, enospc: 0, eintr: 0, truncates: 0 };

  async open(path: string): Promise<SegmentFile> {
    const file = await open(path, 'a', 0o600);
    let size = (await stat(path)).size;
    return {
      writev: async (buffers) => {
        this.counts.writes++;
        if (this.interrupts > 0) {
          this.interrupts--;
          this.counts.eintr++;
          throw errno('EINTR');
        }
        const total = buffers.reduce((n, b) => n + b.length, 0);
        const n = Math.min(total, this.free, this.maxPerWrite);
        if (n === 0) {
          this.counts.enospc++;
          throw errno('ENOSPC');
        }
        if (n < total) this.counts.shortWrites++;
        const take: Uint8Array[] = [];
        let left = n;
        for (const b of buffers) {
          if (left === 0) break;
          take.push(b.subarray(0, Math.min(left, b.length)));
          left -= Math.min(left, b.length);
        }
        let written = 0;
        while (written < n) written += (await file.writev(written === 0 ? take : [Buffer.concat(take).subarray(written)])).bytesWritten;
        this.free -= n;
        size += n;
        return n;
      },
      datasync: async () => {
        if (this.syncFailures > 0) {
          this.syncFailures--;
          throw errno('EIO');
        }
        await file.datasync();
      },
      truncate: async (length) => {
        this.counts.truncates++;
        if (this.truncateFailures > 0) {
          this.truncateFailures--;
          throw errno('EIO');
        }
        await file.truncate(length);
        if (length < size) this.free += size - length;
        size = length;
      },
      close: () => file.close(),
    };
  }
}
