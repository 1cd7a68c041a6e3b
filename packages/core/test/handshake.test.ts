import {
  discoverIngestor,
  fingerprintSpki,
  type HttpRequest,
  type HttpResponse,
  parseApiKey,
  pemToDer,
  performHandshake,
  planDiscovery,
} from '@logflux/core';
import { describe, expect, it } from 'vitest';
import { FakeIngestor } from './helpers/fakePlatform.js';
import { readKey } from './helpers/vectors.js';

const KEY = parseApiKey('eu-lf_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6');

describe('performHandshake (docs/protocol.md §4)', () => {
  it('checks the pin before a session key exists, and registers the wrapped key', async () => {
    const server = new FakeIngestor();
    const pin = await fingerprintSpki(pemToDer(server.publicKey, 'PUBLIC KEY'));
    const result = await performHandshake({
      request: server.request,
      ingestorUrl: 'http://127.0.0.1:9',
      apiKey: KEY,
      pin,
      timeoutMs: 1000,
    });
    expect(result).toMatchObject({ keyId: 'key-1', fingerprint: pin, supportsMultipart: false });
    expect(result.key).toHaveLength(32);
    const complete = server.requests.find((r) => r.url.endsWith('/v1/handshake/complete'));
    expect(JSON.parse(complete?.body as string).encrypted_secret).toBe(result.encryptedSecret);
    expect(complete?.headers).toMatchObject({ Authorization: `Bearer ${KEY.reveal()}`, 'Content-Type': 'application/json' });
  });

  it('sends no session key to a server whose key does not match the pin', async () => {
    const server = new FakeIngestor();
    server.publicKey = readKey('test-rsa-4096-public.pem');
    const otherPin = `SHA256:${'0'.repeat(64)}`;
    await expect(
      performHandshake({ request: server.request, ingestorUrl: 'http://h', apiKey: KEY, pin: otherPin, timeoutMs: 1000 }),
    ).rejects.toMatchObject({
      errorClass: 'pin_mismatch',
    });
    expect(server.requests.map((r) => r.url)).toEqual(['http://h/v1/handshake/init']);
  });

  it('reports a refused key as unauthorized and an unreachable service as network, naming only the host', async () => {
    const server = new FakeIngestor();
    server.initStatus = 401;
    await expect(
      performHandshake({ request: server.request, ingestorUrl: 'http://h', apiKey: KEY, timeoutMs: 1000 }),
    ).rejects.toMatchObject({
      errorClass: 'unauthorized',
    });
    const down = async () => {
      throw new Error('ECONNREFUSED');
    };
    const error = await performHandshake({ request: down, ingestorUrl: 'http://h:9', apiKey: KEY, timeoutMs: 1000 }).catch((e) => e);
    expect(error).toMatchObject({ errorClass: 'network' });
    expect(error.message).toMatch(/cannot reach h:9/);
    expect(error.message).not.toContain(KEY.reveal());
  });
});

describe('discoverIngestor (docs/protocol.md §3)', () => {
  function answering(map: Record<string, HttpResponse | Error>) {
    const calls: HttpRequest[] = [];
    const request = async (req: HttpRequest) => {
      calls.push(req);
      const answer = map[req.url] ?? new Error('unreachable');
      if (answer instanceof Error) throw answer;
      return answer;
    };
    return { calls, request };
  }
  const ok = (body: unknown): HttpResponse => ({ status: 200, body: JSON.stringify(body), header: () => undefined });

  it('uses static discovery first, unauthenticated', async () => {
    const { calls, request } = answering({ 'https://discover.eu.logflux.io': ok({ endpoints: { ingestor_url: 'https://in.example' } }) });
    expect(await discoverIngestor({ request, plan: planDiscovery(KEY), apiKey: KEY, timeoutMs: 1000 })).toBe('https://in.example');
    expect(calls[0]?.headers.Authorization).toBeUndefined();
  });

  it('falls back to the official SDKs’ authenticated path, then the regional one, then this protocol’s', async () => {
    const { calls, request } = answering({ 'https://api.eu.logflux.io/v1/discovery': ok({ ingestor_url: 'https://late.example' }) });
    expect(await discoverIngestor({ request, plan: planDiscovery(KEY), apiKey: KEY, timeoutMs: 1000 })).toBe('https://late.example');
    expect(calls.map((c) => c.url)).toEqual([
      'https://discover.eu.logflux.io',
      'https://api.logflux.io/api/discovery',
      'https://eu.api.logflux.io/api/discovery',
      'https://api.eu.logflux.io/v1/discovery',
    ]);
    expect(calls[1]?.headers.Authorization).toBe(`Bearer ${KEY.reveal()}`);
  });

  it('stops at a refused key, and reports a bad answer by its class rather than as a network error', async () => {
    const unauthorized = answering({ 'https://api.logflux.io/api/discovery': { status: 401, body: '', header: () => undefined } });
    await expect(discoverIngestor({ ...unauthorized, plan: planDiscovery(KEY), apiKey: KEY, timeoutMs: 1000 })).rejects.toMatchObject({
      errorClass: 'unauthorized',
    });
    const bad = answering({ 'https://api.logflux.io/api/discovery': ok({ ingestor_url: 'http://insecure.example' }) });
    await expect(discoverIngestor({ ...bad, plan: planDiscovery(KEY), apiKey: KEY, timeoutMs: 1000 })).rejects.toMatchObject({
      errorClass: 'insecure_endpoint',
    });
  });
});
