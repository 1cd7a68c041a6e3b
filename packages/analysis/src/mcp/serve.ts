import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { LogDatabase } from '../database.js';
import type { EntryFailure, EntrySource } from '../types.js';
import { type McpHttpServer, startMcpHttp } from './http.js';
import { createLogServer, ToolQueue } from './server.js';

export interface McpServeOptions {
  /** Decrypted entries; new ones are fetched before every tool call… */
  source?: EntrySource;
  /** …or an exported Parquet file, served as it is. */
  parquetFile?: string;
  /** `http` needs host/port; stdio talks over `stdin`/`stdout`. */
  transport: 'stdio' | 'http';
  stdin?: Readable;
  stdout?: Writable;
  host?: string;
  port?: number;
  allowExternal?: boolean;
  /** Bearer token for HTTP (default: 32 random bytes, base64url). */
  token?: string;
  sqlTimeoutMs?: number;
  onFailure?: (failure: EntryFailure) => void;
  threads?: number;
}

export interface RunningMcp {
  /** Entries loaded at start. */
  loaded: number;
  /** HTTP only. */
  url?: string;
  token?: string;
  /** Resolves when the server stops (stdin closed, or close()). */
  closed: Promise<void>;
  close(): Promise<void>;
}

/** Loads the entries, locks the database down and serves the read-only log tools over MCP. */
export async function serveMcp(options: McpServeOptions): Promise<RunningMcp> {
  const db = await LogDatabase.open(options.threads !== undefined ? { threads: options.threads } : {});
  let cursor = 0;
  let loaded = 0;
  const pull = async () => {
    if (!options.source) return 0;
    const r = await db.load(options.source, cursor);
    cursor = r.cursor;
    for (const f of r.failures) options.onFailure?.(f);
    return r.loaded;
  };
  try {
    if (options.parquetFile !== undefined) {
      const file = resolve(options.parquetFile);
      await db.useParquet(file);
      await db.lockDown([file]);
    } else {
      loaded = await pull();
      await db.lockDown();
    }
  } catch (error) {
    db.close();
    throw error;
  }
  const sqlConnection = await db.connect();
  const tools = {
    connection: db.connection,
    sqlConnection,
    queue: new ToolQueue(),
    ...(options.source && options.parquetFile === undefined ? { refresh: async () => void (await pull()) } : {}),
    ...(options.sqlTimeoutMs !== undefined ? { sqlTimeoutMs: options.sqlTimeoutMs } : {}),
  };

  let http: McpHttpServer | undefined;
  let finish!: () => void;
  const closed = new Promise<void>((r) => {
    finish = r;
  });
  let stopping: Promise<void> | undefined;
  const close = () => {
    stopping ??= (async () => {
      await http?.close();
      sqlConnection.closeSync();
      db.close();
      finish();
    })();
    return stopping;
  };

  if (options.transport === 'http') {
    const token = options.token ?? randomBytes(32).toString('base64url');
    try {
      http = await startMcpHttp({
        token,
        newServer: () => createLogServer(tools),
        ...(options.host !== undefined ? { host: options.host } : {}),
        ...(options.port !== undefined ? { port: options.port } : {}),
        ...(options.allowExternal !== undefined ? { allowExternal: options.allowExternal } : {}),
      });
    } catch (error) {
      await close();
      throw error;
    }
    return { loaded, url: http.url, token, closed, close };
  }
  const stdin = options.stdin ?? process.stdin;
  const server = createLogServer(tools);
  const transport = new StdioServerTransport(stdin, options.stdout ?? process.stdout);
  transport.onclose = () => void close();
  stdin.once('end', () => void server.close());
  await server.connect(transport);
  return {
    loaded,
    closed,
    close: async () => {
      await server.close();
      await close();
    },
  };
}
