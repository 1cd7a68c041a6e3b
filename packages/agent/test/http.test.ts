import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HttpInputConfig } from '../src/config/types.js';
import { startHttp } from '../src/inputs/http.js';
import { inputDeps } from './helpers/inputDeps.js';

async function withInput(extra: Partial<HttpInputConfig>, fn: (url: string, deps: ReturnType<typeof inputDeps>) => Promise<void>) {
  const deps = inputDeps();
  const input = await startHttp(
    {
      type: 'http',
      name: 'h',
      destination: 'default',
      host: '127.0.0.1',
      port: 0,
      allowExternal: false,
      path: '/ingest',
      maxBodyBytes: 2048,
      ...extra,
    },
    deps,
  );
  try {
    await fn(`http://${input.address}/ingest`, deps);
  } finally {
    await input.stop({ drain: true });
    deps.destination.gate.dispose();
  }
}

const post = (url: string, body: string, headers: Record<string, string> = {}) => fetch(url, { method: 'POST', body, headers });

describe('HTTP input', () => {
  it('takes one entry, an array, or NDJSON, and answers once they are delivered', async () => {
    await withInput({}, async (url, deps) => {
      const one = await post(url, '{"message":"single","level":2}');
      expect(one.status).toBe(200);
      expect(await one.json()).toEqual({ accepted: 1, forwarded: 1, spooled: 0, dropped: {}, invalid: [] });
      expect((await post(url, '[{"message":"a"},{"message":"b"},7]')).status).toBe(200);
      const nd = await post(url, '{"message":"c"}\nnot json\n{"message":"d"}\n');
      expect(await nd.json()).toMatchObject({ accepted: 2, invalid: [{ index: 1, error: 'bad_line' }] });
      expect(deps.sink.messages()).toEqual(['single', 'a', 'b', 'c', 'd']);
      expect(deps.sink.stored[0]?.level).toBe(3);
      expect((await fetch(url)).status).toBe(405);
      expect((await post(url.replace('/ingest', '/other'), '{}')).status).toBe(404);
      expect((await post(url, 'x'.repeat(3000))).status).toBe(413);
      expect((await post(url, '"just a string"')).status).toBe(400);
    });
  });

  it('requires the bearer token when one is configured', async () => {
    const deps = inputDeps();
    const file = join(deps.stateDir, 'token');
    writeFileSync(file, 'tok-123\n');
    await withInput({ bearerTokenFile: file }, async (url, d) => {
      expect((await post(url, '{"message":"x"}')).status).toBe(401);
      expect((await post(url, '{"message":"x"}', { Authorization: 'Bearer wrong' })).status).toBe(401);
      expect((await post(url, '{"message":"x"}', { Authorization: 'Bearer tok-123' })).status).toBe(200);
      expect(d.counters.refused).toEqual({ unauthorized: 2 });
      expect(d.counters.dropped).toEqual({});
    });
  });

  it('answers 503 with Retry-After while the destination is full, and passes an Idempotency-Key on', async () => {
    await withInput({}, async (url, deps) => {
      deps.sink.fullness = 1;
      deps.destination.gate.check();
      const busy = await post(url, '{"message":"x"}');
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('1');
      deps.sink.fullness = 0;
      await deps.destination.gate.whenOpen();
      const key = { 'Idempotency-Key': 'client-key-0123456789' };
      expect((await post(url, '{"message":"once"}', key)).status).toBe(200);
      expect((await post(url, '{"message":"once"}', key)).status).toBe(200);
      expect(deps.sink.messages()).toEqual(['once']);
      expect((await post(url, '{"message":"x"}', { 'Idempotency-Key': 'short' })).status).toBe(400);
    });
  });
});
