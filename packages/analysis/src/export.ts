import { appendFileSync, chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { firstLine, LogDatabase } from './database.js';
import { readExportState, writeExportState } from './exportState.js';
import { Progress } from './progress.js';
import { LOG_COLUMNS, sqlString } from './schema.js';
import { AnalysisError, type EntryFailure, type EntrySource } from './types.js';

export type ExportFormat = 'parquet' | 'ndjson';

export interface ExportOptions {
  source: EntrySource;
  /** The output file; `<out>.state.json` is written beside it. */
  out: string;
  format: ExportFormat;
  /** Resume after the last id recorded in the state file (appending to the output). */
  sinceLast?: boolean;
  /** A description of the filters; a resumed export must use the same ones. */
  filters?: string;
  /** Where the progress bar goes; drawn only when it is a TTY. */
  progress?: Writable;
  /** Time the export covers up to (ms), for the progress estimate; default now. */
  until?: number;
  /** Called for each entry that could not be decrypted (id and error class only). */
  onFailure?: (failure: EntryFailure) => void;
  threads?: number;
}

export interface ExportSummary {
  out: string;
  /** Entries written by this run. */
  written: number;
  /** Entries in the output after this run. */
  total: number;
  failed: number;
  /** The id the next `--since-last` run resumes after. */
  lastId: number;
  /** Whether this run resumed from a state file. */
  resumed: boolean;
}

/** The typed columns as NDJSON wants them: timestamps as RFC 3339 UTC strings. */
function ndjsonSelect(select: string): string {
  const stamps = LOG_COLUMNS.filter((c) => c.type === 'TIMESTAMP').map((c) => `strftime(${c.name}, '%Y-%m-%dT%H:%M:%S.%fZ') AS ${c.name}`);
  return `SELECT * REPLACE (${stamps.join(', ')}) FROM (${select})`;
}

/**
 * Fetches every entry of the source (after the last exported id with `sinceLast`), types it and
 * writes Parquet or NDJSON. The output is replaced atomically (written in a private directory
 * beside it, mode 0600, then renamed), and the state file after it.
 */
export async function exportEntries(options: ExportOptions): Promise<ExportSummary> {
  const out = resolve(options.out);
  const filters = options.filters ?? '';
  const previous = options.sinceLast ? readExportState(out) : undefined;
  if (previous && previous.format !== options.format) {
    throw new AnalysisError(`${basename(out)} was exported as ${previous.format}; resume it with --format ${previous.format}`);
  }
  if (previous && previous.filters !== filters) {
    throw new AnalysisError(
      `${basename(out)} was exported with other filters (${previous.filters || 'none'}); use the same ones to resume`,
    );
  }
  if (previous && !existsSync(out))
    throw new AnalysisError(`${statePathName(out)} exists but ${basename(out)} does not; delete the state file`);
  const after = previous?.last_id ?? 0;
  if (!existsSync(dirname(out))) throw new AnalysisError(`the directory ${dirname(out)} does not exist`);

  const db = await LogDatabase.open(options.threads !== undefined ? { threads: options.threads } : {});
  const progress = new Progress(options.progress ?? process.stderr);
  const until = options.until ?? Date.now();
  const work = mkdtempSync(join(dirname(out), '.logflux-export-'));
  try {
    let fetched = 0;
    let decrypted = 0;
    let failed = 0;
    let cursor = after;
    let first: number | undefined;
    for await (const batch of options.source(after)) {
      fetched += batch.fetched;
      decrypted += batch.entries.length;
      failed += batch.failures.length;
      cursor = Math.max(cursor, batch.cursor);
      for (const f of batch.failures) options.onFailure?.(f);
      await db.stage(batch.entries);
      const newest = batch.entries.at(-1);
      const newestTime = newest ? Date.parse(newest.received_at) : Number.NaN;
      if (first === undefined && batch.entries[0]) first = Date.parse(batch.entries[0].received_at);
      const fraction =
        first !== undefined && until > first && !Number.isNaN(newestTime) ? (newestTime - first) / (until - first) : undefined;
      progress.update({ fetched, decrypted, written: db.pending, failed, ...(fraction !== undefined ? { fraction } : {}) });
    }
    progress.done();
    const written = db.pending;
    const tmp = join(work, basename(out));
    if (written > 0 || !previous) {
      if (options.format === 'parquet') {
        const select = previous
          ? `SELECT * FROM (SELECT * FROM read_parquet(${sqlString(out)}) UNION ALL BY NAME (${db.stagedSelect()})) ORDER BY id`
          : db.stagedSelect();
        await copyTo(db, select, tmp, 'FORMAT parquet, COMPRESSION zstd');
      } else {
        const fresh = join(work, 'new.ndjson');
        await copyTo(db, ndjsonSelect(db.stagedSelect()), fresh, 'FORMAT json');
        if (previous) {
          copyFileSync(out, tmp);
          appendFileSync(tmp, readFileSync(fresh));
        } else renameSync(fresh, tmp);
      }
      chmodSync(tmp, 0o600);
      renameSync(tmp, out);
    }
    const total = (previous?.exported ?? 0) + written;
    writeExportState(out, {
      version: 1,
      format: options.format,
      last_id: cursor,
      exported: total,
      filters,
      updated_at: new Date().toISOString(),
    });
    return { out, written, total, failed, lastId: cursor, resumed: previous !== undefined };
  } finally {
    progress.done();
    rmSync(work, { recursive: true, force: true });
    db.close();
  }
}

const statePathName = (out: string) => `${basename(out)}.state.json`;

async function copyTo(db: LogDatabase, select: string, file: string, options: string): Promise<void> {
  try {
    await db.connection.run(`COPY (${select}) TO ${sqlString(file)} (${options})`);
  } catch (error) {
    throw new AnalysisError(`writing ${basename(file)} failed: ${firstLine(error)}`);
  }
}
