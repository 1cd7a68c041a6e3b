import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogFlux, withScope } from '@logflux/node';
import { LogFluxTransport, LogFluxWorkerTransport } from '@logflux/winston-transport';
import { describe, expect, it } from 'vitest';
import winston from 'winston';
import { kill, spawnServer } from '../../ingestor/test/helpers/serverProcess.js';
import { publicKeyPem, readBack } from '../../node/test/helpers/env.js';

const KEY = fileURLToPath(new URL('../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url));

// Scope attributes (withScope) reach winston both ways: the in-process transport logs through a
// client of this process, which reads the scope itself; the worker transport's client lives in a
// worker thread, so the record worker's host copies the scope into each record on the logging thread.
describe('winston inside withScope', () => {
  it('both transports deliver the scope’s attributes, the record’s own fields winning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'winston-scope-'));
    const server = await spawnServer(join(dir, 'data'), KEY);
    const options = { apiKey: server.apiKey as string, endpoint: server.url, publicKey: publicKeyPem(), spool: false as const };
    const inProcess = new LogFluxTransport({ client: createLogFlux(options) });
    const worker = new LogFluxWorkerTransport({ logflux: options });
    const logger = winston.createLogger({ transports: [inProcess, worker] });
    await withScope({ request_id: 'r-42', route: '/orders/:id' }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      logger.info('in a request', { route: 'own' });
    });
    logger.info('outside');
    await inProcess.flush();
    await new Promise<void>((resolve) => {
      worker.on('finish', () => resolve());
      logger.end();
    });
    const { entries } = await readBack(server.url, server.readToken as string);
    await inProcess.client.close();
    await kill(server.child, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    const scoped = entries.filter((e) => e.message === 'in a request');
    expect(scoped).toHaveLength(2);
    for (const e of scoped) expect(e.attributes).toEqual({ request_id: 'r-42', route: 'own' });
    for (const e of entries.filter((x) => x.message === 'outside')) expect(e.attributes).toBeUndefined();
    expect(entries).toHaveLength(4);
  }, 30_000);
});
