import { join } from 'node:path';
import { createLogFlux } from '@logflux/node';
import { LogFluxTransport, winstonLevelToSyslog } from '@logflux/winston-transport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import winston from 'winston';
import { publicKeyPem, type TestEnv, testEnv } from '../../node/test/helpers/env.js';

let env: TestEnv;
beforeEach(async () => {
  env = await testEnv({ faultInjection: true });
});
afterEach(() => env.stop());

const transportFor = (extra: Record<string, unknown> = {}) =>
  new LogFluxTransport({
    logflux: {
      apiKey: env.tenant.apiKey,
      endpoint: env.ingestor.url,
      publicKey: publicKeyPem(),
      spool: { dir: join(env.scratch, 'spool') },
      ...extra,
    },
  });

function finished(t: LogFluxTransport): Promise<void> {
  return new Promise((resolve) => t.on('finish', () => resolve()));
}

describe('winston transport against the reference ingestor', () => {
  it('maps both level sets to syslog severities', () => {
    expect(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'].map(winstonLevelToSyslog)).toEqual([4, 5, 7, 7, 8, 8, 8]);
    expect(['emerg', 'alert', 'crit', 'error', 'warning', 'notice', 'info', 'debug'].map(winstonLevelToSyslog)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
  });

  it('delivers every level and shape, and logger.end() waits for delivery', async () => {
    const transport = transportFor();
    const logger = winston.createLogger({
      level: 'silly',
      format: winston.format.errors({ stack: true, cause: true }),
      transports: [transport],
    });
    for (const level of ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']) logger.log(level, `npm ${level}`);
    logger.info('with metadata', { user: 'u1', cart: { items: 3 } });
    logger.info({ message: 'object form', order: 1042 });
    logger.error(new Error('boom', { cause: new Error('root cause') }));
    const done = finished(transport);
    logger.end();
    await done;
    const { entries } = await env.readBack();
    expect(entries).toHaveLength(10);
    expect(entries.slice(0, 7).map((e) => [e.message, e.level])).toEqual([
      ['npm error', 4],
      ['npm warn', 5],
      ['npm info', 7],
      ['npm http', 7],
      ['npm verbose', 8],
      ['npm debug', 8],
      ['npm silly', 8],
    ]);
    expect(entries[7]).toMatchObject({ message: 'with metadata', attributes: { user: 'u1', 'cart.items': '3' } });
    expect(entries[8]).toMatchObject({ message: 'object form', attributes: { order: '1042' } });
    expect(entries[9]).toMatchObject({ level: 4, error_type: 'Error', error_message: 'boom', error_cause: 'Error: root cause' });
    expect((entries[9]?.stack_trace as unknown[] | undefined)?.length ?? 0).toBeGreaterThan(0);
  });

  it('honours the syslog level set, level filter, silent and a transport format', async () => {
    const transport = new LogFluxTransport({
      level: 'warning',
      format: winston.format.printf((i) => `[${i.level}] ${i.message}`),
      client: createLogFlux({ apiKey: env.tenant.apiKey, endpoint: env.ingestor.url, publicKey: publicKeyPem(), spool: false }),
    });
    const logger = winston.createLogger({ levels: winston.config.syslog.levels, level: 'debug', transports: [transport] });
    logger.log('emerg', 'down');
    logger.log('notice', 'filtered by the transport level');
    logger.log('warning', 'disk');
    const silent = new LogFluxTransport({ silent: true, client: transport.client });
    winston.createLogger({ transports: [silent] }).info('silent');
    await transport.flush();
    const { entries } = await env.readBack();
    expect(entries.map((e) => [e.message, e.level])).toEqual([
      ['[emerg] down', 1],
      ['[warning] disk', 5],
    ]);
    await transport.client.close();
  });

  it('loses nothing through an ingestor outage, and never throws into the application', async () => {
    const transport = transportFor({ backoffInitialMs: 50, backoffMaxMs: 200, flushIntervalMs: 50 });
    const logger = winston.createLogger({ transports: [transport] });
    await transport.client.ready();
    env.ingestor.faults?.add({ kind: 'status', status: 503, count: 6 });
    env.ingestor.faults?.add({ kind: 'close', phase: 'before', count: 2 });
    for (let i = 0; i < 300; i++) logger.info(`during outage ${i}`, { id: `o${i}` });
    await transport.flush();
    const ids = new Set((await env.readBack()).entries.map((e) => (e.attributes as { id: string }).id));
    expect(ids.size).toBe(300);
    const broken = new LogFluxTransport({
      logflux: { apiKey: env.tenant.apiKey, endpoint: 'http://127.0.0.1:9', spool: false, maxRetries: 0, onError: () => {} },
    });
    const bad = winston.createLogger({ transports: [broken] });
    expect(() => {
      for (let i = 0; i < 100; i++) bad.info('into the void', { i });
      bad.error(new Error('also fine'));
    }).not.toThrow();
    await broken.client.close();
  });
});
