import { open, rm } from 'node:fs/promises';

/**
 * The storage layer's only path to the disk for writes, and its seam for tests: a test passes its
 * own {@link LogFileIo} to inject short writes, EINTR, ENOSPC or EIO exactly where the kernel
 * would produce them.
 */

/** A file opened for appending (every write goes to its current end). */
export interface SegmentFile {
  /**
   * Appends the buffers in order and returns how many bytes were written, which may be fewer
   * than given (a short write, e.g. when the disk fills up part-way); throws on an error.
   */
  writev(buffers: readonly Uint8Array[]): Promise<number>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

export interface LogFileIo {
  /** Opens `path` for appending, creating it (mode 0600) when missing. */
  open(path: string): Promise<SegmentFile>;
}

/** The real file system. */
export const nodeFileIo: LogFileIo = {
  async open(path) {
    const handle = await open(path, 'a', 0o600);
    return {
      writev: async (buffers) => (await handle.writev(buffers as Uint8Array[])).bytesWritten,
      datasync: () => handle.datasync(),
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
    };
  },
};

/** Interrupted system calls retried before giving up (each one made no progress). */
const MAX_INTERRUPTS = 100;

/**
 * Writes every byte of `buffers` or throws: short writes continue where they stopped, EINTR and
 * EAGAIN are retried, a write that makes no progress is an error. On a throw, any prefix of the
 * bytes may have reached the file; the caller cuts it off.
 */
export async function writeFully(file: SegmentFile, buffers: readonly Uint8Array[]): Promise<void> {
  let pending = buffers.filter((b) => b.length > 0);
  let interrupts = 0;
  while (pending.length > 0) {
    let written: number;
    try {
      written = await file.writev(pending);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === 'EINTR' || code === 'EAGAIN') && ++interrupts <= MAX_INTERRUPTS) continue;
      throw error;
    }
    if (!Number.isInteger(written) || written <= 0) {
      throw Object.assign(new Error('a write made no progress'), { code: 'EIO' });
    }
    interrupts = 0;
    pending = skipBytes(pending, written);
  }
}

/** The buffers after their first `count` bytes. */
function skipBytes(buffers: readonly Uint8Array[], count: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let left = count;
  for (const b of buffers) {
    if (left >= b.length) {
      left -= b.length;
      continue;
    }
    out.push(left > 0 ? b.subarray(left) : b);
    left = 0;
  }
  return out;
}

/** Bytes of the probe that shows a disk takes writes again. */
const PROBE_BYTES = 64 * 1024;

/** Writes 64 KiB to `path`, fsyncs and removes it; throws when the disk refuses. */
export async function probeWrite(io: LogFileIo, path: string): Promise<void> {
  const probe = await io.open(path);
  try {
    await probe.truncate(0);
    await writeFully(probe, [new Uint8Array(PROBE_BYTES)]);
    await probe.datasync();
  } finally {
    await probe.close().catch(() => {});
    await rm(path, { force: true }).catch(() => {});
  }
}
