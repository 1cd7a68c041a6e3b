import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeRecord } from '@logflux/core';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskSpool } from '../src/diskSpool.js';
import { JournalFile } from '../src/journalFile.js';
import { recoverJournals } from '../src/journalRecovery.js';

const dirs: string[] = [];
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'logflux-recovery-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A pid that no process has now (a process that ran and ended). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout as unknown as number;
}

/** A journal of `entries` unsettled entries, renamed as if an ended process `pid` had written it. */
function deadJournal(dir: string, entries: number, pid: number): string {
  const journal = new JournalFile(dir);
  journal.entries(Array.from({ length: entries }, (_, i) => ({ seq: i + 1, type: 1, format: 'json', keyId: 'k', piece: `{"n":${i}}` })));
  journal.batch('sent-key-0123456789ab', [1]);
  const from = journal.paths[0] as string;
  const to = from.replace(`journal-${process.pid}-`, `journal-${pid}-`);
  renameSync(from, to);
  return to;
}

describe('recoverJournals (journalRecovery.ts)', () => {
  it("turns an ended process's journal into spool records (sent entries under their key) and removes it", () => {
    const dir = scratch();
    const path = deadJournal(dir, 3, Number(deadPid()));
    const spool = new DiskSpool(dir);
    const said: string[] = [];
    expect(recoverJournals(dir, spool, (m) => said.push(m))).toBe(3);
    expect(existsSync(path)).toBe(false);
    expect(spool.size().records).toBe(2);
    const records = readdirSync(dir)
      .filter((n) => n.endsWith('.batch'))
      .map((n) => n.slice(0, -6));
    expect(records.some((id) => id.endsWith('sent-key-0123456789ab'))).toBe(true);
    expect(said).toEqual([expect.stringMatching(/^logflux: recovered 3 entries from the journal of process \d+/)]);
    // Nothing is left to recover a second time.
    expect(recoverJournals(dir, spool, () => {})).toBe(0);
  });

  it('leaves alone the journal of a process that still runs, and its own', async () => {
    const dir = scratch();
    const own = new JournalFile(dir);
    own.entries([{ seq: 1, type: 1, format: 'json', keyId: 'k', piece: '"mine"' }]);
    const other = deadJournal(dir, 1, process.ppid); // the parent process runs
    const spool = new DiskSpool(dir);
    expect(recoverJournals(dir, spool, () => {})).toBe(0);
    expect(existsSync(own.paths[0] as string)).toBe(true);
    expect(existsSync(other)).toBe(true);
    expect(spool.size().records).toBe(0);
  });

  it('a record of the recovered journal reads back as the request it stands for', async () => {
    const dir = scratch();
    deadJournal(dir, 1, Number(deadPid()));
    const spool = new DiskSpool(dir);
    recoverJournals(dir, spool, () => {});
    const [row] = await spool.oldest(1);
    const record = decodeRecord(row?.value as Uint8Array);
    expect(record).toMatchObject({ idempotencyKey: 'sent-key-0123456789ab', entries: 1, body: '{"entries":[{"n":0}]}' });
  });
});
