import { describe, expect, it } from 'vitest';
import { boundedList, clip, MAX_RESULT_CHARS } from '../src/mcp/bounded.js';

describe('bounded tool results', () => {
  it('clips long strings anywhere in a value and says by how much', () => {
    expect(clip({ a: 'x'.repeat(10), b: ['y'.repeat(12)], c: 3 }, 8)).toEqual({
      a: 'xxxxxxxx…[+2 chars]',
      b: ['yyyyyyyy…[+4 chars]'],
      c: 3,
    });
  });

  it('keeps as many items as fit and flags the rest', () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ id: i, message: 'z'.repeat(500) }));
    const text = boundedList({ count: 1000 }, 'entries', items);
    expect(text.length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    const parsed = JSON.parse(text);
    expect(parsed.truncated).toBe(true);
    expect(parsed.entries.length).toBeGreaterThan(100);
    expect(parsed.entries.length).toBeLessThan(1000);
    expect(JSON.parse(boundedList({}, 'rows', [1, 2]))).toEqual({ rows: [1, 2], truncated: false });
  });
});
