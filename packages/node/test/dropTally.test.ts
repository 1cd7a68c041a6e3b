import { describe, expect, it } from 'vitest';
import { DropTally } from '../src/dropTally.js';

describe('DropTally', () => {
  it('counts by reason, and adds to a flush result only what it has not reported yet', () => {
    const tally = new DropTally();
    tally.count('closed');
    tally.count('queue_overflow', 3);
    tally.count('closed', 2);
    expect(tally.totals()).toEqual({ closed: 3, queue_overflow: 3 });
    expect(tally.addTo({ acknowledged: 5, spooled: 0, dropped: { closed: 1 }, pending: 0 })).toEqual({
      acknowledged: 5,
      spooled: 0,
      dropped: { closed: 4, queue_overflow: 3 },
      pending: 0,
    });
    expect(tally.addTo({ acknowledged: 1, spooled: 0, dropped: {}, pending: 0 }).dropped).toEqual({});
    expect(tally.totals()).toEqual({ closed: 3, queue_overflow: 3 });
  });
});
