import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputCounters } from '../src/counters.js';
import { ChunkPipeline } from '../src/files/chunks.js';
import { type FileStateRecord, StateStore } from '../src/files/stateStore.js';
import { AgentLog } from '../src/log.js';
import { fakeDestination, until } from './helpers/fakeSink.js';

const dir = mkdtempSync(join(tmpdir(), 'agent-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ChunkPipeline', () => {
  it('records a chunk as in flight before sending it, and commits in order as outcomes arrive', async () => {
    const { sink, destination } = fakeDestination();
    const store = new StateStore(join(dir, 'p1'));
    const record: FileStateRecord = { v: 1, id: 'f1', path: '/x', dev: 1, ino: 1, fpLen: 0, fp: '', offset: 0, inflight: [], seenAt: 0 };
    let release = () => {};
    sink.hold = new Promise<void>((r) => {
      release = r;
    });
    const seenAtSend: unknown[] = [];
    const write = sink.writeBatch.bind(sink);
    sink.writeBatch = (entries, key) => {
      seenAtSend.push(JSON.parse(readFileSync(join(dir, 'p1', 'f1.json'), 'utf8')).inflight.map((c: { key: string }) => c.key));
      return write(entries, key);
    };
    const counters = new InputCounters();
    const pipeline = new ChunkPipeline(
      record,
      { destination, counters, store, log: new AgentLog('error', () => {}) },
      () => '/x',
      () => {},
    );
    pipeline.add(0, 10, 'key-a-0123456789ab', [{ level: 7, message: 'a' }]);
    pipeline.add(10, 20, 'key-b-0123456789ab', [{ level: 7, message: 'b' }]);
    await until(() => sink.calls === 2);
    expect(seenAtSend[0]).toContain('key-a-0123456789ab');
    expect(seenAtSend[1]).toContain('key-b-0123456789ab');
    release();
    await until(() => record.offset === 20);
    await pipeline.stop(true);
    expect(JSON.parse(readFileSync(join(dir, 'p1', 'f1.json'), 'utf8'))).toMatchObject({ offset: 20, inflight: [] });
    expect(counters.forwarded).toBe(2);
  });

  it('sends a chunk again under the same key after an outcome a resend can change', async () => {
    const { sink, destination } = fakeDestination();
    sink.failures = 1;
    sink.failReason = 'network_error';
    const record: FileStateRecord = { v: 1, id: 'f2', path: '/x', dev: 1, ino: 1, fpLen: 0, fp: '', offset: 0, inflight: [], seenAt: 0 };
    const keys: string[] = [];
    const write = sink.writeBatch.bind(sink);
    sink.writeBatch = (entries, key) => {
      keys.push(key);
      return write(entries, key);
    };
    const counters = new InputCounters();
    const pipeline = new ChunkPipeline(
      record,
      { destination, counters, store: new StateStore(join(dir, 'p2')), log: new AgentLog('error', () => {}) },
      () => '/x',
      () => {},
    );
    pipeline.add(0, 5, 'key-c-0123456789ab', [{ level: 7, message: 'c' }]);
    await until(() => record.offset === 5, 10_000);
    await pipeline.stop(true);
    expect(keys).toEqual(['key-c-0123456789ab', 'key-c-0123456789ab']);
    expect(counters.snapshot()).toMatchObject({ forwarded: 1, dropped: {} });
  });
});
