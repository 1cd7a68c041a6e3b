import { parseArgs } from 'node:util';
import { loadAnalysis } from '../analysisLoader.js';
import { FailureReport, openEntrySource, SOURCE_HELP, SOURCE_OPTIONS } from '../entrySource.js';
import { type CommandIo, UsageError, write } from '../io.js';

export const SQL_HELP = `logflux sql "SELECT …" [--from-file FILE] [--format table|csv|json|ndjson] [filters]

Run one read-only DuckDB SELECT over a table "logs": the decrypted entries of the filters (fetched
and decrypted in this process, held in memory only), or an exported Parquet file with --from-file.
Prints an aligned table on a terminal and CSV when piped, unless --format says otherwise. Only a
single SELECT is accepted, and it cannot read other files or load extensions. Needs the optional
package @logflux/analysis.
  --from-file FILE      query this Parquet file (from "logflux export") instead of the ingestor
  --format F            table, csv, json (an array) or ndjson
  --max-rows N          rows printed at most (default 10000)
  --timeout MS          stop the query after this long (default 30000)
${SOURCE_HELP}`;

export async function sqlCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...SOURCE_OPTIONS,
      'from-file': { type: 'string' },
      format: { type: 'string' },
      'max-rows': { type: 'string', default: '10000' },
      timeout: { type: 'string', default: '30000' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return write(io.stdout, `${SQL_HELP}\n`).then(() => 0);
  if (positionals.length !== 1) throw new UsageError('give the query as one argument: logflux sql "SELECT count(*) FROM logs"');
  const maxRows = Number(values['max-rows']);
  const timeoutMs = Number(values.timeout);
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new UsageError('--max-rows must be a positive integer');
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new UsageError('--timeout must be a positive number of milliseconds');
  const analysis = await loadAnalysis('sql');
  const isTty = (io.stdout as { isTTY?: boolean }).isTTY === true;
  const format = values.format ?? (isTty ? 'table' : 'csv');
  if (!(analysis.RESULT_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${analysis.RESULT_FORMATS.join(', ')}`);
  const failures = new FailureReport(io);
  let run: Awaited<ReturnType<typeof analysis.querySql>>;
  try {
    run = await analysis.querySql({
      sql: positionals[0] as string,
      maxRows,
      timeoutMs,
      progress: io.stderr,
      onFailure: failures.add,
      ...(values['from-file'] !== undefined ? { parquetFile: values['from-file'] } : { source: (await openEntrySource(values)).source }),
    });
  } catch (error) {
    if (error instanceof analysis.AnalysisError) throw new UsageError(error.message);
    throw error;
  }
  await write(io.stdout, analysis.formatResult(run.result, format as 'table'));
  const failed = await failures.finish(run.loaded);
  if (run.result.truncated) await write(io.stderr, `only the first ${maxRows} rows are shown (--max-rows)\n`);
  return failed ? 1 : 0;
}
