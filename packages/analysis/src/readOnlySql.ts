import { type DuckDBConnection, StatementType } from '@duckdb/node-api';
import { firstLine } from './database.js';
import { AnalysisError } from './types.js';
import { type Plain, plain } from './values.js';

export interface SqlLimits {
  /** Rows returned at most; the rest are not read (default 10,000). */
  maxRows?: number;
  /** The query is interrupted after this long (default 30 s). */
  timeoutMs?: number;
}

export interface SqlResult {
  columns: { name: string; type: string }[];
  rows: Plain[][];
  /** More rows existed than `maxRows`. */
  truncated: boolean;
}

/** Refusal of a statement that is not a single SELECT. */
export class NotReadOnlyError extends AnalysisError {}

/** DuckDB error kinds whose text describes the query; any other kind may quote data values. */
const QUERY_ERRORS = /^(Parser|Binder|Catalog|Syntax|Permission|Not implemented|Interrupt) Error/;

/** A DuckDB error message safe to show: data-bearing kinds lose their detail (it may be plaintext). */
export function safeSqlError(error: unknown): string {
  const line = firstLine(error).replace(/^Failed to (extract statements|prepare statement): /, '');
  if (QUERY_ERRORS.test(line)) return line;
  const kind = /^([A-Za-z ]+ Error)/.exec(line)?.[1] ?? 'Error';
  return `${kind} (details withheld: they may quote log contents)`;
}

/**
 * Runs one read-only statement. The check is DuckDB's own: the text must parse into exactly one
 * statement, and its prepared statement type must be SELECT (which covers FROM-first queries,
 * DESCRIBE, SUMMARIZE, SHOW and PRAGMA reads). The caller runs it on a database that is locked
 * down (no file access, no extensions, no settings), so even a SELECT cannot read other files.
 * Rows are streamed and reading stops at `maxRows`; the query is interrupted after `timeoutMs`.
 */
export async function runReadOnlySql(connection: DuckDBConnection, sql: string, limits: SqlLimits = {}): Promise<SqlResult> {
  const maxRows = limits.maxRows ?? 10_000;
  const timeoutMs = limits.timeoutMs ?? 30_000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    connection.interrupt();
  }, timeoutMs);
  try {
    let statements: Awaited<ReturnType<DuckDBConnection['extractStatements']>>;
    if (sql.replace(/[\s;]/g, '') === '') throw new NotReadOnlyError('give exactly one SELECT statement (got 0)');
    try {
      statements = await connection.extractStatements(sql);
    } catch (error) {
      throw new AnalysisError(safeSqlError(error));
    }
    if (statements.count !== 1) {
      throw new NotReadOnlyError(`give exactly one SELECT statement (got ${statements.count})`);
    }
    const prepared = await statements.prepare(0).catch((error: unknown) => {
      throw new AnalysisError(safeSqlError(error));
    });
    if (prepared.statementType !== StatementType.SELECT) {
      const kind = StatementType[prepared.statementType] ?? String(prepared.statementType);
      prepared.destroySync();
      throw new NotReadOnlyError(`only SELECT statements are allowed (this is ${kind})`);
    }
    try {
      const result = await prepared.stream();
      const types = result.columnTypes();
      const columns = result.columnNames().map((name, i) => ({ name, type: String(types[i]?.alias ?? types[i]) }));
      const json = columns.map((c) => c.type === 'JSON');
      const rows: Plain[][] = [];
      let truncated = false;
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        for (const row of chunk.getRows()) {
          if (rows.length === maxRows) {
            truncated = true;
            break;
          }
          rows.push(row.map((v, i) => plain(v, json[i])));
        }
        if (truncated) break;
      }
      return { columns, rows, truncated };
    } catch (error) {
      if (timedOut) throw new AnalysisError(`the query ran longer than ${timeoutMs} ms and was stopped`);
      throw new AnalysisError(safeSqlError(error));
    } finally {
      prepared.destroySync();
    }
  } finally {
    clearTimeout(timer);
  }
}
