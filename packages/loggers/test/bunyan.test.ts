import { bunyanLevelToSyslog, logfluxStream } from '@logflux/loggers/bunyan';
import { createLogFlux } from '@logflux/node';
import bunyan from 'bunyan';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicKeyPem, type TestEnv, testEnv } from '../../node/test/helpers/env.js';

let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
});
afterAll(() => env.stop());

describe('bunyan stream against the reference ingestor', () => {
  it('maps levels, fields, child bindings, times and errors', async () => {
    expect([10, 20, 30, 40, 50, 60].map(bunyanLevelToSyslog)).toEqual([8, 8, 7, 5, 4, 2]);
    const client = createLogFlux({ apiKey: env.tenant.apiKey, endpoint: env.ingestor.url, publicKey: publicKeyPem(), spool: false });
    const log = bunyan.createLogger({ name: 'billing', level: 'trace', streams: [logfluxStream({ client })] });
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const) log[level](`bunyan ${level}`);
    log.info({ order: 1042, paid: true, cart: { items: 3 } }, 'with fields');
    log.child({ request_id: 'r-1' }).warn('from a child');
    log.error(new Error('card declined'), 'charge failed');
    log.info({ err: new TypeError('bad input') }, 'error in a field');
    const before = Date.now();
    await client.flush();
    const { entries } = await env.readBack();
    expect(entries).toHaveLength(10);
    expect(entries.slice(0, 6).map((e) => [e.message, e.level, e.logger])).toEqual(
      ['trace', 'debug', 'info', 'warn', 'error', 'fatal'].map((l, i) => [`bunyan ${l}`, [8, 8, 7, 5, 4, 2][i], 'billing']),
    );
    expect(Date.parse(String(entries[0]?.ts))).toBeLessThanOrEqual(before);
    expect(entries[6]).toMatchObject({ message: 'with fields', attributes: { order: '1042', paid: 'true', 'cart.items': '3' } });
    expect(entries[6]?.attributes).not.toHaveProperty('hostname');
    expect(entries[7]).toMatchObject({ level: 5, attributes: { request_id: 'r-1' } });
    expect(entries[8]).toMatchObject({ level: 4, message: 'charge failed', error_type: 'Error', error_message: 'card declined' });
    expect(((entries[8]?.stack_trace ?? []) as unknown[]).length).toBeGreaterThan(0);
    expect(entries[9]).toMatchObject({ level: 4, message: 'error in a field', error_type: 'TypeError', error_message: 'bad input' });
    await client.close();
  });

  it('refuses a missing client with a typed error', () => {
    expect(() => logfluxStream({} as never)).toThrow(expect.objectContaining({ errorClass: 'invalid_option' }));
  });
});
