/**
 * The typed columns of the `logs` table and of every export (docs/analysis.md lists them). The
 * typing runs inside DuckDB: each entry is staged as its JSON text, parsed once with `from_json`
 * and projected into these columns, so the per-entry work in JavaScript stays small.
 */

export interface LogColumn {
  name: string;
  /** DuckDB type. */
  type: string;
  /** What it holds, for the docs and the MCP tool descriptions. */
  doc: string;
}

/** The fields read from each entry's JSON (DuckDB `from_json` structure). */
const FIELDS: Record<string, string> = {
  type: 'VARCHAR',
  source: 'VARCHAR',
  level: 'UTINYINT',
  ts: 'VARCHAR',
  message: 'VARCHAR',
  logger: 'VARCHAR',
  name: 'VARCHAR',
  value: 'DOUBLE',
  unit: 'VARCHAR',
  kind: 'VARCHAR',
  metric_type: 'VARCHAR',
  trace_id: 'VARCHAR',
  span_id: 'VARCHAR',
  parent_span_id: 'VARCHAR',
  operation: 'VARCHAR',
  description: 'VARCHAR',
  start_time: 'VARCHAR',
  end_time: 'VARCHAR',
  duration_ms: 'DOUBLE',
  status: 'VARCHAR',
  event: 'VARCHAR',
  action: 'VARCHAR',
  actor: 'VARCHAR',
  resource: 'VARCHAR',
  resource_id: 'VARCHAR',
  outcome: 'VARCHAR',
  error_type: 'VARCHAR',
  error_message: 'VARCHAR',
  stack_trace: 'JSON',
  breadcrumbs: 'JSON',
  attributes: 'MAP(VARCHAR, VARCHAR)',
  meta: 'MAP(VARCHAR, VARCHAR)',
};

/** Syslog-plus-one severities (docs/protocol.md §6.1). */
export const LEVEL_NAMES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'] as const;

const utc = (expr: string) => `(try_cast(${expr} AS TIMESTAMPTZ) AT TIME ZONE 'UTC')`;
// DuckDB lists are 1-based, like the levels.
const levelName = `CASE WHEN e.level BETWEEN 1 AND 8 THEN [${LEVEL_NAMES.map((n) => `'${n}'`).join(', ')}][e.level] END`;

export const LOG_COLUMNS: readonly (LogColumn & { expr: string })[] = [
  { name: 'id', type: 'BIGINT', expr: 'id', doc: 'the ingestor id of the stored entry (increases in arrival order)' },
  { name: 'received_at', type: 'TIMESTAMP', expr: utc('received_at'), doc: 'when the ingestor stored it, UTC' },
  { name: 'ts', type: 'TIMESTAMP', expr: utc('e.ts'), doc: "the entry's own time (`ts`), UTC, microsecond precision" },
  { name: 'type', type: 'VARCHAR', expr: 'e.type', doc: 'log, metric, trace, event, audit or telemetry' },
  {
    name: 'level',
    type: 'UTINYINT',
    expr: 'CASE WHEN e.level BETWEEN 1 AND 8 THEN e.level END',
    doc: 'severity 1 (emergency) … 8 (debug)',
  },
  { name: 'level_name', type: 'VARCHAR', expr: levelName, doc: 'emergency, alert, critical, error, warning, notice, info, debug' },
  { name: 'source', type: 'VARCHAR', expr: 'e.source', doc: 'the emitting application or component' },
  { name: 'message', type: 'VARCHAR', expr: 'e.message', doc: 'log message' },
  { name: 'logger', type: 'VARCHAR', expr: 'e.logger', doc: 'logger name' },
  { name: 'metric_name', type: 'VARCHAR', expr: "CASE WHEN e.type = 'metric' THEN e.name END", doc: 'metric name' },
  { name: 'metric_value', type: 'DOUBLE', expr: 'e.value', doc: 'metric value' },
  {
    name: 'metric_kind',
    type: 'VARCHAR',
    expr: 'coalesce(e.kind, e.metric_type)',
    doc: 'counter, gauge or histogram (`kind`, or `metric_type`)',
  },
  { name: 'metric_unit', type: 'VARCHAR', expr: 'e.unit', doc: 'metric unit' },
  { name: 'trace_id', type: 'VARCHAR', expr: 'e.trace_id', doc: 'span: trace id (32 hex digits)' },
  { name: 'span_id', type: 'VARCHAR', expr: 'e.span_id', doc: 'span: span id (16 hex digits)' },
  { name: 'parent_span_id', type: 'VARCHAR', expr: 'e.parent_span_id', doc: 'span: parent span id' },
  { name: 'operation', type: 'VARCHAR', expr: 'e.operation', doc: 'span: operation' },
  {
    name: 'span_name',
    type: 'VARCHAR',
    expr: "CASE WHEN e.type = 'trace' THEN coalesce(e.name, e.description) END",
    doc: 'span: name (`name`, or `description`)',
  },
  { name: 'start_time', type: 'TIMESTAMP', expr: utc('e.start_time'), doc: 'span: start, UTC' },
  { name: 'end_time', type: 'TIMESTAMP', expr: utc('e.end_time'), doc: 'span: end, UTC' },
  { name: 'duration_ms', type: 'DOUBLE', expr: 'e.duration_ms', doc: 'span: duration in milliseconds' },
  { name: 'status', type: 'VARCHAR', expr: 'e.status', doc: 'span: ok or error' },
  { name: 'event', type: 'VARCHAR', expr: 'e.event', doc: "event: the event's name" },
  { name: 'action', type: 'VARCHAR', expr: 'e.action', doc: 'audit: action' },
  { name: 'actor', type: 'VARCHAR', expr: 'e.actor', doc: 'audit: actor' },
  { name: 'resource', type: 'VARCHAR', expr: 'e.resource', doc: 'audit: resource' },
  { name: 'resource_id', type: 'VARCHAR', expr: 'e.resource_id', doc: 'audit: resource id' },
  { name: 'outcome', type: 'VARCHAR', expr: 'e.outcome', doc: 'audit: success or failure' },
  { name: 'error_type', type: 'VARCHAR', expr: 'e.error_type', doc: 'error: exception class' },
  { name: 'error_message', type: 'VARCHAR', expr: 'e.error_message', doc: 'error: message' },
  { name: 'stack_trace', type: 'JSON', expr: 'e.stack_trace', doc: 'error: frames [{function, file, line}]' },
  { name: 'breadcrumbs', type: 'JSON', expr: 'e.breadcrumbs', doc: 'error: breadcrumbs' },
  {
    name: 'attributes',
    type: 'MAP(VARCHAR, VARCHAR)',
    expr: 'e.attributes',
    doc: 'attributes; a value that is not a string is kept as its JSON text',
  },
  { name: 'meta', type: 'MAP(VARCHAR, VARCHAR)', expr: 'e.meta', doc: 'environment, release, node' },
  {
    name: 'extra',
    type: 'JSON',
    expr: 'extra',
    doc: 'every other member of the entry (the schema version `v` excepted), or NULL',
  },
];

/** Quotes a string as a SQL literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The members the columns hold: the schema version `v` and every field read by `from_json`. */
const COLUMN_MEMBERS = new Set(['v', ...Object.keys(FIELDS)]);

/**
 * What the `extra` column holds for an entry: its members that no column holds, as JSON text, or
 * null when there are none. `name` and `description` are column members of metrics and spans only.
 */
export function extraJson(entry: Record<string, unknown>): string | null {
  const named = entry.type === 'metric' || entry.type === 'trace';
  let rest: Record<string, unknown> | undefined;
  for (const key of Object.keys(entry)) {
    if (COLUMN_MEMBERS.has(key) && (named || (key !== 'name' && key !== 'description'))) continue;
    // A prototype-less object: a "__proto__" member stays a member.
    rest ??= Object.create(null) as Record<string, unknown>;
    rest[key] = entry[key];
  }
  return rest === undefined ? null : JSON.stringify(rest);
}

/** Staging table: the ingestor's id and receive time, the entry as JSON text, and its `extra`. */
export const STAGING_COLUMNS = 'id BIGINT, received_at VARCHAR, j VARCHAR, extra VARCHAR';

/**
 * A SELECT turning rows of a staging table into the typed columns (in id order with `sort`; else
 * in the staging order). A member of the wrong JSON type becomes NULL in its column rather than
 * failing the row.
 */
export function typedSelect(staging: string, sort = true): string {
  const columns = LOG_COLUMNS.map((c) => `${c.expr}::${c.type} AS ${c.name}`).join(',\n  ');
  return `SELECT
  ${columns}
FROM (SELECT id, received_at, extra, from_json(j, ${sqlString(JSON.stringify(FIELDS))}) AS e FROM ${staging})${sort ? '\nORDER BY id' : ''}`;
}

/** `CREATE TABLE` column list of the typed table. */
export const TABLE_COLUMNS = LOG_COLUMNS.map((c) => `${c.name} ${c.type}`).join(', ');
