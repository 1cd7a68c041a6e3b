import { describe, expect, it } from 'vitest';
import { InputCounters } from '../src/counters.js';
import { Forwarder } from '../src/inputs/forwarder.js';
import { AgentLog } from '../src/log.js';
import { fakeDestination, until } from './helpers/fakeSink.js';

const quiet = new AgentLog('error', () => {});

describe('Forwarder', () => {
  it('batches by count and by time, and counts the outcome of each batch', async () => {
    const { sink, destination } = fakeDestination();
    const counters = new InputCounters();
    const f = new Forwarder(destination, counters, quiet, { maxEntries: 3, maxDelayMs: 20 });
    for (let i = 0; i < 4; i++) f.push({ level: 7, message: `m${i}` }, 2);
    expect(sink.calls).toBe(1);
    await until(() => sink.calls === 2);
    await f.drain();
    expect(sink.messages()).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(counters.forwarded).toBe(4);
    sink.failures = 1;
    sink.failReason = 'network_error';
    f.push({ level: 7, message: 'lost' }, 4);
    await f.drain();
    expect(counters.dropped).toEqual({ network_error: 1 });
  });

  it('is paused while the gate is closed or too many batches are outstanding', async () => {
    const { sink, destination } = fakeDestination();
    let release = () => {};
    sink.hold = new Promise<void>((r) => {
      release = r;
    });
    const f = new Forwarder(destination, new InputCounters(), quiet, { maxEntries: 1, maxOutstanding: 2 });
    const changes: boolean[] = [];
    f.onChange((p) => changes.push(p));
    f.push({ level: 7, message: 'a' }, 1);
    expect(f.paused).toBe(false);
    f.push({ level: 7, message: 'b' }, 1);
    expect(f.paused).toBe(true);
    release();
    sink.hold = undefined;
    await f.drain();
    expect(f.paused).toBe(false);
    sink.fullness = 0.9;
    f.push({ level: 7, message: 'c' }, 1);
    expect(f.paused).toBe(true);
    sink.fullness = 0;
    await until(() => !f.paused);
    expect(changes).toEqual([true, false, true, false]);
    destination.gate.dispose();
  });
});
