import { createLogFlux } from '@logflux/node';
import { describe, expect, it } from 'vitest';
import { startRecordingProxy } from '../../browser/test/helpers/recordingProxy.js';
import { publicKeyPem, testEnv } from './helpers/env.js';

/** What the SDK sends to the reference ingestor, recorded by a proxy between them. */
async function recorded(supportsMultipart: boolean) {
  const env = await testEnv({ supportsMultipart });
  const proxy = await startRecordingProxy(env.ingestor.url);
  try {
    const client = createLogFlux({ apiKey: env.tenant.apiKey, endpoint: proxy.url, publicKey: publicKeyPem(), spool: false });
    for (let i = 0; i < 120; i++) client.info(`wire ${i}`, { i });
    client.metric({ name: 'm', value: 1 });
    expect(await client.close()).toMatchObject({ acknowledged: 121, pending: 0 });
    const { entries } = await env.readBack();
    expect(entries.map((e) => e.message ?? e.name).sort()).toEqual([...Array.from({ length: 120 }, (_, i) => `wire ${i}`), 'm'].sort());
    return proxy.requests.map((r) => ({ ...r, body: undefined }));
  } finally {
    await proxy.close();
    await env.stop();
  }
}

describe('what the Node SDK puts on the wire', () => {
  it('uses only handshake/init, handshake/complete and multipart /v1/ingest when the ingestor offers multipart', async () => {
    const requests = await recorded(true);
    const paths = [...new Set(requests.map((r) => `${r.method} ${r.path}`))];
    expect(paths).toEqual(['POST /v1/handshake/init', 'POST /v1/handshake/complete', 'POST /v1/ingest']);
    for (const r of requests.filter((r) => r.path === '/v1/ingest')) {
      expect(r.contentType).toMatch(/^multipart\/mixed; boundary=lf-[0-9a-f]{32}$/);
      expect(r.idempotencyKey).toMatch(/^[A-Za-z0-9_-]{22}$/);
    }
  });

  it('sends JSON batches to /v1/batch when the ingestor does not offer multipart', async () => {
    const requests = await recorded(false);
    expect([...new Set(requests.map((r) => `${r.method} ${r.path}`))]).toEqual([
      'POST /v1/handshake/init',
      'POST /v1/handshake/complete',
      'POST /v1/batch',
    ]);
  });
});
