import { describe, expect, it } from 'vitest';
import { createEmitter } from '../src/client/events.js';
import { createLedger } from '../src/client/ledger.js';
import { createQueue, type QueuedEntry } from '../src/client/queue.js';
import { noticeRecord, settleRecord, splitRecordEntries, spooledInto } from '../src/client/spoolLedger.js';
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

describe('ledger: entries in spool records', () => {
  it('counts spooled entries until their record is answered for, splits included', async () => {
    const { ledger, entries } = setup();
    const batch = entries(1, 4);
    spooledInto(ledger, 'r1', batch);
    expect(ledger.spoolEntries()).toBe(4);
    const waiter = ledger.wait(4, 0, 1000);
    splitRecordEntries(ledger, 'r1', [
      { id: 'r1-0', from: 0, to: 2 },
      { id: 'r1-1', from: 2, to: 4 },
    ]);
    settleRecord(ledger, 'r1-0', 2, 'acknowledged', [1]);
    ledger.check();
    expect(ledger.spoolEntries()).toBe(2);
    settleRecord(ledger, 'r1-1', 2, 'acknowledged');
    ledger.check();
    expect(await waiter).toEqual({ acknowledged: 3, spooled: 0, dropped: { rejected: 1 }, pending: 0 });
    expect(ledger.spoolEntries()).toBe(0);
  });

  it('counts a record of an earlier process once, and resolves waiters early when sending is stuck', async () => {
    const { ledger, queue, entries, setFatal } = setup();
    noticeRecord(ledger, 'old', 3);
    noticeRecord(ledger, 'old', 3);
    expect(ledger.spoolEntries()).toBe(3);
    settleRecord(ledger, 'old', 3, 'acknowledged');
    expect(ledger.stats.acknowledged).toBe(3);
    queue.push(...entries(10, 2));
    const waiter = ledger.wait(11);
    ledger.check();
    setFatal();
    ledger.check();
    expect(await waiter).toMatchObject({ pending: 2 });
  });
});
