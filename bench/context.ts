/**
 * Context on every entry: what a child logger costs to create (one per request: target ≤ 1 µs,
 * no timers), and what scopes (`withScope`) and OpenTelemetry correlation add to a log call on the
 * application's thread. The client sends nowhere (an unreachable loopback port, a queue large
 * enough for every call), so the figures are the log call's own cost: build, snapshot, queue.
 */
import { performance } from 'node:perf_hooks';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { createLogFlux, currentScope, withScope } from '../packages/node/src/index.js';
import { fmt, median, table } from './stats.js';

const CHILDREN = 1_000_000;
const CALLS = 100_000;
const RUNS = 5;

function perCall(n: number, fn: (i: number) => void): number {
  const t = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  return ((performance.now() - t) * 1e6) / n; // ns
}

/** A client that never sends: its queue holds every call until it is closed (and dropped). */
function quietClient() {
  return createLogFlux({
    apiKey: 'lf_benchcontext00000000000000000000',
    endpoint: 'http://127.0.0.1:9',
    spool: false,
    sealThreads: 0,
    maxRetries: 0,
    maxQueueEntries: 2 * CALLS,
    maxQueueBytes: 512 * 1024 * 1024,
    flushIntervalMs: 3_600_000,
    closeTimeoutMs: 0,
    onError: () => {},
    diagnostic: () => {},
  } as Parameters<typeof createLogFlux>[0]);
}

/** Median ns per call of `fn` over `CALLS` calls, each run on a fresh client closed afterwards. */
async function logCalls(results: number[], measure: (client: ReturnType<typeof quietClient>) => number): Promise<void> {
  const client = quietClient();
  results.push(measure(client));
  await client.close();
}

export async function benchContext(): Promise<string> {
  const keepAlive = setInterval(() => {}, 1000); // the clients' timers are unref'd
  const client = quietClient();
  const sink: unknown[] = [];
  const childNs: number[] = [];
  const scopeNs: number[] = [];
  const rows: Record<string, number[]> = { plain: [], child: [], scope: [], otel: [] };
  const provider = new BasicTracerProvider();
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  trace.setGlobalTracerProvider(provider);
  const tracer = trace.getTracer('bench');
  const attrs = { route: '/orders/:id', status: 200 };
  for (let run = 0; run < RUNS; run++) {
    childNs.push(
      perCall(CHILDREN, (i) => {
        sink[i & 1023] = client.child({ request_id: 'r' });
      }),
    );
    scopeNs.push(withScope({ request_id: 'r-1' }, () => perCall(CHILDREN, () => currentScope())));
    await logCalls(rows.plain as number[], (c) => perCall(CALLS, () => c.info('GET /orders 200', attrs)));
    await logCalls(rows.child as number[], (c) => {
      const child = c.child({ request_id: 'r-1' });
      return perCall(CALLS, () => child.info('GET /orders 200', attrs));
    });
    await logCalls(rows.scope as number[], (c) =>
      withScope({ request_id: 'r-1' }, () => perCall(CALLS, () => c.info('GET /orders 200', attrs))),
    );
    await logCalls(rows.otel as number[], (c) =>
      tracer.startActiveSpan('GET /orders/:id', (span) => {
        const ns = withScope({ request_id: 'r-1' }, () => perCall(CALLS, () => c.info('GET /orders 200', attrs)));
        span.end();
        return ns;
      }),
    );
  }
  manager.disable();
  await provider.shutdown();
  await client.close();
  clearInterval(keepAlive);
  const us = (ns: number[]) => fmt(median(ns) / 1000, 3);
  return [
    table(
      `Context (median of ${RUNS} runs, ${fmt(CHILDREN)} children / ${fmt(CALLS)} log calls each, main thread)`,
      ['measure', 'µs'],
      [
        ['client.child({ request_id }) creation (target ≤ 1 µs, no timers)', us(childNs)],
        ['currentScope() inside withScope, OpenTelemetry API loaded, no span', us(scopeNs)],
        ['client.info(message, 2 attributes)', us(rows.plain as number[])],
        ['… through a child logger', us(rows.child as number[])],
        ['… inside withScope({ request_id })', us(rows.scope as number[])],
        ['… inside withScope and an active OpenTelemetry span (trace_id, span_id added)', us(rows.otel as number[])],
      ],
    ),
  ].join('\n');
}
