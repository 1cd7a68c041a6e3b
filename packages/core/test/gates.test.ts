import { describe, expect, it } from 'vitest';
import { expire, isTypePaused, nextOpening, OPEN_GATES, pauseAll } from '../src/client/gates.js';
import { openAt, pauseTypes, resumeTypes } from '../src/client/typePause.js';

describe('gates: pauses by scope, as an immutable record', () => {
  it('pauses everything (429) and never shortens a pause', () => {
    const g = pauseAll(OPEN_GATES, 5000);
    expect(openAt(g, [1])).toBe(5000);
    expect(pauseAll(g, 3000)).toBe(g);
    expect(OPEN_GATES.all).toBe(0);
  });

  it('pauses only the types of a 507; other types flow', () => {
    const g = pauseTypes(OPEN_GATES, [5], 60_000);
    expect(openAt(g, [1])).toBe(0);
    expect(openAt(g, [1, 5])).toBe(60_000);
    expect(isTypePaused(g, 5, 1000)).toBe(true);
    expect(isTypePaused(g, 1, 1000)).toBe(false);
    expect(nextOpening(g, 1000)).toBe(60_000);
  });

  it('ends a type pause early when a request holding that type was stored, and forgets ended pauses', () => {
    const g = pauseTypes(pauseTypes(OPEN_GATES, [5], 60_000), [2], 30_000);
    expect(resumeTypes(g, [1])).toBe(g);
    const r = resumeTypes(g, [5]);
    expect(isTypePaused(r, 5, 0)).toBe(false);
    expect(isTypePaused(r, 2, 0)).toBe(true);
    const e = expire(pauseAll(g, 10_000), 40_000);
    expect(e.all).toBe(0);
    expect([...e.types.keys()]).toEqual([5]);
    expect(nextOpening(e, 40_000)).toBe(60_000);
    expect(nextOpening(e, 70_000)).toBeUndefined();
  });
});
