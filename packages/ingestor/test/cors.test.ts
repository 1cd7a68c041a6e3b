import { CORS_EXPOSE_HEADERS, startIngestor } from '@logflux/ingestor';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestorWithTenant, tempDir } from './helpers/fixtures.js';
import { headerList, type RawResponse, rawRequest } from './helpers/rawHttp.js';
import { WireClient } from './helpers/wireClient.js';

let env: Awaited<ReturnType<typeof ingestorWithTenant>> | undefined;
afterEach(async () => {
  await env?.stop();
  env = undefined;
});

const APP = 'http://localhost:5173';
const EVIL = 'http://evil.example';

const API_ROUTES = [
  '/',
  '/health',
  '/info',
  '/v1/discovery',
  '/v1/handshake/init',
  '/v1/handshake/complete',
  '/v1/ingest',
  '/v1/batch',
  '/v1/entries',
  '/v1/keys',
  '/v1/keys/7f8a9b0c-1d2e-3f4a-5b6c-7d8e9f0a1b2c',
];

/** What a browser sends before `fetch(url, {method: 'POST', headers: <SDK headers>})` from `origin`. */
function preflight(url: string, origin: string, extra: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest(url, 'OPTIONS', {
    Origin: origin,
    'Access-Control-Request-Method': 'POST',
    'Access-Control-Request-Headers': 'authorization,content-type,idempotency-key,user-agent',
    ...extra,
  });
}

const corsHeaderNames = (r: RawResponse) => Object.keys(r.headers).filter((h) => h.startsWith('access-control-'));

function expectAllowed(r: RawResponse, origin: string): void {
  expect(r.headers['access-control-allow-origin']).toBe(origin);
  expect(headerList(r.headers.vary)).toContain('origin');
  expect(headerList(r.headers['access-control-expose-headers'])).toEqual(CORS_EXPOSE_HEADERS.map((h) => h.toLowerCase()));
  expect(r.headers['access-control-allow-credentials']).toBeUndefined();
}

async function batchFrom(client: WireClient, origin: string, body: string, extra: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest(`${client.baseUrl}/v1/batch`, 'POST', { Origin: origin, ...client.headers(extra) }, body);
}

describe('ingestor CORS: off by default', () => {
  it('sends no CORS headers and keeps answering OPTIONS with 405 when no origins are configured', async () => {
    for (const allowedOrigins of [undefined, []]) {
      env = await ingestorWithTenant(allowedOrigins ? { allowedOrigins } : {});
      const url = env.ingestor.url;
      const pre = await preflight(`${url}/v1/batch`, APP);
      expect(pre.status).toBe(405);
      expect(corsHeaderNames(pre)).toEqual([]);
      const health = await rawRequest(`${url}/health`, 'GET', { Origin: APP });
      expect(health.status).toBe(200);
      expect(corsHeaderNames(health)).toEqual([]);
      expect(health.headers.vary).toBeUndefined();
      const unauthorized = await rawRequest(`${url}/v1/batch`, 'POST', { Origin: APP, 'Content-Type': 'application/json' }, '{}');
      expect(unauthorized.status).toBe(401);
      expect(corsHeaderNames(unauthorized)).toEqual([]);
      await env.stop();
      env = undefined;
    }
  });
});

describe('ingestor CORS: preflight', () => {
  it('answers 204 with the allowed origin, methods, headers and max age on every API route', async () => {
    env = await ingestorWithTenant({ allowedOrigins: [APP, 'https://other.example'] });
    for (const path of API_ROUTES) {
      const r = await preflight(`${env.ingestor.url}${path}`, APP);
      expect(r.status, path).toBe(204);
      expect(r.body).toBe('');
      expect(r.headers['access-control-allow-origin']).toBe(APP);
      expect(headerList(r.headers.vary)).toContain('origin');
      expect(headerList(r.headers['access-control-allow-methods'])).toEqual(['get', 'post', 'options']);
      const allowHeaders = headerList(r.headers['access-control-allow-headers']);
      for (const h of ['authorization', 'content-type', 'idempotency-key', 'user-agent']) expect(allowHeaders, path).toContain(h);
      expect(Number(r.headers['access-control-max-age'])).toBeGreaterThan(0);
      expect(r.headers['access-control-allow-credentials']).toBeUndefined();
    }
    const second = await preflight(`${env.ingestor.url}/v1/batch`, 'https://other.example');
    expect(second.status).toBe(204);
    expect(second.headers['access-control-allow-origin']).toBe('https://other.example');
  });

  it('refuses a preflight from an origin not in the list with 403 and no CORS headers', async () => {
    env = await ingestorWithTenant({ allowedOrigins: [APP] });
    for (const origin of [EVIL, 'http://localhost:5174', 'https://localhost:5173', 'http://localhost:5173.evil.example', 'null']) {
      const r = await preflight(`${env.ingestor.url}/v1/batch`, origin);
      expect(r.status, origin).toBe(403);
      expect(corsHeaderNames(r), origin).toEqual([]);
      expect((JSON.parse(r.body) as { error: { code: string } }).error.code).toBe('forbidden');
    }
  });

  it('allows any origin, including the opaque "null", with "*", echoing it', async () => {
    env = await ingestorWithTenant({ allowedOrigins: ['*'] });
    for (const origin of [APP, EVIL, 'null']) {
      const r = await preflight(`${env.ingestor.url}/v1/batch`, origin);
      expect(r.status, origin).toBe(204);
      expect(r.headers['access-control-allow-origin']).toBe(origin);
      const health = await rawRequest(`${env.ingestor.url}/health`, 'GET', { Origin: origin });
      expectAllowed(health, origin);
    }
  });

  it('matches configured origins the way browsers serialise Origin', async () => {
    env = await ingestorWithTenant({ allowedOrigins: ['HTTPS://App.Example.COM:443/', 'http://127.0.0.1:8080'] });
    expect((await preflight(`${env.ingestor.url}/v1/batch`, 'https://app.example.com')).status).toBe(204);
    expect((await preflight(`${env.ingestor.url}/v1/batch`, 'http://127.0.0.1:8080')).status).toBe(204);
    expect((await preflight(`${env.ingestor.url}/v1/batch`, 'https://app.example.com:8443')).status).toBe(403);
    expect((await preflight(`${env.ingestor.url}/v1/batch`, 'http://app.example.com')).status).toBe(403);
  });

  it('needs no credentials, spends no rate-limit tokens, and 404s an unknown route', async () => {
    env = await ingestorWithTenant({ allowedOrigins: [APP], rateLimit: { perMinute: 60, burst: 1 } });
    for (let i = 0; i < 5; i++) expect((await preflight(`${env.ingestor.url}/v1/discovery`, APP)).status).toBe(204);
    const discovery = await rawRequest(`${env.ingestor.url}/v1/discovery`, 'GET', {
      Origin: APP,
      Authorization: `Bearer ${env.tenant.apiKey}`,
    });
    expect(discovery.status).toBe(200);
    expect(discovery.headers['x-ratelimit-remaining']).toBe('0');
    expect((await preflight(`${env.ingestor.url}/v1/nope`, APP)).status).toBe(404);
  });

  it('answers a Private Network Access preflight only when asked', async () => {
    env = await ingestorWithTenant({ allowedOrigins: ['https://app.example.com'] });
    const asked = await preflight(`${env.ingestor.url}/v1/batch`, 'https://app.example.com', {
      'Access-Control-Request-Private-Network': 'true',
    });
    expect(asked.status).toBe(204);
    expect(asked.headers['access-control-allow-private-network']).toBe('true');
    const plain = await preflight(`${env.ingestor.url}/v1/batch`, 'https://app.example.com');
    expect(plain.headers['access-control-allow-private-network']).toBeUndefined();
  });
});

describe('ingestor CORS: actual responses', () => {
  it('carries the CORS headers on success, with the rate-limit headers the client reads', async () => {
    env = await ingestorWithTenant({ allowedOrigins: [APP] });
    const client = new WireClient(env.ingestor.url, env.tenant.apiKey);
    await client.handshake();
    const body = JSON.stringify({ entries: [await client.seal({ message: 'from a browser' })] });
    const ok = await batchFrom(client, APP, body, { 'Idempotency-Key': 'cors-test-key-0001' });
    expect(ok.status).toBe(200);
    expectAllowed(ok, APP);
    expect(ok.headers['x-ratelimit-limit']).toBe('600');
    const replayed = await batchFrom(client, APP, body, { 'Idempotency-Key': 'cors-test-key-0001' });
    expect(replayed.status).toBe(200);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expectAllowed(replayed, APP);
    for (const path of ['/', '/health', '/info'])
      expectAllowed(await rawRequest(`${env.ingestor.url}${path}`, 'GET', { Origin: APP }), APP);
    const entries = await rawRequest(`${env.ingestor.url}/v1/entries`, 'GET', {
      Origin: APP,
      Authorization: `Bearer ${env.tenant.readToken}`,
    });
    expect(entries.status).toBe(200);
    expectAllowed(entries, APP);
  });

  it('carries the CORS headers on 400, 401, 403, 404, 405 and 413', async () => {
    env = await ingestorWithTenant({ allowedOrigins: [APP], limits: { maxRequestSize: 2048 } });
    const client = new WireClient(env.ingestor.url, env.tenant.apiKey);
    const url = env.ingestor.url;
    const cases: Array<[number, Promise<RawResponse>]> = [
      [400, batchFrom(client, APP, '{}')],
      [401, rawRequest(`${url}/v1/batch`, 'POST', { Origin: APP, 'Content-Type': 'application/json' }, '{}')],
      [403, rawRequest(`${url}/v1/entries`, 'GET', { Origin: APP, Authorization: `Bearer ${env.tenant.apiKey}` })],
      [404, rawRequest(`${url}/v1/nope`, 'GET', { Origin: APP })],
      [405, rawRequest(`${url}/v1/batch`, 'GET', { Origin: APP })],
      [413, batchFrom(client, APP, `{"entries":["${'x'.repeat(4096)}"]}`)],
      // An OPTIONS without Access-Control-Request-Method is not a preflight: an ordinary 405.
      [405, rawRequest(`${url}/v1/batch`, 'OPTIONS', { Origin: APP })],
    ];
    for (const [status, pending] of cases) {
      const r = await pending;
      expect(r.status).toBe(status);
      expect((JSON.parse(r.body) as { status: string }).status).toBe('error');
      expectAllowed(r, APP);
    }
  });

  it('carries the CORS headers and Retry-After on 429 and 507', async () => {
    env = await ingestorWithTenant({ allowedOrigins: [APP], rateLimit: { perMinute: 60, burst: 4 } }, { maxEntries: 1 });
    const client = new WireClient(env.ingestor.url, env.tenant.apiKey);
    await client.handshake(); // 2 of the 4 tokens
    const quota = await batchFrom(client, APP, JSON.stringify({ entries: [await client.seal({}), await client.seal({})] }));
    expect(quota.status).toBe(507);
    expect(quota.headers['retry-after']).toBe('60');
    expectAllowed(quota, APP);
    await batchFrom(client, APP, '{}'); // the last token
    const limited = await batchFrom(client, APP, '{}');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expectAllowed(limited, APP);
  });

  it('carries the CORS headers on injected faults', async () => {
    env = await ingestorWithTenant({ allowedOrigins: [APP], faultInjection: true });
    env.ingestor.faults?.add({ kind: 'status', status: 503 });
    env.ingestor.faults?.add({ kind: 'rate_limit', retryAfter: 3, format: 'date' });
    const client = new WireClient(env.ingestor.url, env.tenant.apiKey);
    const unavailable = await batchFrom(client, APP, '{}');
    expect(unavailable.status).toBe(503);
    expectAllowed(unavailable, APP);
    const limited = await batchFrom(client, APP, '{}');
    expect(limited.status).toBe(429);
    expect(Date.parse(limited.headers['retry-after'] as string)).toBeGreaterThan(Date.now() - 5000);
    expectAllowed(limited, APP);
  });

  it('exposes every non-safelisted header the server sends', async () => {
    env = await ingestorWithTenant({ allowedOrigins: [APP], rateLimit: { perMinute: 60, burst: 5 } }, { maxEntries: 1 });
    const client = new WireClient(env.ingestor.url, env.tenant.apiKey);
    await client.handshake();
    const one = JSON.stringify({ entries: [await client.seal({})] });
    const responses = [
      await batchFrom(client, APP, one, { 'Idempotency-Key': 'cors-test-key-0002' }), // 200
      await batchFrom(client, APP, one, { 'Idempotency-Key': 'cors-test-key-0002' }), // replayed
      await batchFrom(client, APP, one), // 507
      await batchFrom(client, APP, one), // 429
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 507, 429]);
    // Readable by scripts without exposure (CORS-safelisted), or not meant for scripts at all.
    const unexposed = new Set([
      'cache-control',
      'content-language',
      'content-length',
      'content-type',
      'expires',
      'last-modified',
      'pragma',
    ]);
    const transport = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'vary']);
    const sent = new Set(
      responses
        .flatMap((r) => Object.keys(r.headers))
        .filter((h) => !h.startsWith('access-control-') && !unexposed.has(h) && !transport.has(h)),
    );
    expect([...sent].sort()).toEqual([
      'idempotent-replayed',
      'retry-after',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
    ]);
    for (const r of responses) expect(headerList(r.headers['access-control-expose-headers'])).toEqual(expect.arrayContaining([...sent]));
  });

  it('serves a request from a disallowed origin without CORS headers (the browser then hides it)', async () => {
    env = await ingestorWithTenant({ allowedOrigins: [APP] });
    const r = await rawRequest(`${env.ingestor.url}/health`, 'GET', { Origin: EVIL });
    expect(r.status).toBe(200);
    expect(corsHeaderNames(r)).toEqual([]);
    expect(headerList(r.headers.vary)).toContain('origin');
    const noOrigin = await rawRequest(`${env.ingestor.url}/health`, 'GET');
    expect(corsHeaderNames(noOrigin)).toEqual([]);
    expect(headerList(noOrigin.headers.vary)).toContain('origin');
  });
});

describe('ingestor CORS: configuration', () => {
  it('refuses to start on an allowed origin that is not an origin, saying why', async () => {
    const dir = tempDir();
    const cases: Array<[string, RegExp]> = [
      ['app.example.com', /"app\.example\.com" is not a URL/],
      ['ftp://files.example', /not http or https/],
      ['http://localhost:5173/app', /has a path, query or fragment/],
      ['http://localhost:5173/?x=1', /has a path, query or fragment/],
      ['http://user@localhost:5173', /has user info/],
      ['', /allowed origin is empty/],
    ];
    for (const [origin, message] of cases) {
      await expect(startIngestor({ dataDir: dir.path, allowedOrigins: [origin] }), origin).rejects.toThrow(message);
    }
    dir.remove();
  });
});
