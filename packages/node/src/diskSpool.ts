import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Spool, SpoolRecord } from '@logflux/core';

/**
 * The outage spool on disk: one file per sealed batch, named so that lexical order is send order.
 * Files hold exactly the request body that goes on the wire — envelopes, never plaintext or keys —
 * written to a temporary name, fsynced and renamed, so a crash leaves whole records or none.
 * Several processes may share a directory: replays carry the original Idempotency-Key, so a batch
 * sent twice is stored once. Past `maxBytes` the oldest records are evicted and reported.
 */
export class DiskSpool implements Spool {
  private records = new Map<string, number>();
  private bytes = 0;

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.rescan();
  }

  private rescan(): void {
    this.records.clear();
    this.bytes = 0;
    for (const name of readdirSync(this.dir).sort()) {
      if (!name.endsWith('.batch')) continue;
      try {
        const size = statSync(join(this.dir, name)).size;
        this.records.set(name.slice(0, -6), size);
        this.bytes += size;
      } catch {
        // removed by another process meanwhile
      }
    }
  }

  /** Writes synchronously (usable from a process 'exit' handler). */
  appendSync(record: SpoolRecord): SpoolRecord[] {
    const text = JSON.stringify(record);
    const tmp = join(this.dir, `.${record.id}.tmp`);
    writeFileSync(tmp, text, { mode: 0o600 });
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(this.dir, `${record.id}.batch`));
    this.records.set(record.id, text.length);
    this.bytes += text.length;
    const evicted: SpoolRecord[] = [];
    for (const id of [...this.records.keys()].sort()) {
      if (this.bytes <= this.maxBytes || id === record.id) break;
      const old = this.read(id);
      this.removeSync(id);
      if (old) evicted.push(old);
    }
    return evicted;
  }

  async append(record: SpoolRecord): Promise<SpoolRecord[]> {
    return this.appendSync(record);
  }

  private read(id: string): SpoolRecord | undefined {
    try {
      return JSON.parse(readFileSync(join(this.dir, `${id}.batch`), 'utf8')) as SpoolRecord;
    } catch {
      return undefined;
    }
  }

  async peek(limit: number): Promise<SpoolRecord[]> {
    if (this.records.size === 0) this.rescan();
    const out: SpoolRecord[] = [];
    for (const id of [...this.records.keys()].sort()) {
      if (out.length >= limit) break;
      const record = this.read(id);
      if (record) out.push(record);
      else this.forget(id);
    }
    return out;
  }

  private forget(id: string): void {
    const size = this.records.get(id);
    if (size !== undefined) {
      this.bytes -= size;
      this.records.delete(id);
    }
  }

  private removeSync(id: string): void {
    rmSync(join(this.dir, `${id}.batch`), { force: true });
    this.forget(id);
  }

  async remove(id: string): Promise<void> {
    this.removeSync(id);
  }

  size(): { records: number; bytes: number } {
    return { records: this.records.size, bytes: this.bytes };
  }
}
