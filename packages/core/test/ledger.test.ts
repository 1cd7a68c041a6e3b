import { describe, expect, it } from 'vitest';
import { createEmitter } from '../src/client/events.js';
import { createLedger } from '../src/client/ledger.js';
import { createQueue, type QueuedEntry } from '../src/client/queue.js';
import { FakeClock } from './helpers/fakePlatform.js';

function setup() {
  const queue = createQueue({ maxEntries: 100, maxBytes: 1 << 20 });
  const emitter = createEmitter();
  const drops: [string, number][] = [];
  emitter.on('drop', (reason, n) => drops.push([reason, n]));
  let fatal = false;
  const ledger = createLedger(queue, new FakeClock(), emitter, true, () => fatal);
  const entries = (from: number, n: number): QueuedEntry[] =>
    Array.from({ length: n }, (_, i) => ({ json: '{}', ts: '', type: 1, seq: from + i, at: from + i }));
  return { queue, ledger, entries, drops, setFatal: () => (fatal = true) };
}

describe('ledger: where every entry stands', () => {
  it('resolves a flush waiter once everything up to its target is settled, saying how', async () => {
    const { ledger, entries, drops } = setup();
    const batch = entries(1, 4);
    ledger.begin(batch);
    const waiter = ledger.wait(3);
    ledger.check();
    ledger.settle(batch.slice(0, 2), 'acknowledged');
    ledger.settle(batch.slice(2), 'rejected');
    ledger.finish(batch);
    ledger.check();
    expect(await waiter).toEqual({ acknowledged: 2, spooled: 0, dropped: { rejected: 1 }, pending: 0 });
    expect(ledger.stats.acknowledged).toBe(2);
    expect(drops).toEqual([['rejected', 2]]);
  });

  it('restricts a waiter to its range (writeBatch)', async () => {
    const { ledger, entries } = setup();
    const older = entries(1, 2);
    const group = entries(3, 2);
    ledger.begin(older);
    ledger.begin(group);
    const waiter = ledger.wait(4, 3);
    ledger.settle(group, 'acknowledged');
    ledger.finish(group);
    ledger.check();
    expect(await waiter).toEqual({ acknowledged: 2, spooled: 0, dropped: {}, pending: 0 });
  });
});
