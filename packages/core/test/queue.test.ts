import { describe, expect, it } from 'vitest';
import { createQueue, type QueuedEntry } from '../src/client/queue.js';

let seq = 0;
function entry(type: QueuedEntry['type'] = 1, bytes = 10, group?: QueuedEntry['group']): QueuedEntry {
  seq++;
  return { json: 'x'.repeat(bytes), ts: '', type, seq, at: 0, ...(group ? { group } : {}) };
}

describe('queue: bounded in entries and bytes, batches oldest first', () => {
  it('says what fits, and counts bytes of serialised JSON', () => {
    const q = createQueue({ maxEntries: 3, maxBytes: 25 });
    q.push(entry(1, 10), entry(1, 10));
    expect(q.fits(1, 5)).toBe(true);
    expect(q.fits(1, 6)).toBe(false);
    expect(q.fits(2, 1)).toBe(false);
    expect(q.bytes).toBe(20);
  });

  it('cuts batches by count and bytes, with at least one entry each', () => {
    const q = createQueue({ maxEntries: 100, maxBytes: 10_000 });
    q.push(entry(1, 500), ...Array.from({ length: 5 }, () => entry(1, 10)));
    expect(q.take(3, 100).map((e) => e.json.length)).toEqual([500]);
    expect(q.take(3, 100)).toHaveLength(3);
    expect(q.take(3, 100)).toHaveLength(2);
    expect(q.entries).toBe(0);
    expect(q.bytes).toBe(0);
  });

  it('leaves paused types where they are, in order', () => {
    const q = createQueue({ maxEntries: 100, maxBytes: 10_000 });
    const [a, b, c, d] = [entry(5), entry(1), entry(5), entry(1)];
    q.push(a as QueuedEntry, b as QueuedEntry, c as QueuedEntry, d as QueuedEntry);
    expect(q.take(10, 10_000, (t) => t === 5)).toEqual([b, d]);
    expect(q.all()).toEqual([a, c]);
    q.requeue([d as QueuedEntry]);
    expect(q.all()).toEqual([a, c, d]);
    expect(q.countUpTo((c as QueuedEntry).seq)).toBe(2);
    expect(q.countUpTo((d as QueuedEntry).seq, (c as QueuedEntry).seq)).toBe(2);
  });

  it('lets a writeBatch group leave whole and alone, beyond the batch limits, or hold it whole', () => {
    const q = createQueue({ maxEntries: 100, maxBytes: 10_000 });
    const group = { idempotencyKey: 'k'.repeat(16) };
    const before = entry();
    const members = [entry(1, 10, group), entry(5, 10, group), entry(1, 10, group)];
    const after = entry();
    q.push(before, ...members, after);
    expect(q.take(10, 10_000)).toEqual([before]);
    expect(q.take(10, 10_000, (t) => t === 5)).toEqual([after]);
    expect(q.take(2, 15)).toEqual(members);
    expect(q.entries).toBe(0);
  });
});
