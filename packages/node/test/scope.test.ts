import { setTimeout as sleep } from 'node:timers/promises';
import { addScopeAttributes, createLogFlux, currentScope, scopeAttributes, scopeFormat, withScope } from '@logflux/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicKeyPem, type TestEnv, testEnv } from './helpers/env.js';

let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
});
afterAll(() => env.stop());

const clientFor = (extra: Record<string, unknown> = {}) =>
  createLogFlux({
    apiKey: env.tenant.apiKey,
    endpoint: env.ingestor.url,
    publicKey: publicKeyPem(),
    spool: false,
    source: 'scope',
    ...extra,
  });

const byMessage = (entries: Record<string, unknown>[], message: string) =>
  entries.find((e) => e.message === message || e.event === message)?.attributes as Record<string, string> | undefined;

describe('scopes (AsyncLocalStorage) against the reference ingestor', () => {
  it('puts a scope’s attributes on every entry logged during it, through async work, nested, by every logger', async () => {
    const client = clientFor({ attributes: { service: 'api', tier: 'client' } });
    const child = client.child({ component: 'db' });
    client.info('outside');
    await withScope({ request_id: 'r1', tier: 'scope' }, async () => {
      client.info('sync');
      await sleep(5);
      setImmediate(() => client.warning('from setImmediate'));
      await new Promise<void>((resolve) => setTimeout(() => resolve(child.info('child after a timer')), 5));
      client.info('call wins', { tier: 'call' });
      client.event('scoped event');
      client.metric({ name: 'scoped.metric', value: 1 });
      withScope({ step: 'inner', request_id: 'r1.1' }, () => client.info('nested'));
      client.info('after nested');
    });
    const flushed = await client.flush();
    expect(flushed.acknowledged).toBe(9);
    const { entries } = await env.readBack();
    expect(byMessage(entries, 'outside')).toEqual({ service: 'api', tier: 'client' });
    expect(byMessage(entries, 'sync')).toEqual({ service: 'api', tier: 'scope', request_id: 'r1' });
    expect(byMessage(entries, 'from setImmediate')).toEqual({ service: 'api', tier: 'scope', request_id: 'r1' });
    expect(byMessage(entries, 'child after a timer')).toEqual({ service: 'api', tier: 'scope', request_id: 'r1', component: 'db' });
    expect(byMessage(entries, 'call wins')).toMatchObject({ tier: 'call', request_id: 'r1' });
    expect(byMessage(entries, 'scoped event')).toMatchObject({ request_id: 'r1' });
    expect(entries.find((e) => e.name === 'scoped.metric')?.attributes).toMatchObject({ request_id: 'r1' });
    expect(byMessage(entries, 'nested')).toMatchObject({ request_id: 'r1.1', step: 'inner' });
    expect(byMessage(entries, 'after nested')).not.toHaveProperty('step');
    await client.close();
  });

  it('keeps concurrent scopes apart, and addScopeAttributes changes only the current one', async () => {
    const client = clientFor();
    const request = (id: string, delays: number[]) =>
      withScope({ request_id: id }, async () => {
        for (const [i, d] of delays.entries()) {
          await sleep(d);
          if (i === 1) expect(addScopeAttributes({ user: `u-${id}` })).toBe(true);
          client.info(`${id} step ${i}`);
        }
      });
    await Promise.all([request('a', [3, 1, 4, 1]), request('b', [1, 5, 1, 2]), request('c', [2, 2, 2, 2])]);
    expect(addScopeAttributes({ lost: 'yes' })).toBe(false);
    await client.flush();
    const { entries } = await env.readBack();
    for (const id of ['a', 'b', 'c']) {
      for (let i = 0; i < 4; i++) {
        const attributes = byMessage(entries, `${id} step ${i}`);
        expect(attributes?.request_id).toBe(id);
        expect(attributes?.user).toBe(i >= 1 ? `u-${id}` : undefined);
      }
    }
    expect(entries.some((e) => (e.attributes as Record<string, string> | undefined)?.lost)).toBe(false);
    await client.close();
  });

  it('returns what the function returns, and offers the scope to loggers that log elsewhere', () => {
    expect(currentScope()).toBeUndefined();
    expect(scopeAttributes()).toEqual({});
    const value = withScope({ job: 'nightly', attempt: 2 }, () => {
      const copy = scopeAttributes();
      copy.job = 'changed';
      const info = scopeFormat.transform({ level: 'info', message: 'x', attempt: 3 });
      return { copy, info, again: scopeAttributes() };
    });
    expect(value.copy).toEqual({ job: 'changed', attempt: 2 });
    expect(value.again).toEqual({ job: 'nightly', attempt: 2 });
    expect(value.info).toEqual({ level: 'info', message: 'x', attempt: 3, job: 'nightly' });
  });
});
