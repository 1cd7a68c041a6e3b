/**
 * Recovery of the journals of processes that ended without settling everything they journaled
 * (killed, crashed): each journal is claimed with an atomic rename (so two processes starting at
 * once never both recover it), its records are turned into spool records by core
 * (`recoverJournal`), which the spool then delivers as usual, and its files are removed.
 */
import { readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { encodeRecord, type JournalRecord, PROTOCOL, recoverJournal, type SpoolStore } from '@logflux/core';
import { JOURNAL_MAGIC, OWN_JOURNALS, PROCESS_START, parseRecords } from './journalFile.js';
import { nodeProviders } from './providers.js';

const FILE = /^journal-(\d+)-(\d+)-([0-9a-f]+)-(\d{4})\.lfj(?:\.recovering-(\d+)-(\d+))?$/;

/** Whether the process `pid`, started at `start`, still runs (this process: any of its threads). */
function alive(pid: number, start: number): boolean {
  if (pid === process.pid) return Math.abs(start - PROCESS_START) < 1000;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The records and creation time of a segment file, or undefined when it is not a journal. */
function readSegment(path: string): { created: number; records: JournalRecord[] } | undefined {
  const data = readFileSync(path);
  if (!data.subarray(0, JOURNAL_MAGIC.length).equals(Buffer.from(JOURNAL_MAGIC))) return undefined;
  const end = data.indexOf(0x0a, JOURNAL_MAGIC.length);
  if (end < 0) return { created: 0, records: [] };
  const header = JSON.parse(data.subarray(JOURNAL_MAGIC.length, end).toString('utf8')) as { created?: number };
  return { created: Number(header.created) || 0, records: parseRecords(data.subarray(end + 1)) };
}

/**
 * Recovers every journal in `dir` whose process is gone into `store` (synchronously, before the
 * client starts replaying the spool). Returns the entries recovered.
 */
export function recoverJournals(dir: string, store: SpoolStore, diagnostic: (message: string) => void): number {
  if (!store.putSync) return 0;
  const journals = new Map<string, string[]>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const file of names) {
    const m = FILE.exec(file);
    if (!m || OWN_JOURNALS.has(join(dir, file))) continue;
    // The writer, or the process recovering it: while it runs, the journal is left alone.
    if (alive(Number(m[5] ?? m[1]), Number(m[6] ?? m[2]))) continue;
    const name = `${m[1]}-${m[2]}-${m[3]}`;
    journals.set(name, [...(journals.get(name) ?? []), file]);
  }
  let recovered = 0;
  for (const [name, files] of journals) {
    const claimed: string[] = [];
    for (const file of files.sort()) {
      const base = file.replace(/\.recovering-\d+-\d+$/, '');
      const to = join(dir, `${base}.recovering-${process.pid}-${PROCESS_START}`);
      try {
        renameSync(join(dir, file), to);
        claimed.push(to);
      } catch {
        // another process claimed it first
      }
    }
    if (claimed.length === 0) continue;
    try {
      const segments = claimed.sort().map(readSegment);
      const records = segments.flatMap((s) => s?.records ?? []);
      const created = segments.find((s) => s?.created)?.created ?? Date.now();
      const spool = recoverJournal(records, {
        name: name.replace(/[^A-Za-z0-9_-]/g, ''),
        createdAt: created,
        maxRequestBytes: PROTOCOL.maxRequestBytes,
        random: nodeProviders().random,
      });
      for (const record of spool) store.putSync(record.id, encodeRecord(record));
      const entries = spool.reduce((n, r) => n + r.entries, 0);
      recovered += entries;
      if (entries > 0)
        diagnostic(
          `logflux: recovered ${entries} entries from the journal of process ${name.split('-')[0]} (which ended without sending them); they are sent now`,
        );
      for (const path of claimed) rmSync(path, { force: true });
    } catch (error) {
      diagnostic(`logflux: a journal in ${dir} could not be recovered (${(error as Error).message}); it is kept`);
    }
  }
  return recovered;
}
