import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { isoFromMicros, plain, text } from '../src/values.js';

describe('plain values', () => {
  it('turns DuckDB values into JSON', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const r = await c.runAndReadAll(
      "SELECT MAP {'a': 1} AS m, [1, 2] AS l, {'x': 'y'} AS s, TIMESTAMP '2026-11-22 09:30:00.123456' AS t, 9007199254740993::BIGINT AS big, 7::BIGINT AS small, '{\"k\":[1]}'::JSON AS j, 1.50::DECIMAL(4,2) AS d",
    );
    const row = r.getRows()[0] ?? [];
    expect(row.map((v, i) => plain(v, r.columnType(i).alias === 'JSON'))).toEqual([
      { a: 1 },
      [1, 2],
      { x: 'y' },
      '2026-11-22T09:30:00.123456Z',
      '9007199254740993',
      7,
      { k: [1] },
      '1.50',
    ]);
    c.closeSync();
    db.closeSync();
  });

  it('prints timestamps at millisecond precision unless finer digits exist', () => {
    expect(isoFromMicros(1_700_000_000_123_000n)).toBe('2023-11-14T22:13:20.123Z');
    expect(isoFromMicros(1_700_000_000_123_004n)).toBe('2023-11-14T22:13:20.123004Z');
    expect(text(null)).toBe('');
    expect(text({ a: 1 })).toBe('{"a":1}');
  });
});
