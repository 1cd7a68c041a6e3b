import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpoolStore } from '@logflux/core';

/**
 * The spool store on disk (core owns the records, eviction and replay): one file per sealed
 * request, named by record id so that lexical order is send order. Files hold what core gives —
 * envelopes or multipart parts, never plaintext or keys — written to a temporary name, fsynced
 * and renamed, so a crash leaves whole records or none. Several processes may share a directory:
 * replays carry the original Idempotency-Key, so a request sent twice is stored once.
 */
export class DiskSpool implements SpoolStore {
  private readonly sizes = new Map<string, number>();
  private bytes = 0;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.rescan();
  }

  private path(id: string): string {
    return join(this.dir, `${id}.batch`);
  }

  private rescan(): void {
    this.sizes.clear();
    this.bytes = 0;
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.batch')) continue;
      try {
        this.track(name.slice(0, -6), statSync(join(this.dir, name)).size);
      } catch {
        // removed by another process meanwhile
      }
    }
  }

  private track(id: string, size: number): void {
    this.forget(id);
    this.sizes.set(id, size);
    this.bytes += size;
  }

  private forget(id: string): void {
    const size = this.sizes.get(id);
    if (size === undefined) return;
    this.bytes -= size;
    this.sizes.delete(id);
  }

  /** Writes synchronously (usable from a process 'exit' handler). */
  putSync(id: string, value: Uint8Array): void {
    const tmp = join(this.dir, `.${id}.tmp`);
    try {
      writeFileSync(tmp, value, { mode: 0o600 });
      const fd = openSync(tmp, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.path(id));
    } catch (error) {
      rmSync(tmp, { force: true });
      throw error;
    }
    this.track(id, value.length);
  }

  async put(id: string, value: Uint8Array): Promise<void> {
    this.putSync(id, value);
  }

  async oldest(limit: number): Promise<{ id: string; value: Uint8Array }[]> {
    if (this.sizes.size === 0) this.rescan();
    const out: { id: string; value: Uint8Array }[] = [];
    for (const id of [...this.sizes.keys()].sort()) {
      if (out.length >= limit) break;
      try {
        out.push({ id, value: readFileSync(this.path(id)) });
      } catch {
        this.forget(id); // replayed and removed by another process
      }
    }
    return out;
  }

  async delete(id: string): Promise<void> {
    rmSync(this.path(id), { force: true });
    this.forget(id);
  }

  size(): { records: number; bytes: number } {
    return { records: this.sizes.size, bytes: this.bytes };
  }
}
