import { randomUUID } from 'node:crypto';
import { fstatSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { fingerprintFd } from './identity.js';

/** A chunk of a file sent under `key` and not yet confirmed: `[start, end)` in bytes. */
export interface InFlightChunk {
  start: number;
  end: number;
  key: string;
}

/** What the agent remembers of one file, persisted atomically after every change. */
export interface FileStateRecord {
  v: 1;
  /** Stable id of this logical file (part of its chunks' keys). */
  id: string;
  /** Last path it was seen at. */
  path: string;
  /** The configured path it was first found at; rotated copies are looked for beside it. */
  origin?: string;
  dev: number;
  ino: number;
  /** Length and SHA-256 (hex) of the file's first bytes: its identity beside dev+inode. */
  fpLen: number;
  fp: string;
  /** Everything before this offset is forwarded (acknowledged or spooled). */
  offset: number;
  /** Chunks in flight, contiguous from `offset`; re-sent under the same keys after a crash. */
  inflight: InFlightChunk[];
  /** Read to its end after being rotated away. */
  done?: boolean;
  /** When the record was last attached to a file (epoch ms). */
  seenAt: number;
}

/** A record for a file followed from `offset` for the first time (fingerprint of its first `fpBytes`). */
export function newRecord(path: string, fd: number, offset: number, fpBytes: number): FileStateRecord {
  const st = fstatSync(fd);
  const fp = fingerprintFd(fd, fpBytes);
  return { v: 1, id: randomUUID(), path, dev: st.dev, ino: st.ino, fpLen: fp.len, fp: fp.hash, offset, inflight: [], seenAt: Date.now() };
}

interface Slot {
  version: number;
  written: number;
  text: string;
  busy: boolean;
  waiters: { target: number; resolve: () => void; reject: (e: unknown) => void }[];
}

/**
 * One JSON file per tracked file, each write to a temporary name, fsynced and renamed over the
 * old one, so that a crash at any instant leaves the old record or the new, never a torn one.
 * Writes of one record are serialised and coalesced: `save` resolves once a write that includes
 * the state passed (or a later one) is durable.
 */
export class StateStore {
  readonly #slots = new Map<string, Slot>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /** Every record on disk (unreadable ones are skipped: they were never completely written). */
  loadAll(): FileStateRecord[] {
    const out: FileStateRecord[] = [];
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.json')) continue;
      try {
        const r = JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as FileStateRecord;
        if (r.v === 1 && typeof r.id === 'string' && Array.isArray(r.inflight)) out.push(r);
      } catch {
        // a leftover that is not a record
      }
    }
    return out;
  }

  save(record: FileStateRecord): Promise<void> {
    let slot = this.#slots.get(record.id);
    if (!slot) {
      slot = { version: 0, written: 0, text: '', busy: false, waiters: [] };
      this.#slots.set(record.id, slot);
    }
    slot.version++;
    slot.text = JSON.stringify(record);
    const target = slot.version;
    const s = slot;
    return new Promise((resolve, reject) => {
      s.waiters.push({ target, resolve, reject });
      if (!s.busy) void this.#run(record.id, s);
    });
  }

  async #run(id: string, slot: Slot): Promise<void> {
    slot.busy = true;
    while (slot.written < slot.version) {
      const version = slot.version;
      const text = slot.text;
      try {
        await this.#write(id, text);
        slot.written = version;
        const done = slot.waiters.filter((w) => w.target <= version);
        slot.waiters = slot.waiters.filter((w) => w.target > version);
        for (const w of done) w.resolve();
      } catch (error) {
        const waiting = slot.waiters;
        slot.waiters = [];
        slot.written = version;
        for (const w of waiting) w.reject(error);
      }
    }
    slot.busy = false;
  }

  async #write(id: string, text: string): Promise<void> {
    const final = join(this.dir, `${id}.json`);
    const tmp = join(this.dir, `.${id}.tmp`);
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, final);
    if (!this.#slots.has(id)) rmSync(final, { force: true }); // removed while this write was under way
  }

  remove(id: string): void {
    this.#slots.delete(id);
    rmSync(join(this.dir, `${id}.json`), { force: true });
  }
}
