import { BIGINT, type DuckDBConnection, DuckDBDataChunk, DuckDBInstance, VARCHAR } from '@duckdb/node-api';
import { extraJson, STAGING_COLUMNS, sqlString, TABLE_COLUMNS, typedSelect } from './schema.js';
import { AnalysisError, type DecryptedEntry, type EntryFailure, type EntrySource } from './types.js';

/** DuckDB writes at most this many rows per data chunk. */
const CHUNK_ROWS = 2048;
const CHUNK_TYPES = [BIGINT, VARCHAR, VARCHAR, VARCHAR];

export interface LogDatabaseOptions {
  /** DuckDB worker threads (default: DuckDB's choice, one per core). */
  threads?: number;
}

export interface LoadResult {
  /** Entries added to the table. */
  loaded: number;
  failures: EntryFailure[];
  /** The highest stored id the source covered (the resume point). */
  cursor: number;
}

/**
 * An in-memory DuckDB database holding decrypted entries: a staging table that takes each entry's
 * JSON text cheaply, and the typed table `logs` (columns in schema.ts). Nothing is written to disk:
 * spilling to a temporary directory is turned off, so plaintext never lands in a file by surprise.
 */
export class LogDatabase {
  private staged = 0;
  private lastId = Number.NEGATIVE_INFINITY;
  /** Whether the staged rows arrived in increasing id order (as every reader gives them). */
  private stagedInOrder = true;

  private constructor(
    private readonly instance: DuckDBInstance,
    /** The connection the loader and the tools use. */
    readonly connection: DuckDBConnection,
  ) {}

  static async open(options: LogDatabaseOptions = {}): Promise<LogDatabase> {
    const config: Record<string, string> = { temp_directory: '', autoinstall_known_extensions: 'false' };
    if (options.threads !== undefined) config.threads = String(options.threads);
    const instance = await DuckDBInstance.create(':memory:', config);
    const connection = await instance.connect();
    await connection.run("SET GLOBAL TimeZone = 'UTC'");
    await connection.run(`CREATE TABLE staging (${STAGING_COLUMNS})`);
    await connection.run(`CREATE TABLE logs (${TABLE_COLUMNS})`);
    return new LogDatabase(instance, connection);
  }

  /** Adds entries to the staging table (their JSON text and `extra`; typing happens in {@link materialize}). */
  async stage(entries: readonly DecryptedEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const appender = await this.connection.createAppender('staging');
    try {
      for (let offset = 0; offset < entries.length; offset += CHUNK_ROWS) {
        const n = Math.min(CHUNK_ROWS, entries.length - offset);
        const ids = new Array<bigint>(n);
        const received = new Array<string>(n);
        const json = new Array<string>(n);
        const extra = new Array<string | null>(n);
        for (let k = 0; k < n; k++) {
          const e = entries[offset + k] as DecryptedEntry;
          if (!(e.id > this.lastId)) this.stagedInOrder = false;
          this.lastId = e.id;
          ids[k] = BigInt(e.id);
          received[k] = e.received_at;
          json[k] = JSON.stringify(e.entry);
          extra[k] = extraJson(e.entry);
        }
        const chunk = DuckDBDataChunk.create(CHUNK_TYPES, n);
        chunk.setColumns([ids, received, json, extra]);
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    this.staged += entries.length;
  }

  /** Entries staged and not yet typed into `logs`. */
  get pending(): number {
    return this.staged;
  }

  /** The typed SELECT over the staging table, in id order (for exports that write it out directly). */
  stagedSelect(): string {
    // Rows staged in id order stay in it (DuckDB preserves insertion order): no sort needed.
    return typedSelect('staging', !this.stagedInOrder);
  }

  /** Types the staged entries into `logs` and empties the staging table; returns how many. */
  async materialize(): Promise<number> {
    if (this.staged === 0) return 0;
    await this.connection.run(`INSERT INTO logs ${this.stagedSelect()}`);
    await this.connection.run('DELETE FROM staging');
    const n = this.staged;
    this.staged = 0;
    this.stagedInOrder = true;
    this.lastId = Number.NEGATIVE_INFINITY;
    return n;
  }

  /**
   * Reads every entry newer than `after` from the source into `logs`; `onBatch` sees each page
   * (for progress). Failures are collected, never thrown.
   */
  async load(source: EntrySource, after = 0, onBatch?: (loaded: number, failed: number) => void): Promise<LoadResult> {
    const failures: EntryFailure[] = [];
    let cursor = after;
    let loaded = 0;
    for await (const batch of source(after)) {
      await this.stage(batch.entries);
      failures.push(...batch.failures);
      loaded += batch.entries.length;
      cursor = Math.max(cursor, batch.cursor);
      if (this.staged >= 100_000) await this.materialize();
      onBatch?.(loaded, failures.length);
    }
    await this.materialize();
    return { loaded, failures, cursor };
  }

  /** Makes `logs` a view over an exported Parquet file instead of the in-memory table. */
  async useParquet(file: string): Promise<void> {
    await this.connection.run('DROP TABLE logs');
    try {
      await this.connection.run(`CREATE VIEW logs AS SELECT * FROM read_parquet(${sqlString(file)})`);
    } catch (error) {
      throw new AnalysisError(`cannot read ${file} as Parquet (${firstLine(error)})`);
    }
  }

  /** The highest id in `logs`, or 0. */
  async maxId(): Promise<number> {
    const reader = await this.connection.runAndReadAll('SELECT coalesce(max(id), 0) AS m FROM logs');
    return Number(reader.getRows()[0]?.[0] ?? 0);
  }

  /**
   * From here on no statement can touch the file system (except `allowedPaths`), load an
   * extension or change a setting: what user-supplied SQL runs under.
   */
  async lockDown(allowedPaths: readonly string[] = []): Promise<void> {
    if (allowedPaths.length > 0) await this.connection.run(`SET allowed_paths = [${allowedPaths.map(sqlString).join(', ')}]`);
    await this.connection.run('SET enable_external_access = false');
    await this.connection.run('SET lock_configuration = true');
  }

  /** Another connection to the same database (its own interrupt scope). */
  connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** The first line of an error's message (DuckDB errors can run long). */
export function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] as string;
}
