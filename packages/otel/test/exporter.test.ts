import { createLogFlux } from '@logflux/node';
import { LogFluxLogExporter, otelSeverityToSyslog } from '@logflux/otel';
import { context, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicKeyPem, type TestEnv, testEnv } from '../../node/test/helpers/env.js';

let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
});
afterAll(() => env.stop());

describe('LogFluxLogExporter with the real @opentelemetry/sdk-logs', () => {
  it('maps severities, bodies, attributes, spans and exceptions; the batch processor’s forceFlush waits for delivery', async () => {
    expect([1, 5, 9, 13, 17, 21, undefined].map((n) => otelSeverityToSyslog(n))).toEqual([8, 8, 7, 5, 4, 2, 7]);
    expect(otelSeverityToSyslog(undefined, 'ERROR')).toBe(4);
    const client = createLogFlux({ apiKey: env.tenant.apiKey, endpoint: env.ingestor.url, publicKey: publicKeyPem(), spool: false });
    const provider = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter: new LogFluxLogExporter({ client }) })] });
    const logger = provider.getLogger('checkout');
    logger.emit({
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARN',
      body: 'low stock',
      attributes: { sku: 'A1', qty: 2, tags: ['x'] },
    });
    logger.emit({ severityNumber: SeverityNumber.INFO, body: { order: 1042, paid: true } });
    const spanContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 };
    logger.emit({
      severityNumber: SeverityNumber.DEBUG,
      body: 'in a span',
      context: trace.setSpanContext(context.active(), spanContext),
    });
    logger.emit({
      severityNumber: SeverityNumber.ERROR,
      body: 'charge failed',
      attributes: {
        'exception.type': 'PaymentError',
        'exception.message': 'card declined',
        'exception.stacktrace': 'PaymentError: card declined\n    at charge (pay.ts:88:5)',
        order: 7,
      },
    });
    await provider.forceFlush();
    const { entries } = await env.readBack();
    expect(entries).toHaveLength(4);
    expect(entries[0]).toMatchObject({
      level: 5,
      message: 'low stock',
      logger: 'checkout',
      attributes: { sku: 'A1', qty: '2', tags: '["x"]', 'otel.severity_text': 'WARN' },
    });
    expect(entries[1]).toMatchObject({ level: 7, message: '{"order":1042,"paid":true}' });
    expect(entries[2]).toMatchObject({ level: 8, attributes: { trace_id: spanContext.traceId, span_id: spanContext.spanId } });
    expect(entries[3]).toMatchObject({
      level: 4,
      message: 'charge failed',
      error_type: 'PaymentError',
      error_message: 'card declined',
      stack_trace: [{ function: 'charge', file: 'pay.ts', line: 88 }],
      attributes: { order: '7' },
    });
    expect(entries[3]?.attributes).not.toHaveProperty('exception.type');
    await provider.shutdown();
    await client.close();
  });

  it('reports a failed export when the ingestor cannot be reached in time', async () => {
    const client = createLogFlux({
      apiKey: env.tenant.apiKey,
      endpoint: 'http://127.0.0.1:9',
      publicKey: publicKeyPem(),
      spool: false,
      closeTimeoutMs: 100,
      onError: () => {},
    });
    const exporter = new LogFluxLogExporter({ client, exportTimeoutMs: 200 });
    const result = await new Promise<{ code: number; error?: Error }>((resolve) =>
      exporter.export([{ hrTime: [1_700_000_000, 0], body: 'lost', attributes: {} }], resolve),
    );
    expect(result.code).toBe(1);
    expect(result.error?.message).toMatch(/pending/);
    await client.close();
    expect(() => new LogFluxLogExporter({} as never)).toThrow(expect.objectContaining({ errorClass: 'invalid_option' }));
  });
});
