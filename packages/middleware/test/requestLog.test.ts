import type { CaptureOptions } from '@logflux/core';
import type { Attributes, EntryInput, LevelName, Logger } from '@logflux/node';
import { describe, expect, it } from 'vitest';
import { finishRequest, noteError, pathOf, resolveRequestLog, startRequest, statusOf } from '../src/requestLog.js';

/** A logger that records its calls (the middleware's own tests go through the real client and ingestor). */
function recorder() {
  const calls: { kind: string; level?: number | LevelName; message?: string; attributes?: Attributes; error?: unknown }[] = [];
  const logger = {
    log: (level: number | LevelName, message: string, attributes?: Attributes) =>
      calls.push({ kind: 'log', level, message, ...(attributes ? { attributes } : {}) }),
    captureError: (error: unknown, o?: CaptureOptions) =>
      calls.push({ kind: 'error', error, ...(o?.attributes ? { attributes: o.attributes } : {}) }),
    child: (attributes: Attributes) => ({ ...logger, attributes }),
    write: (_e: EntryInput) => {},
  } as unknown as Logger;
  return { logger, calls };
}

describe('requestLog: what every framework shares', () => {
  it('keeps a well-formed request id, replaces others, and can ignore the header', () => {
    const { logger } = recorder();
    const opts = resolveRequestLog({ client: logger });
    expect(startRequest(opts, 'GET', '/', () => 'abc-123.x:y_z').requestId).toBe('abc-123.x:y_z');
    expect(startRequest(opts, 'GET', '/', () => ['first', 'second']).requestId).toBe('first');
    for (const bad of ['has space', 'x'.repeat(129), '', 'a\nb'])
      expect(startRequest(opts, 'GET', '/', () => bad).requestId).toMatch(/^[0-9a-f-]{36}$/);
    const none = resolveRequestLog({ client: logger, requestIdHeader: false });
    expect(none.header).toBeUndefined();
    expect(startRequest(none, 'GET', '/', () => 'kept?').requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('levels by status, one entry per request, the error captured once with the same attributes', () => {
    const { logger, calls } = recorder();
    const opts = resolveRequestLog({ client: logger, userAgent: true });
    const levels = [200, 302, 404, 503].map((status) => {
      const state = startRequest(opts, 'GET', '/x', (h) => (h === 'user-agent' ? 'ua/1' : undefined));
      finishRequest(state, status, '/x');
      finishRequest(state, status, '/x');
      return calls.at(-1)?.level;
    });
    expect(levels).toEqual([7, 7, 5, 4]);
    expect(calls).toHaveLength(4);
    expect(calls[0]?.attributes).toMatchObject({ 'user_agent.original': 'ua/1', 'http.route': '/x', 'http.response.status_code': 200 });
    const state = startRequest(opts, 'POST', '/pay', () => undefined);
    noteError(state, Object.assign(new Error('not found'), { status: 404 }));
    expect(state.error).toBeUndefined();
    const boom = new Error('boom');
    noteError(state, boom);
    noteError(state, new Error('second'));
    finishRequest(state, 500, undefined);
    expect(calls.slice(-2).map((c) => c.kind)).toEqual(['error', 'log']);
    expect(calls.at(-2)?.error).toBe(boom);
    expect(calls.at(-1)).toMatchObject({ message: 'POST /pay 500' });
  });

  it('skip() suppresses the request entry only', () => {
    const { logger, calls } = recorder();
    const opts = resolveRequestLog({ client: logger, skip: (path) => path === '/health' });
    finishRequest(
      startRequest(opts, 'GET', '/health', () => undefined),
      200,
      '/health',
    );
    expect(calls).toHaveLength(0);
  });

  it('paths, statuses and options', () => {
    expect([pathOf('/a/b?x=1'), pathOf('/a#f'), pathOf(undefined), pathOf('/plain')]).toEqual(['/a/b', '/a', '/', '/plain']);
    expect([statusOf({ status: 418 }), statusOf({ statusCode: 502 }), statusOf({ status: 200 }), statusOf(null), statusOf('x')]).toEqual([
      418,
      502,
      undefined,
      undefined,
      undefined,
    ]);
    expect(() => resolveRequestLog({ client: {} as Logger })).toThrow(expect.objectContaining({ errorClass: 'invalid_option' }));
  });
});
