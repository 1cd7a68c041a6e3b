import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogDatabase } from '../src/database.js';
import { LOG_COLUMNS } from '../src/schema.js';
import type { EntrySource } from '../src/types.js';

const at = '2026-11-22T09:30:00.000Z';

describe('LogDatabase', () => {
  let db: LogDatabase;
  beforeEach(async () => {
    db = await LogDatabase.open({ threads: 1 });
  });
  afterEach(() => db.close());

  async function row(entry: Record<string, unknown>): Promise<Record<string, unknown>> {
    await db.stage([{ id: 1, received_at: at, entry }]);
    await db.materialize();
    const reader = await db.connection.runAndReadAll('SELECT * FROM logs');
    return reader.getRowObjectsJson()[0] as Record<string, unknown>;
  }

  it('has the documented columns, in order', async () => {
    const reader = await db.connection.runAndReadAll('DESCRIBE logs');
    expect(reader.getRowObjectsJson().map((r) => `${r.column_name} ${r.column_type}`)).toEqual(
      LOG_COLUMNS.map((c) => `${c.name} ${c.type}`),
    );
  });

  it('types each field, accepting the JS/Java aliases', async () => {
    expect(
      await row({
        v: '2.0',
        type: 'metric',
        level: 7,
        ts: '2026-11-22T11:30:00.250+02:00',
        name: 'q',
        value: 3,
        metric_type: 'gauge',
        unit: 'ms',
      }),
    ).toMatchObject({
      ts: '2026-11-22 09:30:00.25',
      type: 'metric',
      level: 7,
      level_name: 'info',
      metric_name: 'q',
      metric_value: 3,
      metric_kind: 'gauge',
      metric_unit: 'ms',
      span_name: null,
      extra: null,
    });
  });

  it('keeps a span label given as description, and a name outside metrics and spans in extra', async () => {
    expect(await row({ type: 'trace', description: 'GET /', start_time: at, duration_ms: 1.5 })).toMatchObject({
      span_name: 'GET /',
      start_time: '2026-11-22 09:30:00',
      duration_ms: 1.5,
      extra: null,
    });
    db.close();
    db = await LogDatabase.open({ threads: 1 });
    expect(await row({ type: 'log', message: 'x', name: 'n', description: 'd', seq: 3 })).toMatchObject({
      metric_name: null,
      span_name: null,
      extra: '{"name":"n","description":"d","seq":3}',
    });
  });

  it('keeps members no column holds in extra, in their order, a "__proto__" member included', async () => {
    const entry = JSON.parse('{"type":"log","z":1,"__proto__":{"p":true},"v":"2.0","a":[null]}') as Record<string, unknown>;
    expect(await row(entry)).toMatchObject({ extra: '{"z":1,"__proto__":{"p":true},"a":[null]}' });
  });

  it('gives the staged rows in id order, whatever order they were staged in', async () => {
    for (const order of [
      [1, 2, 3, 4],
      [3, 1, 4, 2],
    ]) {
      await db.stage(order.map((id) => ({ id, received_at: at, entry: { message: `m${id}` } })));
      const reader = await db.connection.runAndReadAll(`SELECT id, message FROM (${db.stagedSelect()})`);
      expect(reader.getRowObjectsJson()).toEqual([1, 2, 3, 4].map((id) => ({ id: String(id), message: `m${id}` })));
      await db.materialize();
    }
  });

  it('turns wrong JSON types into NULL columns, never a failed load', async () => {
    expect(
      await row({
        type: 7,
        level: 'high',
        ts: 'yesterday',
        message: { a: 1 },
        value: 'many',
        attributes: { n: 1, o: { x: [1] }, s: 's', z: null },
        meta: 'prod',
      }),
    ).toMatchObject({ type: '7', level: null, level_name: null, ts: null, metric_value: null, meta: null });
    const reader = await db.connection.runAndReadAll("SELECT attributes['n'] AS n, attributes['o'] AS o, attributes['s'] AS s FROM logs");
    expect(reader.getRowObjectsJson()).toEqual([{ n: '1', o: '{"x":[1]}', s: 's' }]);
  });

  it('loads a source page by page, collects failures and resumes from the cursor', async () => {
    const pages: EntrySource = async function* (after) {
      if (after < 3)
        yield {
          entries: [{ id: 2, received_at: at, entry: { message: 'a' } }],
          failures: [{ id: 3, errorClass: 'auth' }],
          fetched: 3,
          cursor: 3,
        };
      yield { entries: after < 4 ? [{ id: 4, received_at: at, entry: { message: 'b' } }] : [], failures: [], fetched: 1, cursor: 4 };
    };
    const first = await db.load(pages, 0);
    expect(first).toEqual({ loaded: 2, failures: [{ id: 3, errorClass: 'auth' }], cursor: 4 });
    expect(await db.maxId()).toBe(4);
    expect((await db.load(pages, 4)).loaded).toBe(0);
  });

  it('keeps nothing on disk: spilling is off', async () => {
    const reader = await db.connection.runAndReadAll("SELECT current_setting('temp_directory') AS t");
    expect(reader.getRowObjectsJson()).toEqual([{ t: '' }]);
  });
});
