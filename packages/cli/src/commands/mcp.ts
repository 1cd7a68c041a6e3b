import { parseArgs } from 'node:util';
import { isLoopbackHost } from '@logflux/core';
import { loadAnalysis } from '../analysisLoader.js';
import { FailureReport, openEntrySource, SOURCE_HELP, SOURCE_OPTIONS } from '../entrySource.js';
import { type CommandIo, UsageError, write } from '../io.js';

export const MCP_HELP = `logflux mcp [--http [--host 127.0.0.1] [--port 7601] [--allow-external]] [--from-file FILE] [filters]

A Model Context Protocol server for local AI tools, with read-only tools over your decrypted logs:
search_logs, tail_logs, get_entry, log_stats and run_sql (one SELECT, bounded rows and time).
Entries are decrypted in this process and held in memory; new ones are fetched before every tool
call. The private key never leaves this process. Over stdio by default (for a client that starts
the command); --http serves Streamable HTTP at http://127.0.0.1:7601/mcp with a random bearer
token printed once. Other interfaces than loopback are refused unless --allow-external is given.
Needs the optional package @logflux/analysis.
  --http                serve over HTTP instead of stdio
  --host H --port P     where to listen (default 127.0.0.1:7601; --port 0 picks a free port)
  --allow-external      allow a non-loopback --host (anyone with the token can read your logs)
  --from-file FILE      serve an exported Parquet file instead of the ingestor's entries
  --sql-timeout MS      run_sql time limit (default 10000)
${SOURCE_HELP}`;

export async function mcpCommand(args: string[], io: CommandIo, signal?: AbortSignal): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...SOURCE_OPTIONS,
      http: { type: 'boolean', default: false },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '7601' },
      'allow-external': { type: 'boolean', default: false },
      'from-file': { type: 'string' },
      'sql-timeout': { type: 'string', default: '10000' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return write(io.stdout, `${MCP_HELP}\n`).then(() => 0);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0..65535');
  const sqlTimeoutMs = Number(values['sql-timeout']);
  if (!Number.isInteger(sqlTimeoutMs) || sqlTimeoutMs < 1) throw new UsageError('--sql-timeout must be a positive number of milliseconds');
  if (values.http && !isLoopbackHost(values.host)) {
    if (!values['allow-external'])
      throw new UsageError(`refusing to listen on ${values.host}: only loopback unless --allow-external is given`);
    await write(
      io.stderr,
      `warning: listening on ${values.host}, beyond loopback: anyone who reaches it with the token reads your decrypted logs\n`,
    );
  }
  const analysis = await loadAnalysis('mcp');
  const failures = new FailureReport(io);
  let running: Awaited<ReturnType<typeof analysis.serveMcp>>;
  try {
    running = await analysis.serveMcp({
      transport: values.http ? 'http' : 'stdio',
      stdin: io.stdin,
      stdout: io.stdout,
      host: values.host,
      port,
      allowExternal: values['allow-external'],
      sqlTimeoutMs,
      onFailure: failures.add,
      ...(values['from-file'] !== undefined ? { parquetFile: values['from-file'] } : { source: (await openEntrySource(values)).source }),
    });
  } catch (error) {
    if (error instanceof analysis.AnalysisError) throw new UsageError(error.message);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new UsageError(`port ${port} is in use; pick another with --port (0 = any free port)`);
    throw error;
  }
  await write(io.stderr, `logflux mcp: ${running.loaded.toLocaleString('en-US')} entries loaded\n`);
  if (running.url) {
    await write(io.stdout, `MCP server (Streamable HTTP) on ${running.url}\nbearer token (shown once): ${running.token}\n`);
  }
  const stop = () => void running.close();
  if (signal) signal.addEventListener('abort', stop, { once: true });
  else {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  await running.closed;
  await failures.finish(running.loaded);
  return 0;
}
