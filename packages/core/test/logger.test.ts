import { LogFluxClient, portableProviders } from '@logflux/core';
import { describe, expect, it } from 'vitest';
import { envelopesOf, FakeClock, FakeIngestor } from './helpers/fakePlatform.js';
import { readKey } from './helpers/vectors.js';

async function sent(server: FakeIngestor, key: Uint8Array): Promise<Record<string, unknown>[]> {
  const { openEnvelope } = await import('@logflux/core');
  const out: Record<string, unknown>[] = [];
  for (const r of server.batches)
    for (const e of envelopesOf(r)) out.push((await openEnvelope(e as never, { providers: portableProviders(), key })).entry);
  return out;
}

describe('child loggers and the scope seam', () => {
  it('merge attributes: client < scope < child < grandchild < call, for every entry type', async () => {
    const { importPrivateKeyPem, unwrapSessionKey } = await import('@logflux/core');
    const server = new FakeIngestor();
    let scope: Record<string, string> | undefined = { request: 'r-1', tier: 'scope' };
    const client = new LogFluxClient(
      {
        apiKey: 'lf_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6',
        endpoint: 'http://127.0.0.1:9',
        publicKey: readKey('test-rsa-4096-public.pem'),
        attributes: { service: 'api', tier: 'client' },
      },
      { providers: portableProviders(), request: server.request, clock: new FakeClock(), context: () => scope },
    );
    const child = client.child({ tier: 'child', user: 'u1' });
    const grandchild = child.child({ user: 'u2' });
    child.info('from child');
    grandchild.warning('from grandchild', { user: 'u3' });
    grandchild.metric({ name: 'm', value: 1 });
    grandchild.event('e');
    grandchild.captureError(new Error('boom'));
    grandchild.write({ type: 'audit', level: 6, action: 'a', actor: 'b', resource: 'c', resource_id: 'd', outcome: 'success' });
    scope = undefined;
    client.info('plain');
    await client.flush();
    const complete = server.requests.find((r) => r.url.endsWith('/v1/handshake/complete'));
    const key = await unwrapSessionKey(
      await importPrivateKeyPem(readKey('test-rsa-4096-private.pem')),
      JSON.parse(complete?.body as string).encrypted_secret,
    );
    const entries = await sent(server, key);
    expect(entries.map((e) => e.attributes)).toEqual([
      { service: 'api', tier: 'child', request: 'r-1', user: 'u1' },
      { service: 'api', tier: 'child', request: 'r-1', user: 'u3' },
      ...Array.from({ length: 4 }, () => ({ service: 'api', tier: 'child', request: 'r-1', user: 'u2' })),
      { service: 'api', tier: 'client' },
    ]);
    expect(entries[1]).toMatchObject({ level: 5, message: 'from grandchild' });
  });

  it('are plain objects over the parent: creating one sets no timer', () => {
    const clock = new FakeClock();
    let timers = 0;
    const counting = {
      ...clock,
      now: clock.now,
      setTimeout: (fn: () => void, ms: number) => {
        timers++;
        return clock.setTimeout(fn, ms);
      },
      clearTimeout: clock.clearTimeout,
    };
    const client = new LogFluxClient(
      { apiKey: 'lf_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6', endpoint: 'http://127.0.0.1:9', publicKey: readKey('test-rsa-4096-public.pem') },
      { providers: portableProviders(), request: new FakeIngestor().request, clock: counting },
    );
    const before = timers;
    for (let i = 0; i < 1000; i++) client.child({ i: String(i) }).child({ j: 'x' });
    expect(timers).toBe(before);
  });
});
