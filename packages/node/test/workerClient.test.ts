import { LogFluxError } from '@logflux/core';
import { oncePerClass, problemOf, startWorkerClient, type WorkerProblem } from '@logflux/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publicKeyPem, type TestEnv, testEnv } from './helpers/env.js';

let env: TestEnv;
const saved = { ...process.env };
beforeEach(async () => {
  env = await testEnv();
  for (const k of Object.keys(process.env)) if (k.startsWith('LOGFLUX_')) delete process.env[k];
});
afterEach(async () => {
  process.env = { ...saved };
  await env.stop();
});

describe('startWorkerClient: the client of a worker thread', () => {
  it('takes unset options from LOGFLUX_* when apiKey is unset; keys set to undefined do not hide them', async () => {
    process.env.LOGFLUX_API_KEY = env.tenant.apiKey;
    process.env.LOGFLUX_ENDPOINT = env.ingestor.url;
    const problems: WorkerProblem[] = [];
    const started = startWorkerClient({ apiKey: undefined, publicKey: publicKeyPem(), spool: false, sealThreads: 0 }, (p) =>
      problems.push(p),
    );
    if (!('client' in started)) throw new Error(`no client: ${started.problem.message}`);
    started.client.info('from the environment');
    expect(await started.client.close()).toMatchObject({ acknowledged: 1 });
    expect((await env.readBack()).entries.map((e) => e.message)).toEqual(['from the environment']);
    expect(problems).toEqual([]);
  });

  it('says why it cannot start instead of throwing: no key, a malformed key, a bad option type, not an object', () => {
    const problem = (options: unknown) => {
      const started = startWorkerClient(options as never, () => {});
      return 'problem' in started ? started.problem : undefined;
    };
    expect(problem({})).toEqual({
      errorClass: 'invalid_option',
      message: 'option apiKey is missing (the API key; in Node also LOGFLUX_API_KEY)',
    });
    expect(problem({ apiKey: 'not-a-key', spool: false })?.errorClass).toBe('api_key_format');
    expect(problem({ apiKey: env.tenant.apiKey, endpoint: env.ingestor.url, maxQueueEntries: 'many', spool: false })?.message).toMatch(
      /maxQueueEntries/,
    );
    expect(problem('options')?.errorClass).toBe('invalid_option');
  });

  it('reports what its client meets, through the given function', async () => {
    const problems: WorkerProblem[] = [];
    const started = startWorkerClient(
      { apiKey: `lf_${'a'.repeat(32)}`, endpoint: env.ingestor.url, publicKey: publicKeyPem(), spool: false },
      (p) => problems.push(p),
    );
    if (!('client' in started)) throw new Error('no client');
    await expect(started.client.ready()).rejects.toThrow();
    await started.client.close();
    expect(problems.map((p) => p.errorClass)).toContain('unauthorized');
  });
});

describe('problems', () => {
  it('keep the class of LogFluxErrors and only the type and message of other errors', () => {
    expect(problemOf(new LogFluxError('pin_mismatch', 'wrong key'))).toEqual({ errorClass: 'pin_mismatch', message: 'wrong key' });
    expect(problemOf(new TypeError('x is not a function'), 'closed')).toEqual({
      errorClass: 'closed',
      message: 'TypeError: x is not a function',
    });
    expect(problemOf({ secret: 'never shown' })).toEqual({ errorClass: 'invalid_option', message: 'unknown failure' });
  });

  it('are reported once per class', () => {
    const seen: string[] = [];
    const report = oncePerClass((p) => seen.push(`${p.errorClass}: ${p.message}`));
    report({ errorClass: 'network', message: 'first' });
    report({ errorClass: 'network', message: 'second' });
    report({ errorClass: 'unauthorized', message: 'refused' });
    expect(seen).toEqual(['network: first', 'unauthorized: refused']);
  });
});
