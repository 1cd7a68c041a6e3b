import { describe, expect, it } from 'vitest';
import { createFlushController } from '../src/client/flushController.js';
import type { FlushReason } from '../src/client/stats.js';
import { FakeClock } from './helpers/fakePlatform.js';

describe('flush controller: idle, scheduled, flushing, with named reasons', () => {
  it('schedules one timer for the interval and fires `interval`', async () => {
    const clock = new FakeClock();
    const due: FlushReason[] = [];
    const f = createFlushController(clock, 1000, (r) => due.push(r));
    expect(f.state).toBe('idle');
    f.schedule();
    f.schedule();
    expect(f.state).toBe('scheduled');
    await clock.advance(999);
    expect(due).toEqual([]);
    await clock.advance(1);
    expect(due).toEqual(['interval']);
    expect(f.state).toBe('idle');
  });

  it('lets full batches and urgent reasons go at once, and the rest wait unless flush() asked', () => {
    const f = createFlushController(new FakeClock(), 1000, () => {});
    expect(f.reasonToSend(true, 'size')).toBe('size');
    expect(f.reasonToSend(false, 'size')).toBeUndefined();
    expect(f.reasonToSend(false, 'manual')).toBe('manual');
    expect(f.reasonToSend(false, 'exit')).toBe('exit');
    f.request();
    expect(f.reasonToSend(false, 'bytes')).toBe('size');
    f.drained();
    expect(f.reasonToSend(false, 'bytes')).toBeUndefined();
  });

  it('cancels the timer on flush(), tracks flushing, and stops for good', async () => {
    const clock = new FakeClock();
    const due: FlushReason[] = [];
    const f = createFlushController(clock, 1000, (r) => due.push(r));
    f.schedule();
    f.request();
    expect(f.scheduled).toBe(false);
    f.flushing(true);
    expect(f.state).toBe('flushing');
    f.flushing(false);
    expect(f.state).toBe('idle');
    f.wakeAt(clock.now() + 500);
    f.stop();
    f.schedule();
    await clock.advance(5000);
    expect(due).toEqual([]);
  });
});
