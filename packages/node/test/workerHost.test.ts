import { LogFluxError } from '@logflux/core';
import { type RecordWorkerOptions, startRecordWorker } from '@logflux/node';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { publicKeyPem, type TestEnv, testEnv } from './helpers/env.js';
import { bundleRecordWorker } from './helpers/recordWorkerBundle.js';

let env: TestEnv;
let bundled: string;
beforeAll(() => {
  bundled = bundleRecordWorker();
});
beforeEach(async () => {
  env = await testEnv();
});
afterEach(() => env.stop());

/** A host whose diagnostics are collected; the thread comes from source unless `workerScript` says otherwise. */
function host(options: Partial<RecordWorkerOptions> = {}, logflux: Record<string, unknown> = {}) {
  const diagnostics: string[] = [];
  const worker = startRecordWorker({
    logflux: { apiKey: env.tenant.apiKey, endpoint: env.ingestor.url, publicKey: publicKeyPem(), spool: false, ...logflux },
    diagnostic: (m) => diagnostics.push(m),
    ...options,
  });
  return { worker, diagnostics };
}

describe('record worker: a client in a worker thread fed with typed records', () => {
  it('delivers what it is sent; flush() reports it delivered, end() stops the thread', async () => {
    const { worker, diagnostics } = host();
    await worker.ready();
    const ts = Date.UTC(2026, 2, 3, 4, 5, 6);
    for (let i = 0; i < 1200; i++) worker.send({ level: 7, message: `record ${i}`, attributes: { i, nested: { ok: true } }, ts });
    worker.send({ level: 7, message: 'failed', error: { name: 'TypeError', message: 'bad', cause: 'root' } });
    expect(await worker.flush()).toEqual({ acknowledged: 1201, spooled: 0, dropped: {}, pending: 0 });
    // Batches travel side by side (maxConcurrentRequests), so entries are found by message.
    const { entries } = await env.readBack();
    const byMessage = new Map(entries.map((e) => [e.message, e]));
    expect(byMessage.size).toBe(1201);
    expect(byMessage.get('record 1199')).toMatchObject({
      message: 'record 1199',
      ts: '2026-03-03T04:05:06.000Z',
      attributes: { i: '1199', 'nested.ok': 'true' },
    });
    expect(byMessage.get('failed')).toMatchObject({ level: 4, error_type: 'TypeError', error_message: 'bad', error_cause: 'root' });
    await worker.end();
    expect(worker.stats()).toEqual({ state: 'ended', sent: 1201, dropped: {} });
    worker.send({ level: 7, message: 'after the end' });
    expect(worker.stats().dropped).toEqual({ closed: 1 });
    expect(diagnostics).toEqual([]);
  });

  it('runs a bundled script given as workerScript', async () => {
    const { worker } = host({ workerScript: bundled });
    worker.send({ level: 6, message: 'from the bundle' });
    expect(await worker.end()).toMatchObject({ acknowledged: 1 });
    expect((await env.readBack()).entries.map((e) => e.message)).toEqual(['from the bundle']);
  });

  it('sends attributes it cannot clone as their text', async () => {
    const { worker } = host({ workerScript: bundled });
    worker.send({ level: 7, message: 'with a function inside', attributes: { handler: { run: () => 1, name: 'h' } } });
    expect(await worker.end()).toMatchObject({ acknowledged: 1 });
    expect((await env.readBack()).entries[0]?.attributes).toEqual({ 'handler.name': 'h' });
  });

  it('drops, counted, what the thread cannot keep up with; every record is accounted for', async () => {
    const { worker } = host({ workerScript: bundled }, { maxQueueEntries: 50 });
    await worker.ready();
    for (let i = 0; i < 2000; i++) worker.send({ level: 7, message: `burst ${i}` });
    const result = await worker.end();
    const dropped = Object.values(result.dropped).reduce((a, b) => a + (b ?? 0), 0);
    expect(result.acknowledged + dropped).toBe(2000);
    expect(result.dropped.queue_overflow ?? 0).toBeGreaterThan(0);
    expect((await env.readBack()).entries).toHaveLength(result.acknowledged);
  });

  it('rejects ready() with the handshake error and reports it once', async () => {
    const { worker, diagnostics } = host({ workerScript: bundled }, { apiKey: `lf_${'b'.repeat(32)}` });
    const error = await worker.ready().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LogFluxError);
    expect((error as LogFluxError).errorClass).toBe('unauthorized');
    worker.send({ level: 7, message: 'refused' });
    expect(await worker.end()).toMatchObject({ acknowledged: 0 });
    expect((await env.readBack()).entries).toHaveLength(0);
    expect(diagnostics.filter((d) => d.startsWith('unauthorized'))).toHaveLength(1);
    expect(diagnostics.join('\n')).not.toContain(`lf_${'b'.repeat(32)}`);
  });
});

describe('record worker: problems never reach the application', () => {
  const cases: [string, Partial<RecordWorkerOptions>, Record<string, unknown>, RegExp][] = [
    ['a missing script', { workerScript: '/nonexistent/recordWorker.js' }, {}, /worker thread stopped.*Cannot find module/],
    ['a bad option type', {}, { maxQueueEntries: 'many' }, /invalid_option: option maxQueueEntries must be/],
    ['a malformed key', {}, { apiKey: 'not-a-key' }, /api_key_format/],
    ['a function in the options', {}, { onError: () => {} }, /cannot be sent to the worker thread/],
  ];
  for (const [name, options, logflux, reported] of cases) {
    it(`${name}: reported once, records counted as dropped, nothing thrown`, async () => {
      const { worker, diagnostics } = host({ workerScript: bundled, ...options }, logflux);
      await expect(worker.ready()).rejects.toBeInstanceOf(LogFluxError);
      expect(() => worker.send({ level: 7, message: 'into nothing' })).not.toThrow();
      expect(await worker.flush()).toEqual({ acknowledged: 0, spooled: 0, dropped: { closed: 1 }, pending: 0 });
      expect(await worker.end()).toEqual({ acknowledged: 0, spooled: 0, dropped: {}, pending: 0 });
      expect(worker.stats().state).toBe('failed');
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]).toMatch(reported);
    });
  }
});
