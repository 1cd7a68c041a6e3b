import { logfluxPlugin, loglevelMethodToSyslog } from '@logflux/loggers/loglevel';
import { createLogFlux } from '@logflux/node';
import log from 'loglevel';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { publicKeyPem, type TestEnv, testEnv } from '../../node/test/helpers/env.js';

let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
});
afterAll(() => env.stop());

describe('loglevel plugin against the reference ingestor', () => {
  it('sends enabled levels with logger names, objects and errors, keeps the console, and uninstalls', async () => {
    expect(['trace', 'debug', 'info', 'warn', 'error'].map(loglevelMethodToSyslog)).toEqual([8, 8, 7, 5, 4]);
    const client = createLogFlux({ apiKey: env.tenant.apiKey, endpoint: env.ingestor.url, publicKey: publicKeyPem(), spool: false });
    const printed = vi.spyOn(console, 'info').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    log.setLevel('info');
    const uninstall = logfluxPlugin(log, { client });
    log.debug('not sent: below the level');
    log.info('loglevel info', { order: 7 });
    log.warn('loglevel warn');
    log.error('charge failed', new Error('card declined'));
    const named = log.getLogger('db');
    named.setLevel('info');
    named.info('from a named logger');
    uninstall();
    log.info('not sent: uninstalled');
    await client.flush();
    const { entries } = await env.readBack();
    expect(entries.map((e) => [e.message, e.level])).toEqual([
      ['loglevel info', 7],
      ['loglevel warn', 5],
      ['charge failed', 4],
      ['from a named logger', 7],
    ]);
    expect(entries[0]).toMatchObject({ attributes: { order: '7' } });
    expect(entries[0]).not.toHaveProperty('logger');
    expect(entries[2]).toMatchObject({ error_message: 'card declined' });
    expect(entries[3]).toMatchObject({ logger: 'db' });
    expect(printed).toHaveBeenCalledWith('loglevel info', { order: 7 });
    await client.close();
    vi.restoreAllMocks();
  });
});
