import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createLogFlux, type FlushResult, invocationAttributes, withLogFlux } from '@logflux/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publicKeyPem, type TestEnv, testEnv } from './helpers/env.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./helpers/serverlessChild.ts', import.meta.url));

let env: TestEnv;
beforeEach(async () => {
  env = await testEnv();
});
afterEach(() => env.stop());

/** Runs one invocation in a child process, which freezes itself (SIGSTOP) as soon as the handler settles. */
async function invokeFrozen(mode: 'wrapped' | 'plain', count: number, fail = false): Promise<{ outcome: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--conditions=logflux-src', '--import', 'tsx', CHILD, mode, env.ingestor.url, env.tenant.apiKey, String(count)],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, FAIL: fail ? '1' : '0' },
    },
  );
  const outcome = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /settled (\w+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.once('exit', (code, signal) => reject(new Error(`the invocation ended (${code ?? signal}) before its handler settled`)));
  });
  return { outcome, child };
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('withLogFlux: delivered before the handler’s promise settles', () => {
  it('a process frozen right after a wrapped handler returns has every entry stored', async () => {
    const { outcome, child } = await invokeFrozen('wrapped', 40);
    try {
      expect(outcome).toBe('ok');
      // The child is stopped now: nothing more can leave it. What is stored is all there will be.
      const { entries } = await env.readBack();
      expect(entries.map((e) => e.message).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `order ${i}`).sort());
      expect(entries[0]?.attributes).toMatchObject({ 'faas.invocation_id': 'req-wrapped', 'faas.name': 'checkout' });
    } finally {
      await kill(child);
    }
  });

  it('a wrapped handler that throws: the error is captured and delivered, then passed on', async () => {
    const { outcome, child } = await invokeFrozen('wrapped', 5, true);
    try {
      expect(outcome).toBe('error');
      const { entries } = await env.readBack();
      expect(entries).toHaveLength(6);
      expect(entries.find((e) => e.error_message === 'payment provider down')).toMatchObject({
        level: 4,
        error_type: 'Error',
        attributes: { 'faas.invocation_id': 'req-wrapped' },
      });
    } finally {
      await kill(child);
    }
  });

  it('without the wrapper, the same frozen invocation has not delivered its entries', async () => {
    const { outcome, child } = await invokeFrozen('plain', 40);
    try {
      expect(outcome).toBe('ok');
      const { entries } = await env.readBack();
      expect(entries.length).toBeLessThan(40);
    } finally {
      await kill(child);
    }
  });
});

describe('withLogFlux in-process', () => {
  it('wraps a fetch-style route handler (Next.js): Request attributes in scope, the Response passed through', async () => {
    const logflux = createLogFlux({ apiKey: env.tenant.apiKey, endpoint: env.ingestor.url, publicKey: publicKeyPem(), spool: false });
    const results: FlushResult[] = [];
    const GET = withLogFlux(
      logflux,
      async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
        const { id } = await params;
        logflux.info('order read', { order: id });
        return Response.json({ id });
      },
      { onFlush: (r) => results.push(r) },
    );
    const response = await GET(new Request('http://127.0.0.1/api/orders/42?x=1', { method: 'GET' }), {
      params: Promise.resolve({ id: '42' }),
    });
    expect(await response.json()).toEqual({ id: '42' });
    expect(results).toEqual([{ acknowledged: 1, spooled: 0, dropped: {}, pending: 0 }]);
    const { entries } = await env.readBack();
    expect(entries[0]).toMatchObject({
      message: 'order read',
      attributes: { order: '42', 'http.method': 'GET', 'url.path': '/api/orders/42' },
    });
    await logflux.close();
  });

  it('bounds the wait: with the ingestor unreachable it settles after flushTimeoutMs and reports what is pending', async () => {
    const logflux = createLogFlux({
      apiKey: env.tenant.apiKey,
      endpoint: 'http://127.0.0.1:9',
      publicKey: publicKeyPem(),
      spool: false,
      closeTimeoutMs: 100,
      onError: () => {},
    });
    const results: FlushResult[] = [];
    const handler = withLogFlux(
      logflux,
      async () => {
        logflux.info('cannot be delivered');
        return 'done';
      },
      { flushTimeoutMs: 200, onFlush: (r) => results.push(r) },
    );
    await expect(handler()).resolves.toBe('done');
    expect(results[0]?.acknowledged).toBe(0);
    expect(results[0]?.pending).toBe(1);
    await logflux.close();
  });

  it('takes custom scope attributes, and knows Lambda contexts and Requests by default', async () => {
    expect(invocationAttributes({}, { awsRequestId: 'a1', functionName: 'f' })).toEqual({ 'faas.invocation_id': 'a1', 'faas.name': 'f' });
    expect(invocationAttributes(new Request('http://x/p', { method: 'POST' }))).toEqual({ 'http.method': 'POST', 'url.path': '/p' });
    expect(invocationAttributes('anything')).toBeUndefined();
    const logflux = createLogFlux({ apiKey: env.tenant.apiKey, endpoint: env.ingestor.url, publicKey: publicKeyPem(), spool: false });
    const job = withLogFlux(logflux, async (name: string) => logflux.info(`job ${name}`), { attributes: (name) => ({ job: name }) });
    await job('nightly');
    expect((await env.readBack()).entries[0]).toMatchObject({ message: 'job nightly', attributes: { job: 'nightly' } });
    await logflux.close();
  });
});
