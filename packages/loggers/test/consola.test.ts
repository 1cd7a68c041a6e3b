import { consolaLevelToSyslog, logfluxReporter } from '@logflux/loggers/consola';
import { createLogFlux } from '@logflux/node';
import { createConsola } from 'consola';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicKeyPem, type TestEnv, testEnv } from '../../node/test/helpers/env.js';

let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
});
afterAll(() => env.stop());

describe('consola reporter against the reference ingestor', () => {
  it('maps types, tags, objects and errors; consola’s level filters first', async () => {
    expect(['fatal', 'error', 'warn', 'success', 'info', 'debug', 'trace'].map((t) => consolaLevelToSyslog(t, 0))).toEqual([
      2, 4, 5, 6, 7, 8, 8,
    ]);
    const client = createLogFlux({ apiKey: env.tenant.apiKey, endpoint: env.ingestor.url, publicKey: publicKeyPem(), spool: false });
    const consola = createConsola({ level: 4, reporters: [logfluxReporter({ client })] });
    consola.fatal('consola fatal');
    consola.error('consola error');
    consola.warn('consola warn');
    consola.success('consola success');
    consola.info('consola info');
    consola.debug('consola debug');
    consola.trace('not logged: above level 4');
    consola.withTag('db').info('query took %dms', 12, { rows: 3 });
    consola.error(new Error('connection reset'));
    await client.flush();
    const { entries } = await env.readBack();
    expect(entries).toHaveLength(8);
    expect(entries.slice(0, 6).map((e) => [e.message, e.level])).toEqual([
      ['consola fatal', 2],
      ['consola error', 4],
      ['consola warn', 5],
      ['consola success', 6],
      ['consola info', 7],
      ['consola debug', 8],
    ]);
    expect(entries[6]).toMatchObject({ message: 'query took 12ms', logger: 'db', attributes: { rows: '3' } });
    expect(entries[7]).toMatchObject({ level: 4, error_type: 'Error', error_message: 'connection reset' });
    expect(((entries[7]?.stack_trace ?? []) as unknown[]).length).toBeGreaterThan(0);
    await client.close();
  });
});
