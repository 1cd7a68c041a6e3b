/**
 * `durability: 'disk'` in the Node runtime (docs/delivery.md, "Crash-durable mode"): recovers the
 * journals of processes that ended without settling them into the spool, then opens this
 * process's journal (journalFile.ts) behind core's durable intake.
 */
import { createDurableIntake, type DurableIntake } from '@logflux/core';
import type { DiskSpool } from './diskSpool.js';
import { JournalFile } from './journalFile.js';
import { recoverJournals } from './journalRecovery.js';

/** Journals of this thread still open: finished at exit, after the clients' own exit handling. */
const open = new Set<JournalFile>();
let listening = false;

function finishAll(): void {
  for (const journal of open) {
    try {
      journal.finish();
    } catch {
      // the journal stays; the next process recovers it
    }
  }
  open.clear();
}

export interface OpenJournal {
  intake: DurableIntake;
  journal: JournalFile;
  /** Finishes the journal when the process exits (after the client's own exit handling). */
  finishAtExit(): void;
}

/**
 * Recovers what earlier processes' journals in the spool directory hold (always: a process
 * started in the default mode still sends what a crashed 'disk' process left), and — with
 * `disk` — opens this process's journal. Undefined without `disk`, or when the directory cannot
 * take a journal (said on `diagnostic`; the client then runs in the default mode).
 */
export function openJournal(store: DiskSpool, disk: boolean, diagnostic: (message: string) => void): OpenJournal | undefined {
  try {
    recoverJournals(store.dir, store, diagnostic);
  } catch (error) {
    diagnostic(`logflux: journals in ${store.dir} could not be recovered (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!disk) return undefined;
  let journal: JournalFile;
  try {
    journal = new JournalFile(store.dir);
  } catch (error) {
    diagnostic(
      `logflux: durability 'disk' cannot write a journal in ${store.dir} (${(error as NodeJS.ErrnoException).code ?? 'error'}); entries wait in memory`,
    );
    return undefined;
  }
  const intake = createDurableIntake({
    entries: (list) => journal.entries(list),
    batch: (key, seqs) => journal.batch(key, seqs),
    settled: (seqs) => journal.settled(seqs),
    finish() {
      open.delete(journal);
      journal.finish();
    },
  });
  return {
    intake,
    journal,
    finishAtExit() {
      open.add(journal);
      if (listening) return;
      listening = true;
      process.on('exit', finishAll);
    },
  };
}
