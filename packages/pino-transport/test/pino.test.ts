import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logfluxDestination, pinoLevelToSyslog } from '@logflux/pino-transport';
import pino from 'pino';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { kill, spawnServer } from '../../ingestor/test/helpers/serverProcess.js';
import { publicKeyPem, readBack, type TestEnv, testEnv } from '../../node/test/helpers/env.js';
import { buildTarget, transportLogger } from './helpers/pinoFixture.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./helpers/child.ts', import.meta.url));

let env: TestEnv;
let target: string;
beforeAll(() => {
  target = buildTarget();
});
beforeEach(async () => {
  env = await testEnv({ faultInjection: true });
});
afterEach(() => env.stop());

const base = () => ({
  apiKey: env.tenant.apiKey,
  endpoint: env.ingestor.url,
  publicKey: publicKeyPem(),
  spool: { dir: join(env.scratch, 'spool') },
});

/**
 * Waits until `count` entries are stored, then ends the transport. (thread-stream's end() blocks
 * this thread until the worker is done, and here the ingestor runs on this very thread, so ending
 * first would stall the worker's delivery.)
 */
async function deliveredThenEnd(transport: { end(): void }, count: number): Promise<void> {
  const stored = () =>
    env.readBack().then(
      (r) => r.stored.length,
      () => -1,
    );
  for (let i = 0; i < 200 && (await stored()) < count; i++) await new Promise((r) => setTimeout(r, 50));
  transport.end();
}

describe('pino transport (worker thread) against the reference ingestor', () => {
  it('maps pino levels to syslog severities', () => {
    expect([10, 20, 30, 40, 50, 60].map(pinoLevelToSyslog)).toEqual([8, 8, 7, 5, 4, 2]);
  });

  it('delivers every level and shape: message only, object, bindings, error with cause', async () => {
    const { logger, transport } = transportLogger(target, base());
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const) logger[level](`pino ${level}`);
    logger.info({ user: 'u1', cart: { items: 3 } }, 'with object');
    logger.child({ request_id: 'r-7' }).info('from a child');
    logger.error({ err: new Error('boom', { cause: new Error('root cause') }) }, 'failed');
    await deliveredThenEnd(transport, 9);
    const { entries } = await env.readBack();
    expect(entries).toHaveLength(9);
    expect(entries.slice(0, 6).map((e) => [e.message, e.level])).toEqual([
      ['pino trace', 8],
      ['pino debug', 8],
      ['pino info', 7],
      ['pino warn', 5],
      ['pino error', 4],
      ['pino fatal', 2],
    ]);
    expect(entries[6]).toMatchObject({ message: 'with object', attributes: { user: 'u1', 'cart.items': '3' } });
    expect((entries[6]?.attributes as Record<string, string> | undefined)?.pid).toBe(String(process.pid));
    expect(entries[7]).toMatchObject({ message: 'from a child', attributes: { request_id: 'r-7' } });
    // pino's error serializer folds the cause into the message (and the stack) before the
    // transport sees it.
    expect(entries[8]).toMatchObject({ message: 'failed', level: 4, error_type: 'Error', error_message: 'boom: root cause' });
    expect((entries[8]?.stack_trace as unknown[] | undefined)?.length ?? 0).toBeGreaterThan(0);
  });

  it('loses nothing through an ingestor outage', async () => {
    // The ingestor runs in its own process here: thread-stream may block this thread while it
    // hands data to pino's worker, and an ingestor on this thread would then stall the worker.
    const dir = join(env.scratch, 'outage');
    const server = await spawnServer(
      join(dir, 'data'),
      fileURLToPath(new URL('../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url)),
    );
    const { logger, transport } = transportLogger(target, {
      apiKey: server.apiKey,
      endpoint: server.url,
      publicKey: publicKeyPem(),
      spool: { dir: join(dir, 'spool') },
      backoffInitialMs: 50,
      backoffMaxMs: 200,
      flushIntervalMs: 50,
    });
    await new Promise((r) => setTimeout(r, 800)); // the worker's handshake
    for (const fault of [
      { kind: 'status', status: 502, count: 5 },
      { kind: 'close', phase: 'after', count: 2 },
    ]) {
      await fetch(`${server.url}/__admin/faults`, { method: 'POST', body: JSON.stringify(fault) });
    }
    for (let i = 0; i < 300; i++) logger.info({ id: `o${i}` }, `outage ${i}`);
    let ids: string[] = [];
    for (let i = 0; i < 100 && ids.length < 300; i++) {
      await new Promise((r) => setTimeout(r, 100));
      ids = (await readBack(server.url, server.readToken as string)).entries.map((e) => (e.attributes as { id: string }).id);
    }
    transport.end();
    await kill(server.child, 'SIGTERM');
    expect(new Set(ids).size).toBe(300);
    expect(ids).toHaveLength(300);
  }, 30_000);

  it('works in-process as a destination; logger.flush(cb) waits for delivery; errors never throw', async () => {
    const destination = logfluxDestination({ ...base(), spool: false });
    const logger = pino(destination);
    for (let i = 0; i < 50; i++) logger.info({ i }, 'in process');
    await new Promise<void>((resolve, reject) => logger.flush((e) => (e ? reject(e) : resolve())));
    expect((await env.readBack()).entries).toHaveLength(50);
    destination.end();
    const broken = pino(
      logfluxDestination({ apiKey: env.tenant.apiKey, endpoint: 'http://127.0.0.1:9', spool: false, maxRetries: 0, onError: () => {} }),
    );
    expect(() => {
      for (let i = 0; i < 100; i++) broken.error({ err: new Error('x') }, 'into the void');
    }).not.toThrow();
  });
});

describe('pino: a process that logs and ends delivers everything', () => {
  function runChild(mode: string, count: number): Promise<{ code: number | null }> {
    const child = spawn(
      process.execPath,
      [
        '--conditions=logflux-src',
        '--import',
        'tsx',
        CHILD,
        mode,
        env.ingestor.url,
        env.tenant.apiKey,
        join(env.scratch, 'spool'),
        String(count),
        target,
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    child.stdout.on('data', (d) => {
      if (String(d).includes('ready')) setTimeout(() => child.kill('SIGTERM'), 200);
    });
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code })));
  }
  const stored = async (prefix: string) =>
    new Set((await env.readBack()).entries.map((e) => (e.attributes as { id: string }).id).filter((id) => id.startsWith(prefix))).size;

  for (const mode of ['normal', 'exit', 'sigterm']) {
    it(mode, async () => {
      expect((await runChild(mode, 300)).code).toBe(0);
      expect(await stored(mode)).toBe(300);
    }, 30_000);
  }
});
