import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LogFluxTransport, LogFluxWorkerTransport } from '@logflux/winston-transport';
import { describe, expect, it } from 'vitest';
import winston from 'winston';
import { kill, spawnServer } from '../../ingestor/test/helpers/serverProcess.js';
import { publicKeyPem, readBack, testEnv } from '../../node/test/helpers/env.js';

const KEY = fileURLToPath(new URL('../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url));

describe('winston worker transport (sealing in a worker thread)', () => {
  it('delivers levels, metadata and errors, and logger.end() finishes after delivery', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'winston-worker-'));
    // The ingestor runs in its own process, as an application's would.
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

describe('both winston transports map an info the same way (one mapping)', () => {
  it('stores identical entries through LogFluxTransport and LogFluxWorkerTransport; flush() and ready() on both', async () => {
    const env = await testEnv();
    const logflux = { apiKey: env.tenant.apiKey, endpoint: env.ingestor.url, publicKey: publicKeyPem(), spool: false as const };
    const inProcess = new LogFluxTransport({ logflux: { ...logflux, sealThreads: 0 } });
    const worker = new LogFluxWorkerTransport({ logflux });
    const run = async (transport: LogFluxTransport | LogFluxWorkerTransport, via: string) => {
      await transport.ready();
      const logger = winston.createLogger({
        level: 'silly',
        format: winston.format.errors({ stack: true, cause: true }),
        defaultMeta: { service: 'billing' },
        transports: [transport],
      });
      logger.info('fields of every kind', { via, n: 1.5, ok: true, none: null, cart: { items: [1, 2] }, syslog: 2 });
      logger.warn({ message: 'object form', via, order: 1042 });
      logger.log('silly', 'lowest', { via });
      logger.error(new Error('boom', { cause: new Error('root') }) as unknown as string, { via });
      logger.error('failed to pay', { via, error: new TypeError('declined') });
      return transport.flush();
    };
    expect(await run(inProcess, 'in-process')).toMatchObject({ acknowledged: 5, pending: 0 });
    expect(await run(worker, 'worker')).toMatchObject({ acknowledged: 5, pending: 0 });
    const { entries } = await env.readBack();
    const shape = (via: string) =>
      entries
        .filter((e) => (e.attributes as Record<string, string>).via === via)
        .map(({ ts: _ts, attributes, stack_trace, ...rest }) => ({
          ...rest,
          attributes: { ...(attributes as Record<string, string>), via: '' },
          // the stacks themselves differ: each error was made at its own depth
          frames: ((stack_trace as unknown[] | undefined)?.length ?? 0) > 0,
        }));
    expect(shape('worker')).toEqual(shape('in-process'));
    expect(shape('worker')).toHaveLength(5);
    // A field named syslog is an ordinary attribute: it neither disappears nor changes the level.
    expect(shape('worker')[0]).toMatchObject({
      level: 7,
      attributes: { service: 'billing', n: '1.5', ok: 'true', none: 'null', 'cart.items': '[1,2]', syslog: '2' },
    });
    expect(shape('worker')[3]).toMatchObject({ level: 4, error_type: 'Error', error_message: 'boom', error_cause: 'Error: root' });
    expect(shape('worker')[4]).toMatchObject({ level: 4, message: 'failed to pay', error_type: 'TypeError', error_message: 'declined' });
    await inProcess.client.close();
    await new Promise<void>((resolve) => {
      worker.once('finish', () => resolve());
      worker.end();
    });
    await env.stop();
  });
});
