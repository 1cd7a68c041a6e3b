import type { DuckDBConnection } from '@duckdb/node-api';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import { NotReadOnlyError, runReadOnlySql } from '../readOnlySql.js';
import { LOG_COLUMNS } from '../schema.js';
import { AnalysisError } from '../types.js';
import type { Plain } from '../values.js';
import { boundedList, clip } from './bounded.js';
import { type LogFilter, selectObjects, whereClause } from './queries.js';

export const ANALYSIS_VERSION = '0.1.0';

export interface LogToolsOptions {
  /** The connection of the loaded (and locked-down) database holding `logs`. */
  connection: DuckDBConnection;
  /** A separate connection for run_sql, so its time limit interrupts only it. */
  sqlConnection: DuckDBConnection;
  /** Pulls entries that arrived since the last call into `logs`; called before every tool. */
  refresh?: () => Promise<void>;
  /** run_sql time limit (default 10 s). */
  sqlTimeoutMs?: number;
  /** Serialises tool calls; share one between servers over the same database (one per HTTP request). */
  queue?: ToolQueue;
}

/** Runs tool calls one at a time, in arrival order (DuckDB connections take one query at a time). */
export class ToolQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

const filterShape = {
  level: z.union([z.string(), z.number().int()]).optional().describe('this severity or worse: emergency … debug, or 1-8'),
  type: z.enum(['log', 'metric', 'trace', 'event', 'audit', 'telemetry']).optional(),
  source: z.string().max(256).optional().describe('exact source name'),
  from: z.string().max(64).optional().describe('RFC 3339 time or a duration back from now (15m, 2h, 7d)'),
  to: z.string().max(64).optional().describe('RFC 3339 time or a duration back from now'),
};

const COLUMNS_DOC = LOG_COLUMNS.map((c) => `${c.name} ${c.type}`).join(', ');

/**
 * A Model Context Protocol server with read-only tools over the decrypted `logs` table. Every
 * result is JSON text of at most 64 KiB with long strings clipped; errors never quote log contents.
 * Tool calls run one at a time (through `options.queue`).
 */
export function createLogServer(options: LogToolsOptions): McpServer {
  const server = new McpServer({ name: 'logflux', version: ANALYSIS_VERSION });
  const queue = options.queue ?? new ToolQueue();
  const { connection } = options;
  const annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

  function tool<T>(run: (args: T) => Promise<string>): (args: T) => Promise<CallToolResult> {
    return (args: T) =>
      queue.run(async (): Promise<CallToolResult> => {
        let note: string | undefined;
        try {
          await options.refresh?.();
        } catch (error) {
          note = `could not fetch new entries (${(error as Error).message}); answering from what is loaded`;
        }
        try {
          const text = await run(args);
          return { content: [{ type: 'text', text }, ...(note ? [{ type: 'text' as const, text: note }] : [])] };
        } catch (error) {
          const message = error instanceof AnalysisError ? error.message : 'internal error';
          return { content: [{ type: 'text', text: message }], isError: true };
        }
      });
  }

  const entries = async (sql: string, values: Parameters<typeof selectObjects>[2], head: Record<string, Plain>) => {
    const rows = (await selectObjects(connection, sql, values)).map((r) => clip(r));
    return boundedList({ ...head, count: rows.length }, 'entries', rows);
  };

  server.registerTool(
    'search_logs',
    {
      description:
        'Search decrypted log entries, newest first. text: case-insensitive substring; regex: RE2 regular expression; both look in messages, error messages, event/span/metric names, audit fields, logger, source and attribute values.',
      inputSchema: {
        text: z.string().max(1024).optional(),
        regex: z.string().max(1024).optional(),
        ...filterShape,
        limit: z.number().int().min(1).max(200).default(50),
      },
      annotations,
    },
    tool(async (args: LogFilter & { limit: number }) => {
      const where = whereClause(args);
      return entries(`SELECT * FROM logs ${where.sql} ORDER BY id DESC LIMIT ${args.limit}`, where.values, {});
    }),
  );

  server.registerTool(
    'tail_logs',
    {
      description: 'The most recent entries, oldest of them first (new entries are fetched before every call).',
      inputSchema: { n: z.number().int().min(1).max(200).default(20), ...filterShape },
      annotations,
    },
    tool(async (args: LogFilter & { n: number }) => {
      const where = whereClause(args);
      return entries(`SELECT * FROM (SELECT * FROM logs ${where.sql} ORDER BY id DESC LIMIT ${args.n}) ORDER BY id`, where.values, {});
    }),
  );

  server.registerTool(
    'get_entry',
    {
      description: 'One entry by its id, every column.',
      inputSchema: { id: z.number().int().min(1) },
      annotations,
    },
    tool(async ({ id }: { id: number }) => {
      const [row] = await selectObjects(connection, 'SELECT * FROM logs WHERE id = ?', [id]);
      if (!row) throw new AnalysisError(`no entry with id ${id}`);
      return JSON.stringify(clip(row, 16 * 1024));
    }),
  );

  server.registerTool(
    'log_stats',
    {
      description: 'Counts over a time range: total, by level, by type, the top 20 sources, and the first and last timestamps.',
      inputSchema: { from: filterShape.from, to: filterShape.to },
      annotations,
    },
    tool(async (args: LogFilter) => {
      const where = whereClause({ from: args.from, to: args.to });
      const from = `FROM logs ${where.sql}`;
      const [totals] = await selectObjects(
        connection,
        `SELECT count(*) AS total, min(coalesce(ts, received_at)) AS first, max(coalesce(ts, received_at)) AS last ${from}`,
        where.values,
      );
      const byLevel = await selectObjects(
        connection,
        `SELECT level, level_name, count(*) AS count ${from} GROUP BY ALL ORDER BY level`,
        where.values,
      );
      const byType = await selectObjects(
        connection,
        `SELECT type, count(*) AS count ${from} GROUP BY ALL ORDER BY count DESC, type`,
        where.values,
      );
      const sources = await selectObjects(
        connection,
        `SELECT source, count(*) AS count ${from} GROUP BY ALL ORDER BY count DESC, source LIMIT 20`,
        where.values,
      );
      return JSON.stringify(clip({ ...(totals ?? {}), by_level: byLevel, by_type: byType, top_sources: sources }, 256));
    }),
  );

  server.registerTool(
    'run_sql',
    {
      description: `Run one read-only DuckDB SELECT over the table logs (${COLUMNS_DOC}). Anything but a single SELECT is refused; no file or network access; at most max_rows rows and a time limit.`,
      inputSchema: {
        sql: z
          .string()
          .min(1)
          .max(16 * 1024),
        max_rows: z.number().int().min(1).max(1000).default(100),
      },
      annotations,
    },
    tool(async ({ sql, max_rows }: { sql: string; max_rows: number }) => {
      try {
        const result = await runReadOnlySql(options.sqlConnection, sql, { maxRows: max_rows, timeoutMs: options.sqlTimeoutMs ?? 10_000 });
        const rows = result.rows.map((r) => clip(r) as Plain);
        return boundedList({ columns: result.columns.map((c) => `${c.name} ${c.type}`), truncated: result.truncated }, 'rows', rows);
      } catch (error) {
        if (error instanceof NotReadOnlyError) throw new AnalysisError(`refused: ${error.message}`);
        throw error;
      }
    }),
  );

  return server;
}
