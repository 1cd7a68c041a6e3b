import { fingerprintSpki, pemToDer } from '@logflux/core';
import { createLogFlux } from '@logflux/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publicKeyPem, type TestEnv, testEnv } from './helpers/env.js';

let env: TestEnv;
beforeEach(async () => {
  env = await testEnv();
});
afterEach(() => env.stop());

const clientFor = (e: TestEnv, extra: Record<string, unknown> = {}) =>
  createLogFlux({ apiKey: e.tenant.apiKey, endpoint: e.ingestor.url, publicKey: publicKeyPem(), spool: false, source: 'test', ...extra });

describe('@logflux/node against the reference ingestor', () => {
  it('delivers every entry type, pinned, and flush() reports them acknowledged', async () => {
    const client = clientFor(env, { environment: 'test', release: '1.2.3', attributes: { region: 'eu' } });
    for (let i = 0; i < 300; i++) client.info(`request ${i}`, { i });
    client.warning('careful');
    client.metric({ name: 'queue.depth', value: 3, kind: 'gauge', unit: 'items' });
    client.event('deploy', { version: '1.2.3' });
    client.audit({ action: 'role.grant', actor: 'alice', resource: 'project', resourceId: 'p1', outcome: 'success' });
    client.span({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      name: 'GET /',
      operation: 'http.server',
      startTime: 1000,
      endTime: 1023,
    });
    client.addBreadcrumb({ category: 'http', message: 'POST /pay' });
    client.captureError(new TypeError('card declined', { cause: new Error('issuer') }));
    const result = await client.flush();
    expect(result).toEqual({ acknowledged: 306, spooled: 0, dropped: {}, pending: 0 });
    const { entries, stored } = await env.readBack();
    expect(entries).toHaveLength(306);
    expect(entries[0]).toMatchObject({
      v: '2.0',
      type: 'log',
      source: 'test',
      level: 7,
      message: 'request 0',
      attributes: { region: 'eu', i: '0' },
      meta: { environment: 'test', release: '1.2.3' },
    });
    expect(entries.find((e) => e.type === 'metric')).toMatchObject({ name: 'queue.depth', value: 3, kind: 'gauge', unit: 'items' });
    expect(entries.find((e) => e.type === 'trace')).toMatchObject({ duration_ms: 23, status: 'ok', name: 'GET /' });
    const error = entries.find((e) => e.error_type === 'TypeError') as Record<string, unknown>;
    expect(error).toMatchObject({ level: 4, error_message: 'card declined', error_cause: 'Error: issuer' });
    expect((error.stack_trace as unknown[]).length).toBeGreaterThan(0);
    expect((error.breadcrumbs as { message: string }[])[0]?.message).toBe('POST /pay');
    expect(new Set(stored.map((s) => s.entry_type))).toEqual(new Set([1, 2, 3, 4, 5]));
    const stats = client.stats();
    expect(stats.handshake).toMatchObject({
      state: 'ready',
      pinned: true,
      handshakes: 1,
      fingerprint: await fingerprintSpki(pemToDer(publicKeyPem(), 'PUBLIC KEY')),
    });
    expect(stats.acknowledged).toBe(306);
    await client.close();
  });

  it('seals payload type 2 (zstd) too', async () => {
    const client = clientFor(env, { payloadType: 2 });
    for (let i = 0; i < 50; i++) client.debug(`zstd ${i}`);
    expect((await client.flush()).acknowledged).toBe(50);
    const { stored, entries } = await env.readBack();
    expect(stored.every((s) => s.payload_type === 2)).toBe(true);
    expect(entries.map((e) => e.message)).toEqual(Array.from({ length: 50 }, (_, i) => `zstd ${i}`));
    await client.close();
  });
});
