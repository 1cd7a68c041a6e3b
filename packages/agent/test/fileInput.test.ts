import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileInputConfig } from '../src/config/types.js';
import { InputCounters } from '../src/counters.js';
import { FileInput } from '../src/files/fileInput.js';
import { AgentLog } from '../src/log.js';
import { FakeSink, fakeDestination, until } from './helpers/fakeSink.js';

const root = mkdtempSync(join(tmpdir(), 'agent-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

function setup(overrides: Partial<FileInputConfig> = {}, shared?: { sink: FakeSink; dir: string }) {
  const dir = shared?.dir ?? join(root, `t${n++}`);
  const logs = join(dir, 'logs');
  const config: FileInputConfig = {
    type: 'file',
    name: 'files',
    destination: 'default',
    paths: [join(logs, 'app.log')],
    exclude: [],
    parser: 'plain',
    maxLineBytes: 1024,
    startAt: 'beginning',
    level: 7,
    pollIntervalMs: 20,
    rotateWaitMs: 100,
    chunkBytes: 4096,
    maxInFlightChunks: 2,
    fingerprintBytes: 64,
    ...overrides,
  };
  const { sink, destination } = fakeDestination(shared?.sink ?? new FakeSink());
  const counters = new InputCounters();
  const lines: string[] = [];
  const log = new AgentLog('warn', (l) => lines.push(l));
  const input = new FileInput(config, {
    destination,
    counters,
    log,
    secret: () => '',
    stateDir: join(dir, 'state'),
    agentId: 'a'.repeat(32),
  });
  return { dir, logs, config, sink, counters, input, lines };
}

const lines = (from: number, to: number, tag = 'line') => Array.from({ length: to - from }, (_, i) => `${tag} ${from + i}\n`).join('');
const numbers = (sink: FakeSink) => sink.messages().map((m) => Number(m.split(' ')[1]));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('FileInput', () => {
  it('follows a file as it grows and keeps its position', async () => {
    const t = setup();
    mkdirSync(t.logs, { recursive: true });
    writeFileSync(join(t.logs, 'app.log'), lines(0, 300));
    await t.input.start();
    await until(() => t.sink.stored.length === 300);
    appendFileSync(join(t.logs, 'app.log'), lines(300, 310));
    await until(() => t.sink.stored.length === 310);
    await until(() => t.input.positions()[0]?.offset === readFileSync(join(t.logs, 'app.log')).length);
    await t.input.stop(true);
    expect(numbers(t.sink)).toEqual(range(0, 310));
    expect(t.sink.stored[0]).toMatchObject({
      type: 'log',
      level: 7,
      message: 'line 0',
      attributes: { 'file.path': join(t.logs, 'app.log') },
    });
    expect(t.counters.snapshot()).toMatchObject({ received: 310, forwarded: 310, dropped: {} });
  });

  it('reads a file renamed away to its end (lines written after the rename too) and starts the new one from 0', async () => {
    const t = setup();
    mkdirSync(t.logs, { recursive: true });
    const path = join(t.logs, 'app.log');
    writeFileSync(path, lines(0, 50));
    await t.input.start();
    await until(() => t.sink.stored.length === 50);
    renameSync(path, `${path}.1`);
    appendFileSync(`${path}.1`, lines(50, 60)); // the writer has not reopened yet
    writeFileSync(path, lines(60, 70));
    await until(() => t.sink.stored.length === 70);
    await until(() => t.input.positions().length === 1);
    await t.input.stop(true);
    expect(numbers(t.sink).sort((a, b) => a - b)).toEqual(range(0, 70));
  });

  it('never cuts a line of a rotated file whose chunks waited longer than rotateWaitMs', async () => {
    const sink = new FakeSink();
    sink.capacityEntries = 500; // chunks of at most 50 records: a 4 KiB read leaves a full buffer behind
    let release = () => {};
    sink.hold = new Promise<void>((r) => {
      release = r;
    });
    const t = setup({ rotateWaitMs: 30, chunkBytes: 4096, maxInFlightChunks: 1 }, { sink, dir: join(root, 'slow') });
    mkdirSync(t.logs, { recursive: true });
    const path = join(t.logs, 'app.log');
    const numbers = Array.from({ length: 3000 }, (_, i) => String(i).padStart(5, '0'));
    writeFileSync(path, numbers.map((n) => `${n}\n`).join(''));
    await t.input.start();
    renameSync(path, `${path}.1`);
    await new Promise((r) => setTimeout(r, 300)); // blocked on the first chunk, far past rotateWaitMs
    sink.hold = undefined;
    release();
    await until(() => t.input.positions().length === 0);
    await t.input.stop(true);
    expect(sink.messages()).toEqual(numbers);
  });

  it('copytruncate: the unread rest comes from the copy, then the file starts over', async () => {
    const t = setup({ rotateWaitMs: 50 });
    mkdirSync(t.logs, { recursive: true });
    const path = join(t.logs, 'app.log');
    writeFileSync(path, lines(0, 20));
    await t.input.start();
    await until(() => t.sink.stored.length === 20);
    await t.input.stop(true); // nothing reads while lines 20-40 are written, copied and truncated
    appendFileSync(path, lines(20, 40));
    copyFileSync(path, `${path}.1`);
    truncateSync(path, 0);
    appendFileSync(path, lines(40, 45, 'new'));
    const again = setup({ rotateWaitMs: 50 }, { sink: t.sink, dir: t.dir });
    await again.input.start();
    await until(() => t.sink.stored.length === 45);
    await again.input.stop(true);
    expect(numbers(t.sink).sort((a, b) => a - b)).toEqual(range(0, 45));
  });

  it('after a crash, chunks in flight are sent again under the same keys: stored exactly once', async () => {
    const sink = new FakeSink();
    let release = () => {};
    sink.hold = new Promise<void>((r) => {
      release = r;
    });
    const t = setup({ chunkBytes: 1024, maxInFlightChunks: 3 }, { sink, dir: join(root, 'crash') });
    mkdirSync(t.logs, { recursive: true });
    writeFileSync(join(t.logs, 'app.log'), lines(0, 600));
    await t.input.start();
    await until(() => sink.calls === 3); // three chunks stored at the "ingestor", no answer yet
    const state = readdirSync(join(t.dir, 'state/files/files')).find((f) => f.endsWith('.json')) as string;
    const before = JSON.parse(readFileSync(join(t.dir, 'state/files/files', state), 'utf8'));
    expect(before.offset).toBe(0);
    expect(before.inflight).toHaveLength(3);
    await t.input.stop(false); // the crash: answers never arrive
    sink.hold = undefined;
    const restarted = setup({ chunkBytes: 1024, maxInFlightChunks: 3 }, { sink, dir: t.dir });
    await restarted.input.start();
    await until(() => restarted.input.positions()[0]?.offset === readFileSync(join(t.logs, 'app.log')).length);
    await restarted.input.stop(true);
    release();
    expect(numbers(sink)).toEqual(range(0, 600));
    expect(sink.calls).toBeGreaterThan(sink.keys.size); // the three were sent twice, stored once
  });

  it('retries a chunk whose entries could not be delivered, with the same key', async () => {
    const t = setup();
    mkdirSync(t.logs, { recursive: true });
    writeFileSync(join(t.logs, 'app.log'), lines(0, 5));
    t.sink.failures = 2;
    t.sink.failReason = 'queue_overflow';
    await t.input.start();
    await until(() => t.sink.stored.length === 5, 15_000);
    await t.input.stop(true);
    expect(t.sink.calls).toBe(3);
    expect(t.counters.snapshot().dropped).toEqual({});
  });

  it('joins multiline records by a start pattern, closing the last after the timeout', async () => {
    const t = setup({ multiline: { start: '^\\d{4}-', timeoutMs: 50 } });
    mkdirSync(t.logs, { recursive: true });
    writeFileSync(join(t.logs, 'app.log'), '2026-01-01 a\n  at x\n2026-01-01 b\n  at y\n  at z\n');
    await t.input.start();
    await until(() => t.sink.stored.length === 2);
    await t.input.stop(true);
    expect(t.sink.messages()).toEqual(['2026-01-01 a\n  at x', '2026-01-01 b\n  at y\n  at z']);
  });

  it('startAt "end" skips what files held at the very first start only', async () => {
    const t = setup({ startAt: 'end' });
    mkdirSync(t.logs, { recursive: true });
    writeFileSync(join(t.logs, 'app.log'), lines(0, 10));
    await t.input.start();
    appendFileSync(join(t.logs, 'app.log'), lines(10, 12));
    await until(() => t.sink.stored.length === 2);
    await t.input.stop(true);
    expect(numbers(t.sink)).toEqual([10, 11]);
  });

  it('cuts overlong lines at maxLineBytes and marks them', async () => {
    const t = setup({ maxLineBytes: 300 });
    mkdirSync(t.logs, { recursive: true });
    writeFileSync(join(t.logs, 'app.log'), `${'x'.repeat(1000)}\nshort\n`);
    await t.input.start();
    await until(() => t.sink.stored.length === 2);
    await t.input.stop(true);
    expect(t.sink.stored[0]).toMatchObject({ message: 'x'.repeat(300), attributes: { truncated: 'true' } });
    expect(t.counters.truncated).toBe(1);
  });
});
