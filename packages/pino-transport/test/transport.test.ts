import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinoTransport } from '@logflux/pino-transport';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { kill, spawnServer } from '../../ingestor/test/helpers/serverProcess.js';
import { publicKeyPem, readBack } from '../../node/test/helpers/env.js';
import { buildTarget } from './helpers/pinoFixture.js';

const KEY = fileURLToPath(new URL('../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url));
let target: string;
beforeAll(() => {
  target = buildTarget();
});

describe('pinoTransport(): the application-thread side of the pino transport', () => {
  it('starts the LogFlux worker through pino.transport() and delivers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pino-transport-'));
    // In its own process: ending thread-stream blocks this thread until the worker has delivered.
    const server = await spawnServer(join(dir, 'data'), KEY);
    const transport = pinoTransport({ target, apiKey: server.apiKey, endpoint: server.url, publicKey: publicKeyPem(), spool: false });
    const logger = pino(transport);
    logger.info({ order: 1 }, 'through pinoTransport');
    const closed = new Promise((resolve) => transport.once('close', resolve));
    transport.end();
    await closed;
    const { entries } = await readBack(server.url, server.readToken as string);
    await kill(server.child, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    expect(entries).toMatchObject([{ message: 'through pinoTransport', attributes: { order: '1' } }]);
  }, 30_000);

  it('reports a worker that cannot start once, and logging on does not throw', async () => {
    const diagnostics: string[] = [];
    const transport = pinoTransport({ target: '/nonexistent/transport.mjs', diagnostic: (m) => diagnostics.push(m) });
    const logger = pino(transport);
    await new Promise((resolve) => transport.once('close', resolve));
    expect(() => {
      for (let i = 0; i < 10; i++) logger.info('into nothing');
    }).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatch(/^the pino transport's worker failed \(Cannot find module '\/nonexistent\/transport\.mjs'\)/);
  });
});
