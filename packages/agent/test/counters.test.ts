import { describe, expect, it } from 'vitest';
import { InputCounters } from '../src/counters.js';

describe('InputCounters', () => {
  it('adds batch outcomes: acknowledged, spooled, drops by reason, and pending as undelivered', () => {
    const c = new InputCounters();
    c.received = 10;
    c.settle({ acknowledged: 5, spooled: 2, dropped: { rejected: 1 }, pending: 0 });
    c.settle({ acknowledged: 0, spooled: 0, dropped: { rejected: 1 }, pending: 1 });
    c.drop('bad_line');
    c.drop('nothing', 0);
    c.refuse('unauthorized');
    expect(c.snapshot()).toEqual({
      received: 10,
      forwarded: 5,
      spooled: 2,
      dropped: { rejected: 2, undelivered: 1, bad_line: 1 },
      refused: { unauthorized: 1 },
      salvaged: 0,
      truncated: 0,
      unparsed: 0,
      connections: 0,
    });
  });
});
