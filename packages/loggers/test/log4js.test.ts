import { configure, log4jsLevelToSyslog, logfluxAppender } from '@logflux/loggers/log4js';
import { createLogFlux } from '@logflux/node';
import log4js from 'log4js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicKeyPem, type TestEnv, testEnv } from '../../node/test/helpers/env.js';

let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
});
afterAll(() => env.stop());

describe('log4js appender against the reference ingestor', () => {
  it('maps levels, categories, context, objects and errors; shutdown waits for delivery', async () => {
    expect(['TRACE', 'DEBUG', 'INFO', 'MARK', 'WARN', 'ERROR', 'FATAL'].map((levelStr) => log4jsLevelToSyslog({ levelStr }))).toEqual([
      8, 8, 7, 6, 5, 4, 2,
    ]);
    const client = createLogFlux({ apiKey: env.tenant.apiKey, endpoint: env.ingestor.url, publicKey: publicKeyPem(), spool: false });
    log4js.configure({
      appenders: { logflux: { type: logfluxAppender({ client }) } },
      categories: { default: { appenders: ['logflux'], level: 'all' } },
    });
    const logger = log4js.getLogger('payments');
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const) logger[level](`log4js ${level}`);
    logger.info('order %d paid by %s', 1042, 'alice', { amount: 12.5 });
    logger.addContext('request_id', 'r-9');
    logger.warn('with context');
    logger.clearContext();
    logger.error('charge failed', new Error('card declined'));
    await new Promise<void>((resolve, reject) => log4js.shutdown((e) => (e ? reject(e) : resolve())));
    // shutdown called back after delivery: everything is stored already
    const { entries } = await env.readBack();
    expect(entries).toHaveLength(9);
    expect(entries.slice(0, 6).map((e) => [e.message, e.level, e.logger])).toEqual(
      ['trace', 'debug', 'info', 'warn', 'error', 'fatal'].map((l, i) => [`log4js ${l}`, [8, 8, 7, 5, 4, 2][i], 'payments']),
    );
    expect(entries[6]).toMatchObject({ message: 'order 1042 paid by alice', attributes: { amount: '12.5' } });
    expect(entries[7]).toMatchObject({ message: 'with context', level: 5, attributes: { request_id: 'r-9' } });
    expect(entries[8]).toMatchObject({
      level: 4,
      message: 'charge failed',
      error_message: 'card declined',
      attributes: { logger: 'payments' },
    });
    expect(((entries[8]?.stack_trace ?? []) as unknown[]).length).toBeGreaterThan(0);
    await client.close();
  });

  it('named by module, it creates its own client from `logflux` options and closes it at shutdown', async () => {
    const logflux = { apiKey: env.tenant.apiKey, endpoint: env.ingestor.url, publicKey: publicKeyPem(), spool: false as const };
    log4js.configure({
      // what log4js loads for `type: '@logflux/loggers/log4js'`: the module, with its configure()
      appenders: { logflux: { type: { configure }, logflux } as never },
      categories: { default: { appenders: ['logflux'], level: 'info' } },
    });
    log4js.getLogger('jobs').info('from an appender named by module');
    await new Promise<void>((resolve) => log4js.shutdown(() => resolve()));
    const { entries } = await env.readBack();
    expect(entries.at(-1)).toMatchObject({ message: 'from an appender named by module', logger: 'jobs', level: 7 });
    expect(() => configure({ type: 'x' })).toThrow(expect.objectContaining({ errorClass: 'invalid_option' }));
  });
});
