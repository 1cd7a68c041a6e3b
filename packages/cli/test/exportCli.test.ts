import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, DuckDBMapValue, DuckDBTimestampValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, queryJson, startFixture } from './helpers/analysisFixture.js';

type Entry = Record<string, unknown>;
const LEVELS = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'];
const COLUMN_FIELDS = [
  'v',
  'type',
  'source',
  'level',
  'ts',
  'message',
  'logger',
  'value',
  'unit',
  'kind',
  'metric_type',
  'trace_id',
  'span_id',
  'parent_span_id',
  'operation',
  'start_time',
  'end_time',
  'duration_ms',
  'status',
  'event',
  'action',
  'actor',
  'resource',
  'resource_id',
  'outcome',
  'error_type',
  'error_message',
  'stack_trace',
  'breadcrumbs',
  'attributes',
  'meta',
];

/** A time column: milliseconds, or null where the member is missing or no time (the column is NULL then). */
const ms = (t: unknown) => (typeof t === 'string' && !Number.isNaN(Date.parse(t)) ? Date.parse(t) : null);
/** A level column: the integer 1-8, or null for anything else. */
const level = (l: unknown) => (typeof l === 'number' && Number.isInteger(l) && l >= 1 && l <= 8 ? l : null);
const strMap = (o: unknown) =>
  o && typeof o === 'object'
    ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]))
    : null;
const or = (v: unknown) => (v === undefined ? null : v);

/** The typed row docs/analysis.md promises for one `query --json` line, written out from the spec. */
function expected(q: { id: number; received_at: string; entry: Entry }): Record<string, unknown> {
  const e = q.entry;
  const named = e.type === 'metric' || e.type === 'trace';
  const extra = Object.fromEntries(
    Object.entries(e).filter(([k]) => !COLUMN_FIELDS.includes(k) && !(named && (k === 'name' || k === 'description'))),
  );
  return {
    id: q.id,
    received_at: ms(q.received_at),
    ts: ms(e.ts),
    type: or(e.type),
    level: level(e.level),
    level_name: level(e.level) === null ? null : LEVELS[(e.level as number) - 1],
    source: or(e.source),
    message: or(e.message),
    logger: or(e.logger),
    metric_name: e.type === 'metric' ? or(e.name) : null,
    metric_value: or(e.value),
    metric_kind: or(e.kind ?? e.metric_type),
    metric_unit: or(e.unit),
    trace_id: or(e.trace_id),
    span_id: or(e.span_id),
    parent_span_id: or(e.parent_span_id),
    operation: or(e.operation),
    span_name: e.type === 'trace' ? or(e.name ?? e.description) : null,
    start_time: ms(e.start_time),
    end_time: ms(e.end_time),
    duration_ms: or(e.duration_ms),
    status: or(e.status),
    event: or(e.event),
    action: or(e.action),
    actor: or(e.actor),
    resource: or(e.resource),
    resource_id: or(e.resource_id),
    outcome: or(e.outcome),
    error_type: or(e.error_type),
    error_message: or(e.error_message),
    stack_trace: or(e.stack_trace),
    breadcrumbs: or(e.breadcrumbs),
    attributes: strMap(e.attributes),
    meta: strMap(e.meta),
    extra: Object.keys(extra).length > 0 ? extra : null,
  };
}

/** Reads a Parquet file back with DuckDB itself, values made comparable with {@link expected}. */
async function readParquet(file: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const reader = await c.runAndReadAll(`SELECT * FROM read_parquet('${file}') ORDER BY id`);
  const types = reader.columnTypes();
  const names = reader.columnNames();
  const rows = reader.getRows().map((row) =>
    Object.fromEntries(
      row.map((v, i) => {
        let out: unknown = v;
        if (typeof v === 'bigint') out = Number(v);
        else if (v instanceof DuckDBTimestampValue) out = Number(v.micros / 1000n);
        else if (v instanceof DuckDBMapValue) out = Object.fromEntries(v.entries.map((x) => [x.key, x.value]));
        else if (types[i]?.alias === 'JSON' && typeof v === 'string') out = JSON.parse(v);
        return [names[i], out];
      }),
    ),
  );
  c.closeSync();
  db.closeSync();
  return rows;
}

describe('logflux export', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture('logflux-export-');
    // Every entry type as the Node SDK writes it…
    await fx.sdk((client) => {
      client.info('order 1042 paid', { order: '1042', customer: 'c-7' });
      client.warning('disk almost full', { disk: 'sda' });
      client.debug('cache miss');
      client.emergency('power lost');
      client.metric({ name: 'checkout.latency', value: 42.5, unit: 'ms', kind: 'histogram' });
      client.event('cart.checked_out', { items: '3' });
      client.audit({ action: 'refund.approve', actor: 'ops@example.com', resource: 'order', resourceId: 'o-9', outcome: 'failure' });
      const start = Date.now() - 120;
      client.span({
        traceId: 'a'.repeat(32),
        spanId: 'b'.repeat(16),
        parentSpanId: 'c'.repeat(16),
        name: 'GET /orders',
        operation: 'http.server',
        startTime: start,
        endTime: start + 120,
        status: 'error',
      });
      client.addBreadcrumb({ category: 'http', message: 'POST /pay' });
      client.captureError(new TypeError('card declined'));
    });
    // …and shapes other SDKs send: the JS/Java aliases, a non-string attribute, unknown members, zstd.
    const other = [
      { type: 'metric', name: 'queue.depth', value: 7, metric_type: 'gauge', attributes: { shard: 3, nested: { a: [1, 2] } } },
      {
        type: 'trace',
        trace_id: 'd'.repeat(32),
        span_id: 'e'.repeat(16),
        description: 'POST /pay',
        operation: 'http.client',
        start_time: '2026-11-22T09:30:00.000Z',
        end_time: '2026-11-22T09:30:00.250Z',
        duration_ms: 250,
        status: 'ok',
      },
      { type: 'log', message: 'custom fields', level: 3, logger: 'worker', request_seq: 17, tags: ['a', 'b'], name: 'kept in extra' },
      { type: 'telemetry', cpu: 0.5, host: 'web-1' },
      { message: 'bad time', ts: 'not a time', level: 'high' },
    ];
    const sent = await fx.send(['--zstd'], other.map((o) => JSON.stringify(o)).join('\n'));
    expect(sent.code, sent.stderr).toBe(0);
  });
  afterAll(() => fx.close());

  it('writes Parquet whose rows are exactly the entries "query --json" prints, typed', async () => {
    const printed = await queryJson(fx);
    expect(printed).toHaveLength(14);
    expect(new Set(printed.map((p) => p.entry.type))).toEqual(new Set(['log', 'metric', 'trace', 'event', 'audit', 'telemetry']));
    const out = join(fx.dir, 'logs.parquet');
    const r = await fx.cli(['export', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/exported 14 entries to .*logs\.parquet \(parquet, 14 in the file; next --since-last resumes after id 14\)/);
    expect(r.stderr).toBe(''); // no progress bar when stderr is not a terminal
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const rows = await readParquet(out);
    expect(rows).toEqual(printed.map(expected));
    // The typing did something real: spot checks on what each SDK shape became.
    const byMessage = (m: string) => rows.find((x) => x.message === m) as Record<string, unknown>;
    expect(byMessage('order 1042 paid')).toMatchObject({ level: 7, level_name: 'info', attributes: { order: '1042', customer: 'c-7' } });
    expect(rows.find((x) => x.metric_name === 'queue.depth')).toMatchObject({
      metric_kind: 'gauge',
      attributes: { shard: '3', nested: '{"a":[1,2]}' },
    });
    expect(rows.find((x) => x.span_name === 'POST /pay')).toMatchObject({
      duration_ms: 250,
      start_time: Date.parse('2026-11-22T09:30:00.000Z'),
    });
    expect(byMessage('card declined')).toMatchObject({ error_type: 'TypeError', level: 4 });
    expect(byMessage('bad time')).toMatchObject({ ts: null, level: null, extra: null });
    const state = JSON.parse(readFileSync(`${out}.state.json`, 'utf8'));
    expect(state).toMatchObject({ version: 1, format: 'parquet', last_id: 14, exported: 14, filters: '' });
  });

  it('--since-last adds only the entries that arrived since, and refuses other filters', async () => {
    const out = join(fx.dir, 'logs.parquet');
    await fx.sdk((client) => {
      for (let i = 0; i < 3; i++) client.notice(`later ${i}`);
    });
    const again = await fx.cli(['export', '--out', out, '--since-last']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/exported 3 new entries .*17 in the file; next --since-last resumes after id 17/);
    const rows = await readParquet(out);
    expect(rows.map((x) => x.id)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(rows.slice(14).map((x) => x.message)).toEqual(['later 0', 'later 1', 'later 2']);
    expect(rows).toEqual((await queryJson(fx)).map(expected));
    const nothing = await fx.cli(['export', '--out', out, '--since-last']);
    expect(nothing.stdout).toMatch(/exported 0 new entries .*17 in the file/);
    const otherFilter = await fx.cli(['export', '--out', out, '--since-last', '--level', 'error']);
    expect(otherFilter.code).toBe(2);
    expect(otherFilter.stderr).toMatch(/exported with other filters \(none\); use the same ones to resume/);
  });

  it('writes NDJSON with the same typed columns, timestamps as RFC 3339', async () => {
    const out = join(fx.dir, 'warnings.ndjson');
    const r = await fx.cli(['export', '--out', out, '--level', 'warning']);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const printed = await queryJson(fx, ['--level', 'warning']);
    expect(lines.map((l) => l.id)).toEqual(printed.map((p) => p.id));
    const stamp = (v: unknown) => (typeof v === 'string' ? Date.parse(v) : v);
    for (const [i, line] of lines.entries()) {
      const want = expected(printed[i] as (typeof printed)[number]);
      expect({
        ...line,
        ts: stamp(line.ts),
        received_at: stamp(line.received_at),
        start_time: stamp(line.start_time),
        end_time: stamp(line.end_time),
      }).toEqual(want);
      expect(line.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
    expect(JSON.parse(readFileSync(`${out}.state.json`, 'utf8')).filters).toBe('--level warning');
  });

  it('reports an entry it cannot decrypt by id and error class, and exports the rest', async () => {
    const keys = (await (await fetch(`${fx.url}/v1/keys`, { headers: { Authorization: `Bearer ${fx.readToken}` } })).json()) as {
      data: { keys: { key_id: string }[] };
    };
    const forged = {
      timestamp: new Date().toISOString(),
      entry_type: 1,
      payload_type: 1,
      payload: Buffer.alloc(40, 7).toString('base64'),
      nonce: Buffer.alloc(12).toString('base64'),
      key_id: keys.data.keys[0]?.key_id,
    };
    const res = await fetch(`${fx.url}/v1/batch`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${fx.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ entries: [forged] }),
    });
    expect(res.status).toBe(200);
    const out = join(fx.dir, 'all.parquet');
    const r = await fx.cli(['export', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^entry 18: cannot decrypt \(auth\); skipped$/m);
    expect(r.stderr).toMatch(/1 entry could not be decrypted \(1 auth\)/);
    expect((await readParquet(out)).length).toBe(17);
    expect(JSON.parse(readFileSync(`${out}.state.json`, 'utf8')).last_id).toBe(18);
  });
});
