import { startIngestor } from '@logflux/ingestor';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestorWithTenant, tempDir } from './helpers/fixtures.js';
import { readAll, WireClient } from './helpers/wireClient.js';

let env: Awaited<ReturnType<typeof ingestorWithTenant>> | undefined;
afterEach(async () => {
  await env?.stop();
  env = undefined;
});

describe('ingestor: service surface', () => {
  it('listens on loopback only unless told otherwise', async () => {
    const dir = tempDir();
    await expect(startIngestor({ dataDir: dir.path, host: '0.0.0.0' })).rejects.toThrow(/allowExternal/);
    dir.remove();
  });

  it('answers health, info and both discovery forms with its own URL', async () => {
    env = await ingestorWithTenant();
    const url = env.ingestor.url;
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok' });
    expect(((await (await fetch(`${url}/info`)).json()) as { limits: unknown }).limits).toEqual({
      max_batch_size: 1000,
      max_payload_size: 1048576,
      max_request_size: 1048576,
    });
    expect(((await (await fetch(`${url}/`)).json()) as { endpoints: { ingestor_url: string } }).endpoints.ingestor_url).toBe(url);
    const auth = await fetch(`${url}/v1/discovery`, { headers: { Authorization: `Bearer ${env.tenant.apiKey}` } });
    expect(((await auth.json()) as { ingestor_url: string }).ingestor_url).toBe(url);
    expect((await fetch(`${url}/v1/discovery`)).status).toBe(401);
  });

  it('keeps ingest keys and read tokens apart', async () => {
    env = await ingestorWithTenant();
    const url = env.ingestor.url;
    expect((await fetch(`${url}/v1/entries`, { headers: { Authorization: `Bearer ${env.tenant.apiKey}` } })).status).toBe(403);
    expect((await fetch(`${url}/v1/entries`)).status).toBe(401);
    const ingestWithToken = await fetch(`${url}/v1/batch`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${env.tenant.readToken}` },
      body: '{}',
    });
    expect(ingestWithToken.status).toBe(403);
  });

  it('rate-limits per API key with the X-RateLimit headers and Retry-After', async () => {
    env = await ingestorWithTenant({ rateLimit: { perMinute: 60, burst: 3 } });
    const client = new WireClient(env.ingestor.url, env.tenant.apiKey);
    await client.handshake(); // init + complete use 2 of the 3
    const e = await client.seal({});
    const ok = await client.batch([e]);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-ratelimit-limit')).toBe('60');
    expect(ok.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(ok.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    const limited = await client.batch([e]);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await limited.json()) as { error: { code: string; retry_after: number } }).error).toMatchObject({ code: 'rate_limited' });
  });

  it('answers 507 once the quota is used up, storing nothing of that request', async () => {
    env = await ingestorWithTenant({ rateLimit: false }, { maxEntries: 3 });
    const client = new WireClient(env.ingestor.url, env.tenant.apiKey);
    await client.handshake();
    expect((await client.batch([await client.seal({}), await client.seal({})])).status).toBe(200);
    const over = await client.batch([await client.seal({}), await client.seal({}, 1, 5)]);
    expect(over.status).toBe(507);
    expect(over.headers.get('retry-after')).toBe('60');
    expect(((await over.json()) as { error: { details: unknown } }).error.details).toEqual({ entry_types: [1, 5] });
    expect(await readAll(env.ingestor.url, env.tenant.readToken)).toHaveLength(2);
  });
});

describe('ingestor: fault injection', () => {
  it('is off unless enabled', async () => {
    env = await ingestorWithTenant();
    expect(env.ingestor.faults).toBeUndefined();
    expect((await fetch(`${env.ingestor.url}/__admin/faults`, { method: 'POST', body: '{"kind":"close"}' })).status).toBe(404);
  });

  it('fails the next N requests with a status, then recovers', async () => {
    env = await ingestorWithTenant({ faultInjection: true, rateLimit: false });
    const client = new WireClient(env.ingestor.url, env.tenant.apiKey);
    await client.handshake();
    const e = await client.seal({});
    await fetch(`${env.ingestor.url}/__admin/faults`, { method: 'POST', body: JSON.stringify({ kind: 'status', status: 503, count: 2 }) });
    expect((await client.batch([e])).status).toBe(503);
    expect((await client.batch([e])).status).toBe(503);
    expect((await client.batch([e])).status).toBe(200);
    expect(await readAll(env.ingestor.url, env.tenant.readToken)).toHaveLength(1);
  });

  it('answers 429 with Retry-After in seconds or as an HTTP date', async () => {
    env = await ingestorWithTenant({ faultInjection: true, rateLimit: false });
    const client = new WireClient(env.ingestor.url, env.tenant.apiKey);
    await client.handshake();
    env.ingestor.faults?.add({ kind: 'rate_limit', retryAfter: 7 });
    env.ingestor.faults?.add({ kind: 'rate_limit', retryAfter: 30, format: 'date' });
    const e = await client.seal({});
    expect((await client.batch([e])).headers.get('retry-after')).toBe('7');
    const dated = (await client.batch([e])).headers.get('retry-after') ?? '';
    expect(dated).toMatch(/GMT$/);
    expect(Date.parse(dated) - Date.now()).toBeGreaterThan(25_000);
  });

  it('adds latency and closes connections before or after storing', async () => {
    env = await ingestorWithTenant({ faultInjection: true, rateLimit: false });
    const client = new WireClient(env.ingestor.url, env.tenant.apiKey);
    await client.handshake();
    const faults = env.ingestor.faults;
    faults?.add({ kind: 'latency', ms: 300 });
    const started = Date.now();
    expect((await client.batch([await client.seal({ slow: 1 })])).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    faults?.add({ kind: 'close', phase: 'before' });
    await expect(client.batch([await client.seal({ lost: 1 })]).then((r) => r.text())).rejects.toThrow();
    faults?.add({ kind: 'close', phase: 'after' });
    await expect(client.batch([await client.seal({ stored: 1 })]).then((r) => r.text())).rejects.toThrow();
    expect(await readAll(env.ingestor.url, env.tenant.readToken)).toHaveLength(2);
    expect(faults?.applied).toMatchObject({ latency: 1, close: 2 });
  });
});
