import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { LogDatabase } from './database.js';
import { Progress } from './progress.js';
import { runReadOnlySql, type SqlLimits, type SqlResult } from './readOnlySql.js';
import type { EntryFailure, EntrySource } from './types.js';

export interface SqlOptions extends SqlLimits {
  sql: string;
  /** Decrypted entries to load into `logs`… */
  source?: EntrySource;
  /** …or an exported Parquet file to query as `logs`. */
  parquetFile?: string;
  progress?: Writable;
  onFailure?: (failure: EntryFailure) => void;
  threads?: number;
}

export interface SqlRun {
  result: SqlResult;
  /** Entries loaded from the source (0 for a Parquet file). */
  loaded: number;
  failed: number;
}

/**
 * Runs one SELECT over a table `logs`: the source's entries loaded into an in-memory database, or
 * a view over a Parquet file. The statement runs after the database is locked down (see
 * {@link runReadOnlySql}).
 */
export async function querySql(options: SqlOptions): Promise<SqlRun> {
  const db = await LogDatabase.open(options.threads !== undefined ? { threads: options.threads } : {});
  try {
    let loaded = 0;
    let failed = 0;
    let fetched = 0;
    if (options.parquetFile !== undefined) {
      const file = resolve(options.parquetFile);
      await db.useParquet(file);
      await db.lockDown([file]);
    } else if (options.source) {
      const progress = new Progress(options.progress ?? process.stderr);
      for await (const batch of options.source(0)) {
        await db.stage(batch.entries);
        loaded += batch.entries.length;
        fetched += batch.fetched;
        failed += batch.failures.length;
        for (const f of batch.failures) options.onFailure?.(f);
        progress.update({ fetched, decrypted: loaded, written: loaded, failed });
      }
      progress.done();
      await db.materialize();
      await db.lockDown();
    } else {
      await db.lockDown();
    }
    const result = await runReadOnlySql(db.connection, options.sql, options);
    return { result, loaded, failed };
  } finally {
    db.close();
  }
}
