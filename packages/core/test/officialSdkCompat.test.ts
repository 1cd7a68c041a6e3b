import { createCipheriv } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { millisecondTimestamp, normaliseOfficialSdkEntry, openEnvelope, portableProviders } from '@logflux/core';
import { describe, expect, it } from 'vitest';

const providers = portableProviders();
const key = new Uint8Array(32).fill(3);

function envelope(data: Uint8Array, payloadType = 1): string {
  const nonce = new Uint8Array(12).fill(1);
  const c = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  const sealed = Buffer.concat([c.update(data), c.final(), c.getAuthTag()]);
  return JSON.stringify({
    payload_type: payloadType,
    payload: sealed.toString('base64'),
    nonce: Buffer.from(nonce).toString('base64'),
    key_id: 'k',
  });
}

describe('millisecondTimestamp', () => {
  it('truncates or pads the fraction to three digits and leaves other strings alone', () => {
    expect(millisecondTimestamp('2026-12-01T20:05:22.103429474Z')).toBe('2026-12-01T20:05:22.103Z');
    expect(millisecondTimestamp('2026-12-01T20:05:22.999999999Z')).toBe('2026-12-01T20:05:22.999Z');
    expect(millisecondTimestamp('2026-12-01T20:05:22.1Z')).toBe('2026-12-01T20:05:22.100Z');
    expect(millisecondTimestamp('2026-12-01T20:05:22Z')).toBe('2026-12-01T20:05:22.000Z');
    expect(millisecondTimestamp('2026-12-01T20:05:22.103Z')).toBeUndefined();
    expect(millisecondTimestamp('2026-12-01T20:05:22.1034294741Z')).toBeUndefined();
    expect(millisecondTimestamp('2026-12-01T20:05:22.103+01:00')).toBeUndefined();
    expect(millisecondTimestamp(17)).toBeUndefined();
  });
});

describe('normaliseOfficialSdkEntry', () => {
  it('reads metric_type as kind and description as name, in place, only for their entry types', () => {
    const metric = normaliseOfficialSdkEntry({ type: 'metric', name: 'm', metric_type: 'gauge', value: 1, ts: '2026-01-01T00:00:00.000Z' });
    expect(metric.flags).toEqual(['alias_metric_type']);
    expect(Object.keys(metric.entry)).toEqual(['type', 'name', 'kind', 'value', 'ts']);
    const span = normaliseOfficialSdkEntry({ type: 'trace', description: 'GET /', ts: '2026-01-01T00:00:00.000Z' });
    expect(span).toEqual({ entry: { type: 'trace', name: 'GET /', ts: '2026-01-01T00:00:00.000Z' }, flags: ['alias_description'] });
    const log = { type: 'log', description: 'x', metric_type: 'y', ts: '2026-01-01T00:00:00.000Z' };
    expect(normaliseOfficialSdkEntry(log)).toEqual({ entry: log, flags: [] });
  });

  it('keeps the chosen name when both are present', () => {
    const both = { type: 'metric', kind: 'counter', metric_type: 'gauge' };
    expect(normaliseOfficialSdkEntry(both)).toEqual({ entry: both, flags: [] });
  });

  it('shows ts, and a span’s start and end, with millisecond precision, without mutating the input', () => {
    const input = { type: 'trace', name: 's', ts: '2026-12-01T20:05:22.103429474Z', start_time: '2026-12-01T20:05:22Z', end_time: 'x' };
    const out = normaliseOfficialSdkEntry(input);
    expect(out.flags).toEqual(['timestamp_precision']);
    expect(out.entry).toMatchObject({ ts: '2026-12-01T20:05:22.103Z', start_time: '2026-12-01T20:05:22.000Z', end_time: 'x' });
    expect(input.ts).toBe('2026-12-01T20:05:22.103429474Z');
  });

  it('never turns a "__proto__" member into a prototype', () => {
    const parsed = JSON.parse('{"type":"metric","__proto__":{"polluted":true},"metric_type":"gauge"}') as Record<string, unknown>;
    const { entry } = normaliseOfficialSdkEntry(parsed);
    expect(Object.getPrototypeOf(entry)).toBe(Object.prototype);
    expect(Object.keys(entry)).toContain('__proto__');
  });
});

describe('openEnvelope with compat', () => {
  const json = Buffer.from(
    '{"v":"2.0","type":"metric","name":"m","value":2,"metric_type":"counter","ts":"2026-12-01T20:05:22.103429474Z"}',
  );

  it('reads a payload type 1 entry that is not gzip as uncompressed, flagged, only with compat', async () => {
    const text = envelope(json);
    await expect(openEnvelope(text, { providers, key })).rejects.toMatchObject({ errorClass: 'decompress' });
    const opened = await openEnvelope(text, { providers, key, compat: true });
    expect(opened.compat).toEqual(['mislabelled_uncompressed', 'alias_metric_type', 'timestamp_precision']);
    expect(opened.entry).toEqual({ v: '2.0', type: 'metric', name: 'm', value: 2, kind: 'counter', ts: '2026-12-01T20:05:22.103Z' });
    expect(Buffer.from(opened.plaintext).equals(json)).toBe(true);
  });

  it('still decodes real gzip strictly, and applies the limit and step 8 to uncompressed bytes', async () => {
    const gz = await openEnvelope(envelope(gzipSync(json)), { providers, key, compat: true });
    expect(gz.compat).toEqual(['alias_metric_type', 'timestamp_precision']);
    await expect(openEnvelope(envelope(json), { providers, key, compat: true, maxPlaintextBytes: 10 })).rejects.toMatchObject({
      errorClass: 'size_limit',
    });
    await expect(openEnvelope(envelope(Buffer.from('not json')), { providers, key, compat: true })).rejects.toMatchObject({
      errorClass: 'plaintext_json',
    });
    const broken = gzipSync(json).subarray(0, 20);
    await expect(openEnvelope(envelope(broken), { providers, key, compat: true })).rejects.toMatchObject({ errorClass: 'decompress' });
  });

  it('never applies the type 1 rule to payload type 2', async () => {
    await expect(openEnvelope(envelope(json, 2), { providers, key, compat: true })).rejects.toMatchObject({ errorClass: 'decompress' });
  });

  it('opens an envelope object without serialising its unknown members', async () => {
    const deep: Record<string, unknown> = JSON.parse(envelope(gzipSync(json))) as Record<string, unknown>;
    let inner: unknown = {};
    for (let i = 0; i < 100_000; i++) inner = [inner];
    deep.extra = inner;
    const opened = await openEnvelope(deep as never, { providers, key });
    expect(opened.compat).toEqual([]);
    expect(opened.entry.metric_type).toBe('counter');
  });
});
