import { parseArgs } from 'node:util';
import { loadAnalysis } from '../analysisLoader.js';
import { FailureReport, openEntrySource, SOURCE_HELP, SOURCE_OPTIONS } from '../entrySource.js';
import { type CommandIo, UsageError, write } from '../io.js';

export const EXPORT_HELP = `logflux export --out FILE [--format parquet|ndjson] [--since-last] [filters]

Fetch stored entries, decrypt them in this process and write typed columns (id, received_at, ts,
type, level, source, message, … attributes MAP(VARCHAR, VARCHAR), meta, extra; docs/analysis.md)
to a Parquet or NDJSON file, mode 0600: the file holds plaintext. --since-last resumes after the
last id recorded in FILE.state.json and adds only newer entries. A progress bar is drawn on a
terminal only. Needs the optional package @logflux/analysis.
  --out FILE            the output file (replaced atomically)
  --format F            parquet (default; ndjson when FILE ends in .ndjson or .jsonl)
  --since-last          incremental: only entries after the last export to FILE
${SOURCE_HELP}`;

export async function exportCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...SOURCE_OPTIONS,
      out: { type: 'string', short: 'o' },
      format: { type: 'string' },
      'since-last': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return write(io.stdout, `${EXPORT_HELP}\n`).then(() => 0);
  if (!values.out) throw new UsageError('give the output file with --out FILE');
  const format = values.format ?? (/\.(ndjson|jsonl)$/i.test(values.out) ? 'ndjson' : 'parquet');
  if (format !== 'parquet' && format !== 'ndjson') throw new UsageError('--format must be parquet or ndjson');
  const analysis = await loadAnalysis('export');
  const opened = await openEntrySource(values);
  const failures = new FailureReport(io);
  let summary: Awaited<ReturnType<typeof analysis.exportEntries>>;
  try {
    summary = await analysis.exportEntries({
      source: opened.source,
      out: values.out,
      format,
      sinceLast: values['since-last'],
      filters: opened.filters,
      progress: io.stderr,
      until: opened.until,
      onFailure: failures.add,
    });
  } catch (error) {
    if (error instanceof analysis.AnalysisError) throw new UsageError(error.message);
    throw error;
  }
  const failed = await failures.finish(summary.written);
  const how = summary.resumed ? `${summary.written.toLocaleString('en-US')} new` : summary.written.toLocaleString('en-US');
  await write(
    io.stdout,
    `exported ${how} entries to ${values.out} (${format}, ${summary.total.toLocaleString('en-US')} in the file; next --since-last resumes after id ${summary.lastId})\n`,
  );
  return failed ? 1 : 0;
}
