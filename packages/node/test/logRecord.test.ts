import { createLogFlux, type LogRecord, logRecord, recordError } from '@logflux/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAttributes } from '../src/logRecord.js';
import { publicKeyPem, type TestEnv, testEnv } from './helpers/env.js';

let env: TestEnv;
beforeEach(async () => {
  env = await testEnv();
});
afterEach(() => env.stop());

const clientFor = (e: TestEnv) =>
  createLogFlux({ apiKey: e.tenant.apiKey, endpoint: e.ingestor.url, publicKey: publicKeyPem(), spool: false, sealThreads: 0 });

describe('recordAttributes: the client encoding, for records that cross to a thread as text', () => {
  it('encodes like the client does (docs/protocol.md §6.6)', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    expect(
      recordAttributes({
        s: 'text',
        n: 42,
        user: { id: 1 },
        list: [1, 2],
        big: 10n,
        circular,
        when: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
      }),
    ).toEqual({
      s: 'text',
      n: '42',
      'user.id': '1',
      list: '[1,2]',
      big: '10',
      'circular.a': '1',
      'circular.self': '[Circular]',
      when: '2026-01-02T03:04:05.000Z',
    });
  });

  it('leaves out undefined, functions and symbols, and says when nothing is left', () => {
    expect(recordAttributes({ a: undefined, b: () => 1, c: Symbol('s'), d: 'kept' })).toEqual({ d: 'kept' });
    expect(recordAttributes({ a: undefined })).toBeUndefined();
    expect(recordAttributes(undefined)).toBeUndefined();
  });
});

describe('recordError', () => {
  it('keeps name, message, stack and the cause chain; other causes become text', () => {
    const error = new TypeError('outer', { cause: new RangeError('inner', { cause: { code: 7 } }) });
    const r = recordError(error);
    expect(r).toMatchObject({
      name: 'TypeError',
      message: 'outer',
      cause: { name: 'RangeError', message: 'inner', cause: '[object Object]' },
    });
    expect(r.stack).toBe(error.stack);
    expect(recordError('plain')).toEqual({ name: 'Error', message: 'plain' });
  });
});

describe('logRecord against the reference ingestor', () => {
  it('maps records to log entries and captured errors', async () => {
    const client = clientFor(env);
    const ts = Date.UTC(2026, 5, 1, 12, 0, 0, 250);
    const records: LogRecord[] = [
      { level: 7, message: 'plain' },
      { level: 5, message: 'with fields', attributes: { user: { id: 1 }, n: 3, s: 'x', gone: undefined }, ts, logger: 'http' },
      { level: 7, message: 'an error at info becomes level 4', error: recordError(new Error('boom', { cause: new Error('root') })) },
      { level: 2, message: 'a more severe level stays', error: { name: 'FatalError', message: 'down' } },
      { level: 6, message: 'not a finite time', ts: Number.NaN },
    ];
    for (const r of records) logRecord(client, r);
    expect(await client.flush()).toMatchObject({ acknowledged: 5, pending: 0 });
    const { entries } = await env.readBack();
    expect(entries[0]).toMatchObject({ type: 'log', level: 7, message: 'plain' });
    expect(entries[0]?.attributes).toBeUndefined();
    expect(entries[1]).toMatchObject({
      level: 5,
      message: 'with fields',
      logger: 'http',
      ts: '2026-06-01T12:00:00.250Z',
      attributes: { 'user.id': '1', n: '3', s: 'x' },
    });
    expect(entries[2]).toMatchObject({ level: 4, error_type: 'Error', error_message: 'boom', error_cause: 'Error: root' });
    expect((entries[2]?.stack_trace as unknown[] | undefined)?.length ?? 0).toBeGreaterThan(0);
    // No stack was given: no frames are invented (none of logRecord's own).
    expect(entries[3]).toMatchObject({ level: 2, error_type: 'FatalError', error_message: 'down', stack_trace: [] });
    expect(entries[4]).toMatchObject({ level: 6, message: 'not a finite time' });
    await client.close();
  });

  it('never throws, even for a record whose fields throw', () => {
    const client = clientFor(env);
    const hostile = {
      level: 7,
      get message(): string {
        throw new Error('getter');
      },
    } as LogRecord;
    expect(() => logRecord(client, hostile)).not.toThrow();
    return client.close();
  });
});
