import { request } from 'node:http';
import { logfluxFastify } from '@logflux/middleware/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEntry, type Harness, messageEntry, requestEntry, startHarness } from './helpers/harness.js';

let h: Harness;
let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  h = await startHarness();
  app = Fastify();
  await app.register(logfluxFastify, { client: h.client });
  // Registered after the plugin, inside an encapsulated context: the plugin's hooks still apply.
  await app.register(async (scoped) => {
    scoped.get('/orders/:id', async (req) => {
      req.logflux.info('loading order', { order: (req.params as { id: string }).id });
      await new Promise((r) => setTimeout(r, 2));
      h.client.info('from code that only knows the client');
      return { ok: true };
    });
    scoped.post('/orders', async (req, reply) => {
      h.client.info('order received', { items: String((req.body as { items: number }).items) });
      return reply.code(201).send({ ok: true });
    });
  });
  app.get('/boom', async () => {
    throw new Error('payment provider timed out');
  });
  app.get('/forbidden', async () => {
    throw Object.assign(new Error('no access'), { statusCode: 403 });
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app.close();
  await h.stop();
});

function slowPost(path: string, id: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(`${base}${path}`),
      { method: 'POST', headers: { 'x-request-id': id, 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.write('{"items":');
    setTimeout(() => req.end('7}'), 50);
  });
}

describe('Fastify plugin over HTTP, read back with logflux query', () => {
  it('one entry per request, request.logflux, the scope through body parsing, errors with stacks', async () => {
    const ok = await fetch(`${base}/orders/42`, { headers: { 'x-request-id': 'req-ok', 'user-agent': 'not-logged/1' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toBe('req-ok');
    expect(await slowPost('/orders', 'req-slow')).toBe(201);
    expect((await fetch(`${base}/boom`, { headers: { 'x-request-id': 'req-boom' } })).status).toBe(500);
    expect((await fetch(`${base}/forbidden`, { headers: { 'x-request-id': 'req-403' } })).status).toBe(403);
    expect((await fetch(`${base}/missing`, { headers: { 'x-request-id': 'req-404' } })).status).toBe(404);
    await h.client.flush();
    const entries = await h.query();

    expect(requestEntry(entries, 'req-ok')).toMatchObject({
      level: 7,
      message: 'GET /orders/:id 200',
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/orders/:id',
        'url.path': '/orders/42',
        'http.response.status_code': '200',
      },
    });
    expect(requestEntry(entries, 'req-ok')?.attributes).not.toHaveProperty('user_agent.original');
    expect(messageEntry(entries, 'req-ok', 'loading order')?.attributes).toMatchObject({ order: '42' });
    expect(messageEntry(entries, 'req-ok', 'from code that only knows the client')).toBeDefined();
    expect(messageEntry(entries, 'req-slow', 'order received')?.attributes).toMatchObject({ items: '7' });
    expect(requestEntry(entries, 'req-boom')).toMatchObject({ level: 4, message: 'GET /boom 500' });
    const error = errorEntry(entries, 'req-boom');
    expect(error).toMatchObject({ error_type: 'Error', error_message: 'payment provider timed out' });
    expect(((error?.stack_trace ?? []) as { file: string }[]).some((f) => f.file.includes('fastify.test.ts'))).toBe(true);
    expect(requestEntry(entries, 'req-403')).toMatchObject({ level: 5, message: 'GET /forbidden 403' });
    expect(errorEntry(entries, 'req-403')).toBeUndefined();
    expect(requestEntry(entries, 'req-404')).toMatchObject({ level: 5, attributes: { 'http.response.status_code': '404' } });
  });
});
