import { describe, expect, it } from 'vitest';
import { MAX_ENVELOPE_DEPTH, nestsDeeperThan } from '../src/jsonDepth.js';

const nested = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;

describe('nestsDeeperThan', () => {
  it('counts the top-level value as level 1 and each array or object inside as one more', () => {
    expect(nestsDeeperThan(1, 0)).toBe(false);
    expect(nestsDeeperThan({}, 1)).toBe(false);
    expect(nestsDeeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [1, { b: 2 }] }, 2)).toBe(true);
    expect(nestsDeeperThan(nested(MAX_ENVELOPE_DEPTH), MAX_ENVELOPE_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nested(MAX_ENVELOPE_DEPTH + 1), MAX_ENVELOPE_DEPTH)).toBe(true);
  });

  it('handles nesting far deeper than the call stack allows, and wide values', () => {
    expect(() => JSON.stringify(nested(200_000))).toThrow(RangeError);
    expect(nestsDeeperThan(nested(200_000), MAX_ENVELOPE_DEPTH)).toBe(true);
    expect(nestsDeeperThan({ many: Array.from({ length: 100_000 }, (_, i) => ({ i })) }, 3)).toBe(false);
  });
});
