import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scopeAttributes, withScope } from '@logflux/node';
import { logfluxDestination } from '@logflux/pino-transport';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { kill, spawnServer } from '../../ingestor/test/helpers/serverProcess.js';
import { publicKeyPem, readBack } from '../../node/test/helpers/env.js';
import { buildTarget } from './helpers/pinoFixture.js';

const KEY = fileURLToPath(new URL('../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url));

// Scope attributes (withScope) reach pino both ways: the in-process destination logs through a
// client of this process, which reads the scope itself; pino.transport's client lives in pino's
// worker thread, so the `scopeAttributes` mixin copies the scope into each record on this thread.
describe('pino inside withScope', () => {
  it('the destination and the worker transport (with the mixin) deliver the scope’s attributes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pino-scope-'));
    const server = await spawnServer(join(dir, 'data'), KEY);
    const options = { apiKey: server.apiKey as string, endpoint: server.url, publicKey: publicKeyPem(), spool: false as const };
    const destination = logfluxDestination(options);
    const inProcess = pino(destination);
    const transport = pino.transport({ target: buildTarget(), options });
    const worker = pino({ mixin: scopeAttributes }, transport);
    await withScope({ request_id: 'r-7', user: 'u1' }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      inProcess.info({ user: 'own' }, 'in a request');
      worker.info({ user: 'own' }, 'in a request');
    });
    inProcess.info('outside');
    worker.info('outside');
    await new Promise<void>((resolve) => destination.flush(() => resolve()));
    const closed = new Promise((resolve) => transport.once('close', resolve));
    transport.end();
    await closed;
    const { entries } = await readBack(server.url, server.readToken as string);
    destination.end();
    await kill(server.child, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    const scoped = entries.filter((e) => e.message === 'in a request');
    expect(scoped).toHaveLength(2);
    for (const e of scoped) expect(e.attributes).toMatchObject({ request_id: 'r-7', user: 'own' });
    for (const e of entries.filter((x) => x.message === 'outside')) expect(e.attributes).not.toHaveProperty('request_id');
    expect(entries).toHaveLength(4);
  }, 30_000);
});
