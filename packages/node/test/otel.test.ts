import { createLogFlux, loadOtelApi, withScope } from '@logflux/node';
import { context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicKeyPem, type TestEnv, testEnv } from './helpers/env.js';

// The real OpenTelemetry SDK: a tracer provider and the AsyncLocalStorage context manager, as an
// application's tracing setup registers them.
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(contextManager);
trace.setGlobalTracerProvider(provider);
const tracer = trace.getTracer('logflux-test');

let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
});
afterAll(async () => {
  await provider.shutdown();
  contextManager.disable();
  await env.stop();
});

const clientFor = () =>
  createLogFlux({ apiKey: env.tenant.apiKey, endpoint: env.ingestor.url, publicKey: publicKeyPem(), spool: false, source: 'otel' });

describe('OpenTelemetry correlation with @opentelemetry/sdk-trace-base', () => {
  it('adds the active span’s trace_id and span_id to every entry, and nothing outside a span', async () => {
    const client = clientFor();
    const child = client.child({ component: 'billing' });
    let outer: Span | undefined;
    let inner: Span | undefined;
    client.info('before any span');
    await tracer.startActiveSpan('POST /orders', { kind: SpanKind.SERVER }, async (span) => {
      outer = span;
      client.info('in the request span');
      await new Promise((r) => setTimeout(r, 5));
      await tracer.startActiveSpan('charge', async (nested) => {
        inner = nested;
        child.warning('in the nested span');
        withScope({ request_id: 'r7' }, () => client.event('with a scope too'));
        nested.end();
      });
      client.info('back in the request span');
      span.end();
    });
    client.info('after the spans');
    await client.flush();
    const { entries } = await env.readBack();
    const attrs = (m: string) => entries.find((e) => e.message === m || e.event === m)?.attributes as Record<string, string> | undefined;
    const ids = (s: Span | undefined) => ({ trace_id: s?.spanContext().traceId, span_id: s?.spanContext().spanId });
    expect(attrs('before any span')).toBeUndefined();
    expect(attrs('after the spans')).toBeUndefined();
    expect(attrs('in the request span')).toEqual(ids(outer));
    expect(attrs('back in the request span')).toEqual(ids(outer));
    expect(attrs('in the nested span')).toEqual({ ...ids(inner), component: 'billing' });
    expect(attrs('with a scope too')).toEqual({ ...ids(inner), request_id: 'r7' });
    expect(inner?.spanContext().traceId).toBe(outer?.spanContext().traceId);
    expect(attrs('in the nested span')?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    await client.close();
  });

  it('span() takes an ended OpenTelemetry span: ids, parent, name, kind, times, status, attributes', async () => {
    exporter.reset();
    tracer.startActiveSpan('GET /users/:id', { kind: SpanKind.SERVER, attributes: { 'http.route': '/users/:id' } }, (parent) => {
      tracer.startActiveSpan('SELECT users', { kind: SpanKind.CLIENT, attributes: { 'db.rows': 3, tags: ['a', 'b'] } }, (span) => {
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
        span.end();
      });
      parent.end();
    });
    const [dbSpan, httpSpan] = exporter.getFinishedSpans();
    if (!dbSpan || !httpSpan) throw new Error('the SDK recorded no spans');
    const client = clientFor();
    client.span(dbSpan);
    client.child({ via: 'child' }).span(httpSpan);
    await client.flush();
    const traces = (await env.readBack()).entries.filter((e) => e.type === 'trace');
    const db = traces.find((e) => e.name === 'SELECT users');
    const http = traces.find((e) => e.name === 'GET /users/:id');
    const ms = (t: [number, number]) => t[0] * 1000 + t[1] / 1e6;
    expect(db).toMatchObject({
      trace_id: dbSpan.spanContext().traceId,
      span_id: dbSpan.spanContext().spanId,
      parent_span_id: httpSpan.spanContext().spanId,
      operation: 'client',
      status: 'error',
      level: 4,
      start_time: new Date(ms(dbSpan.startTime)).toISOString(),
      end_time: new Date(ms(dbSpan.endTime)).toISOString(),
      attributes: { 'db.rows': '3', tags: '["a","b"]', 'otel.status_message': 'timeout' },
    });
    expect(db?.duration_ms).toBeCloseTo(ms(dbSpan.endTime) - ms(dbSpan.startTime), 6);
    expect(http).toMatchObject({ operation: 'server', status: 'ok', level: 7, attributes: { 'http.route': '/users/:id', via: 'child' } });
    expect(http).not.toHaveProperty('parent_span_id');
    await client.close();
  });

  it('finds the API when it is installed, and does without it when it is not', () => {
    expect(loadOtelApi()).toBeDefined();
    const missing = (id: string) => {
      throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
    };
    expect(loadOtelApi([missing, missing])).toBeUndefined();
    expect(loadOtelApi([() => ({ trace: {} })])).toBeUndefined();
  });
});
