import { BIGINT, type DuckDBConnection, DuckDBDataChunk, DuckDBInstance, VARCHAR } from '@duckdb/node-api';
import { extraJson, STAGING_COLUMNS, sqlString, TABLE_COLUMNS, typedSelect } from './schema.js';
import { AnalysisError, type DecryptedEntry, type EntryFailure, type EntrySource } from './types.js';

/** DuckDB writes at most this many rows per data chunk. */
const CHUNK_ROWS = 2048;
const CHUNK_TYPES = [BIGINT, VARCHAR, VARCHAR, VARCHAR];
/** Staged rows typed into `logs` together, in the background, while the next ones are staged. */
const TYPING_ROWS = 16_384;

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
 * An in-memory DuckDB database holding decrypted entries: staging tables that take each entry's
 * JSON text cheaply, and the typed table `logs` (columns in schema.ts). Every {@link TYPING_ROWS}
 * staged rows are typed into `logs` on a second connection while the caller goes on staging (and
 * decrypting): DuckDB's threads do that work beside the JavaScript thread. Nothing is written to
 * disk: spilling to a temporary directory is turned off, so plaintext never lands in a file by
 * surprise.
 */
export class LogDatabase {
  private staged = 0;
  private staging: string | undefined;
  private stagingRows = 0;
  private stagingTables = 0;
  private lastId = Number.NEGATIVE_INFINITY;
  private stagingSorted = true;
  private sorted = true;
  private typing: Promise<void> = Promise.resolve();
  private typingRuns = 0;
  private typer: DuckDBConnection | undefined;

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
    await connection.run(`CREATE TABLE logs (${TABLE_COLUMNS})`);
    return new LogDatabase(instance, connection);
  }

  /**
   * Adds entries to a staging table (their JSON text and `extra`); they are typed into `logs` in
   * the background, and all of them by {@link materialize}.
   */
  async stage(entries: readonly DecryptedEntry[]): Promise<void> {
    if (entries.length === 0) return;
    if (this.staging === undefined) {
      const name = `staging_${this.stagingTables++}`;
      await this.connection.run(`CREATE TABLE ${name} (${STAGING_COLUMNS})`);
      this.staging = name;
    }
    const appender = await this.connection.createAppender(this.staging);
    try {
      for (let offset = 0; offset < entries.length; offset += CHUNK_ROWS) {
        const n = Math.min(CHUNK_ROWS, entries.length - offset);
        const ids = new Array<bigint>(n);
        const received = new Array<string>(n);
        const json = new Array<string>(n);
        const extra = new Array<string | null>(n);
        for (let k = 0; k < n; k++) {
          const e = entries[offset + k] as DecryptedEntry;
          if (!(e.id > this.lastId)) this.stagingSorted = false;
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
    this.stagingRows += entries.length;
    if (this.stagingRows >= TYPING_ROWS) this.typeInBackground();
  }

  /** Hands the current staging table to the typing connection (one table after the other, in order). */
  private typeInBackground(): void {
    const table = this.staging;
    if (table === undefined) return;
    const sort = !this.stagingSorted;
    if (sort) this.sorted = false;
    this.staging = undefined;
    this.stagingRows = 0;
    this.stagingSorted = true;
    this.typingRuns++;
    this.typing = this.typing
      .then(async () => {
        this.typer ??= await this.instance.connect();
        await this.typer.run(`INSERT INTO logs ${typedSelect(table, sort)}`);
        await this.typer.run(`DROP TABLE ${table}`);
      })
      .finally(() => {
        this.typingRuns--;
      });
    this.typing.catch(() => undefined); // seen by materialize()
  }

  /** Entries staged since the last {@link materialize}. */
  get pending(): number {
    return this.staged;
  }

  /** Whether every row went into `logs` in increasing id order (else read it `ORDER BY id`). */
  get inIdOrder(): boolean {
    return this.sorted && this.stagingSorted;
  }

  /** Types every staged entry into `logs` and waits for it; returns how many were staged since the last call. */
  async materialize(): Promise<number> {
    this.typeInBackground();
    await this.typing;
    const n = this.staged;
    this.staged = 0;
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

  /** Closes the database; if rows are still being typed, once that has stopped. */
  close(): void {
    const shut = () => {
      this.typer?.closeSync();
      this.connection.closeSync();
      this.instance.closeSync();
    };
    if (this.typingRuns > 0) this.typing.then(shut, shut);
    else shut();
  }
}

/** The first line of an error's message (DuckDB errors can run long). */
export function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] as string;
}
