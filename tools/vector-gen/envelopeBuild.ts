import { createHash } from 'node:crypto';
import { b64, gcmSeal } from './seal.js';

export const KEY_ID = '7f3c2a1e-5b4d-4c6a-9e8f-0a1b2c3d4e5f';
export const TIMESTAMP = '2026-11-22T10:15:30.123Z';

export interface EnvelopeParts {
  key: Uint8Array;
  nonce: Uint8Array;
  compressed: Uint8Array;
  payloadType: number;
  entryType?: number;
  tagLength?: number;
}

/** The envelope JSON text for compressed bytes sealed under a fixed key and nonce. */
export function envelopeText(p: EnvelopeParts, overrides: Record<string, unknown> = {}): string {
  const sealed = gcmSeal(p.key, p.nonce, p.compressed, p.tagLength ?? 16);
  return JSON.stringify({
    timestamp: TIMESTAMP,
    entry_type: p.entryType ?? 1,
    payload_type: p.payloadType,
    payload: b64(sealed),
    nonce: b64(p.nonce),
    key_id: KEY_ID,
    ...overrides,
  });
}

const INLINE_LIMIT = 64 * 1024;

/** The expected-result fields of a valid envelope test. */
export function expectPlaintext(plaintext: Uint8Array): Record<string, unknown> {
  const out: Record<string, unknown> = {
    plaintextSha256: createHash('sha256').update(plaintext).digest('hex'),
    plaintextSize: plaintext.length,
  };
  if (plaintext.length <= INLINE_LIMIT) out.plaintext = Buffer.from(plaintext).toString('utf8');
  return out;
}

/** Sample inner plaintexts, one per entry type (docs/protocol.md §6). */
export const SAMPLE_ENTRIES: Record<string, { entryType: number; entry: Record<string, unknown> }> = {
  log: {
    entryType: 1,
    entry: {
      v: '2.0',
      type: 'log',
      source: 'checkout-api',
      level: 7,
      ts: TIMESTAMP,
      message: 'order 1042 paid',
      logger: 'payments',
      attributes: { order_id: '1042' },
      meta: { environment: 'production', release: '4.2.0', node: 'web-1' },
    },
  },
  metric: {
    entryType: 2,
    entry: {
      v: '2.0',
      type: 'metric',
      source: 'checkout-api',
      level: 7,
      ts: TIMESTAMP,
      name: 'http.request.duration',
      value: 12.5,
      unit: 'ms',
      kind: 'histogram',
    },
  },
  trace: {
    entryType: 3,
    entry: {
      v: '2.0',
      type: 'trace',
      source: 'checkout-api',
      level: 7,
      ts: TIMESTAMP,
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      span_id: '00f067aa0ba902b7',
      parent_span_id: 'a3ce929d0e0e4736',
      name: 'GET /orders/:id',
      operation: 'http.server',
      start_time: '2026-11-22T10:15:30.100Z',
      end_time: '2026-11-22T10:15:30.123Z',
      duration_ms: 23,
      status: 'ok',
    },
  },
  event: {
    entryType: 4,
    entry: { v: '2.0', type: 'event', source: 'checkout-api', level: 6, ts: TIMESTAMP, event: 'user.signup', attributes: { plan: 'pro' } },
  },
  audit: {
    entryType: 5,
    entry: {
      v: '2.0',
      type: 'audit',
      source: 'admin-console',
      level: 6,
      ts: TIMESTAMP,
      action: 'role.grant',
      actor: 'alice@example.com',
      resource: 'project',
      resource_id: 'prj_42',
      outcome: 'success',
    },
  },
  error: {
    entryType: 1,
    entry: {
      v: '2.0',
      type: 'log',
      source: 'checkout-api',
      level: 4,
      ts: TIMESTAMP,
      message: 'card declined',
      error_type: 'PaymentError',
      error_message: 'card declined',
      stack_trace: [
        { function: 'charge', file: 'src/payments.ts', line: 88 },
        { function: 'handler', file: 'src/routes/pay.ts', line: 17 },
      ],
      breadcrumbs: [{ timestamp: '2026-11-22T10:15:29.900Z', category: 'http', message: 'POST /pay', level: 'info' }],
    },
  },
};
