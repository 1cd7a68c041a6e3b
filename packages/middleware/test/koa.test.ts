import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import { logfluxKoa } from '@logflux/middleware/koa';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEntry, type Harness, messageEntry, requestEntry, startHarness } from './helpers/harness.js';

let h: Harness;
let base: string;
let close: () => Promise<void>;
beforeAll(async () => {
  h = await startHarness();
  const app = new Koa();
  app.silent = true; // Koa would print the 500's stack on stderr
  app.use(logfluxKoa({ client: h.client }));
  const router = new Router();
  router.get('/orders/:id', async (ctx) => {
    ctx.logflux?.info('loading order', { order: ctx.params.id });
    await new Promise((r) => setTimeout(r, 2));
    h.client.info('from code that only knows the client');
    ctx.body = { ok: true };
  });
  router.get('/boom', async () => {
    throw new Error('payment provider timed out');
  });
  router.get('/teapot', (ctx) => ctx.throw(418, 'short and stout'));
  app.use(router.routes());
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((r) => server.close(() => r()));
});
afterAll(async () => {
  await close();
  await h.stop();
});

describe('Koa middleware over HTTP (@koa/router), read back with logflux query', () => {
  it('one entry per request, ctx.logflux, the scope, thrown errors with stacks', async () => {
    const ok = await fetch(`${base}/orders/42`, { headers: { 'x-request-id': 'req-ok' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toBe('req-ok');
    expect((await fetch(`${base}/boom`, { headers: { 'x-request-id': 'req-boom' } })).status).toBe(500);
    expect((await fetch(`${base}/teapot`, { headers: { 'x-request-id': 'req-418' } })).status).toBe(418);
    expect((await fetch(`${base}/missing`, { headers: { 'x-request-id': 'req-404' } })).status).toBe(404);
    await h.client.flush();
    const entries = await h.query();

    expect(requestEntry(entries, 'req-ok')).toMatchObject({
      level: 7,
      message: 'GET /orders/:id 200',
      attributes: { 'http.route': '/orders/:id', 'url.path': '/orders/42', 'http.response.status_code': '200' },
    });
    expect(messageEntry(entries, 'req-ok', 'loading order')?.attributes).toMatchObject({ order: '42' });
    expect(messageEntry(entries, 'req-ok', 'from code that only knows the client')).toBeDefined();
    expect(requestEntry(entries, 'req-boom')).toMatchObject({ level: 4, message: 'GET /boom 500' });
    const error = errorEntry(entries, 'req-boom');
    expect(error).toMatchObject({ error_type: 'Error', error_message: 'payment provider timed out' });
    expect(((error?.stack_trace ?? []) as { file: string }[]).some((f) => f.file.includes('koa.test.ts'))).toBe(true);
    expect(requestEntry(entries, 'req-418')).toMatchObject({ level: 5, message: 'GET /teapot 418' });
    expect(errorEntry(entries, 'req-418')).toBeUndefined();
    expect(requestEntry(entries, 'req-404')).toMatchObject({ level: 5, message: 'GET /missing 404' });
  });
});
