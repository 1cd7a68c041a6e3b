import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type LogFluxVariables, logfluxHono } from '@logflux/middleware/hono';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEntry, type Harness, messageEntry, requestEntry, startHarness } from './helpers/harness.js';

let h: Harness;
let base: string;
let close: () => Promise<void>;
beforeAll(async () => {
  h = await startHarness();
  const app = new Hono<{ Variables: LogFluxVariables }>();
  app.use(logfluxHono({ client: h.client, userAgent: true }));
  app.get('/orders/:id', async (c) => {
    c.var.logflux.info('loading order', { order: c.req.param('id') });
    await new Promise((r) => setTimeout(r, 2));
    h.client.info('from code that only knows the client');
    return c.json({ ok: true });
  });
  app.post('/orders', async (c) => {
    const body = (await c.req.json()) as { items: number };
    h.client.info('order received', { items: String(body.items) });
    return c.json({ ok: true }, 201);
  });
  app.get('/boom', () => {
    throw new Error('payment provider timed out');
  });
  app.onError((_error, c) => c.text('internal error', 500));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((r) => server.close(() => r()));
});
afterAll(async () => {
  await close();
  await h.stop();
});

describe('Hono middleware over HTTP (@hono/node-server), read back with logflux query', () => {
  it('one entry per request, c.var.logflux, the scope, errors from onError with stacks', async () => {
    const ok = await fetch(`${base}/orders/42`, { headers: { 'x-request-id': 'req-ok', 'user-agent': 'test-agent/2' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toBe('req-ok');
    const posted = await fetch(`${base}/orders`, {
      method: 'POST',
      headers: { 'x-request-id': 'req-post' },
      body: JSON.stringify({ items: 3 }),
    });
    expect(posted.status).toBe(201);
    expect((await fetch(`${base}/boom`, { headers: { 'x-request-id': 'req-boom' } })).status).toBe(500);
    expect((await fetch(`${base}/missing`, { headers: { 'x-request-id': 'req-404' } })).status).toBe(404);
    await h.client.flush();
    const entries = await h.query();

    expect(requestEntry(entries, 'req-ok')).toMatchObject({
      level: 7,
      message: 'GET /orders/:id 200',
      attributes: {
        'http.route': '/orders/:id',
        'url.path': '/orders/42',
        'http.response.status_code': '200',
        'user_agent.original': 'test-agent/2',
      },
    });
    expect(messageEntry(entries, 'req-ok', 'loading order')?.attributes).toMatchObject({ order: '42' });
    expect(messageEntry(entries, 'req-ok', 'from code that only knows the client')).toBeDefined();
    expect(messageEntry(entries, 'req-post', 'order received')?.attributes).toMatchObject({ items: '3' });
    expect(requestEntry(entries, 'req-post')).toMatchObject({ message: 'POST /orders 201' });
    expect(requestEntry(entries, 'req-boom')).toMatchObject({ level: 4, message: 'GET /boom 500' });
    const error = errorEntry(entries, 'req-boom');
    expect(error).toMatchObject({ error_type: 'Error', error_message: 'payment provider timed out' });
    expect(((error?.stack_trace ?? []) as { file: string }[]).some((f) => f.file.includes('hono.test.ts'))).toBe(true);
    const notFound = requestEntry(entries, 'req-404');
    expect(notFound).toMatchObject({ level: 5, message: 'GET /missing 404' });
    expect(notFound?.attributes).not.toHaveProperty('http.route');
  });
});
