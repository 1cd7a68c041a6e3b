import type { SqlResult } from './readOnlySql.js';
import { type Plain, text } from './values.js';

export type ResultFormat = 'table' | 'csv' | 'json' | 'ndjson';
export const RESULT_FORMATS: readonly ResultFormat[] = ['table', 'csv', 'json', 'ndjson'];

/** Widest cell of a table (longer values end in "…"; CSV and JSON keep them whole). */
const MAX_CELL = 80;

function cell(value: Plain): string {
  const t = text(value).replace(/[\r\n\t]/g, ' ');
  return t.length > MAX_CELL ? `${t.slice(0, MAX_CELL - 1)}…` : t;
}

function table(result: SqlResult): string {
  const header = result.columns.map((c) => c.name);
  const body = result.rows.map((r) => r.map(cell));
  const numeric = result.columns.map((c) => /INT|DOUBLE|FLOAT|DECIMAL|REAL/.test(c.type));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  out.push(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'}${result.truncated ? ', more not shown' : ''})`);
  return `${out.join('\n')}\n`;
}

function csvField(value: Plain): string {
  const t = text(value);
  return /[",\r\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
}

function objects(result: SqlResult): Record<string, Plain>[] {
  return result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c.name, r[i] as Plain])));
}

/** Renders a result: an aligned table, CSV (RFC 4180, header row), a JSON array, or NDJSON. */
export function formatResult(result: SqlResult, format: ResultFormat): string {
  switch (format) {
    case 'table':
      return table(result);
    case 'csv':
      return [result.columns.map((c) => csvField(c.name)).join(','), ...result.rows.map((r) => r.map(csvField).join(','))]
        .map((l) => `${l}\r\n`)
        .join('');
    case 'json':
      return `${JSON.stringify(objects(result), null, 2)}\n`;
    case 'ndjson':
      return objects(result)
        .map((o) => `${JSON.stringify(o)}\n`)
        .join('');
  }
}
