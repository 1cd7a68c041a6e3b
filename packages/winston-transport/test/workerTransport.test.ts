import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LogFluxWorkerTransport } from '@logflux/winston-transport';
import { describe, expect, it } from 'vitest';
import winston from 'winston';
import { kill, spawnServer } from '../../ingestor/test/helpers/serverProcess.js';
import { publicKeyPem, readBack } from '../../node/test/helpers/env.js';

const KEY = fileURLToPath(new URL('../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url));

describe('winston worker transport (sealing in a worker thread)', () => {
  it('delivers levels, metadata and errors, and logger.end() finishes after delivery', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'winston-worker-'));
    // The ingestor runs in its own process: ending the worker blocks this thread briefly.
    const server = await spawnServer(join(dir, 'data'), KEY);
    const transport = new LogFluxWorkerTransport({
      logflux: { apiKey: server.apiKey as string, endpoint: server.url, publicKey: publicKeyPem(), spool: false },
    });
    const logger = winston.createLogger({
      levels: winston.config.syslog.levels,
      level: 'debug',
      format: winston.format.errors({ stack: true, cause: true }),
      transports: [transport],
    });
    for (const level of ['emerg', 'alert', 'crit', 'error', 'warning', 'notice', 'info', 'debug'])
      logger.log(level, `syslog ${level}`, { tag: level });
    logger.error(new Error('boom', { cause: new Error('root') }));
    await new Promise<void>((resolve) => {
      transport.on('finish', () => resolve());
      logger.end();
    });
    const { entries } = await readBack(server.url, server.readToken as string);
    await kill(server.child, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    expect(entries.slice(0, 8).map((e) => [e.message, e.level, (e.attributes as { tag: string }).tag])).toEqual(
      ['emerg', 'alert', 'crit', 'error', 'warning', 'notice', 'info', 'debug'].map((l, i) => [`syslog ${l}`, i + 1, l]),
    );
    expect(entries[8]).toMatchObject({ level: 4, error_type: 'Error', error_message: 'boom' });
    expect(String(entries[8]?.error_cause)).toMatch(/root/);
  }, 30_000);
});
