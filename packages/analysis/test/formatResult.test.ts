import { describe, expect, it } from 'vitest';
import { formatResult } from '../src/formatResult.js';
import type { SqlResult } from '../src/readOnlySql.js';

const result: SqlResult = {
  columns: [
    { name: 'level', type: 'UTINYINT' },
    { name: 'message', type: 'VARCHAR' },
    { name: 'attributes', type: 'MAP(VARCHAR, VARCHAR)' },
  ],
  rows: [
    [4, 'card, "declined"', { order: '7' }],
    [12, `multi\nline ${'x'.repeat(100)}`, null],
  ],
  truncated: true,
};

describe('formatResult', () => {
  it('aligns a table, numbers to the right, long cells clipped', () => {
    const lines = formatResult(result, 'table').split('\n');
    expect(lines[0]).toBe(`level  ${'message'.padEnd(80)}  attributes`);
    expect(lines[2]).toBe(`    4  ${'card, "declined"'.padEnd(80)}  {"order":"7"}`);
    expect(lines[3]).toBe(`   12  multi line ${'x'.repeat(68)}…`);
    expect(lines[4]).toBe('(2 rows, more not shown)');
  });

  it('writes RFC 4180 CSV, JSON and NDJSON with values whole', () => {
    expect(formatResult(result, 'csv')).toBe(
      `level,message,attributes\r\n4,"card, ""declined""","{""order"":""7""}"\r\n12,"multi\nline ${'x'.repeat(100)}",\r\n`,
    );
    const objects = [
      { level: 4, message: 'card, "declined"', attributes: { order: '7' } },
      { level: 12, message: `multi\nline ${'x'.repeat(100)}`, attributes: null },
    ];
    expect(JSON.parse(formatResult(result, 'json'))).toEqual(objects);
    expect(
      formatResult(result, 'ndjson')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual(objects);
  });
});
