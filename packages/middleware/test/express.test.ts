import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { logfluxExpress } from '@logflux/middleware/express';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEntry, type Harness, messageEntry, requestEntry, startHarness } from './helpers/harness.js';

let h: Harness;
let base: string;
let close: () => Promise<void>;
beforeAll(async () => {
  h = await startHarness();
  const app = express();
  const logflux = logfluxExpress({ client: h.client, userAgent: true });
  app.use(logflux);
  app.use(express.json());
  const orders = express.Router();
  orders.get('/:id', async (req, res) => {
    req.logflux.info('loading order', { order: String(req.params.id) });
    await new Promise((r) => setTimeout(r, 2));
    h.client.info('from code that only knows the client');
    res.json({ id: req.params.id });
  });
  orders.post('/', (req, res) => {
    h.client.info('order received', { items: String(req.body.items) });
    res.status(201).json({ ok: true });
  });
  app.use('/orders', orders);
  app.get('/boom', async () => {
    await new Promise((r) => setTimeout(r, 1));
    throw new Error('payment provider timed out');
  });
  app.use(logflux.errors);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((r) => server.close(() => r()));
});
afterAll(async () => {
  await close();
  await h.stop();
});

describe('Express middleware over HTTP, read back with logflux query', () => {
  it('one entry per request, a request logger, the scope through body parsing, errors with stacks', async () => {
    const ok = await fetch(`${base}/orders/42?expand=1`, { headers: { 'x-request-id': 'req-ok', 'user-agent': 'test-agent/1' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toBe('req-ok');
    const posted = await fetch(`${base}/orders`, {
      method: 'POST',
      headers: { 'x-request-id': 'req-post', 'content-type': 'application/json' },
      body: JSON.stringify({ items: 3 }),
    });
    expect(posted.status).toBe(201);
    expect((await fetch(`${base}/boom`, { headers: { 'x-request-id': 'req-boom' } })).status).toBe(500);
    const missing = await fetch(`${base}/nothing/here`, { headers: { 'x-request-id': 'not a valid id!' } });
    expect(missing.status).toBe(404);
    const generated = missing.headers.get('x-request-id') ?? '';
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
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
        'user_agent.original': 'test-agent/1',
      },
    });
    expect(Number(requestEntry(entries, 'req-ok')?.attributes?.duration_ms)).toBeGreaterThanOrEqual(0);
    expect(messageEntry(entries, 'req-ok', 'loading order')?.attributes).toMatchObject({ order: '42', 'url.path': '/orders/42' });
    expect(messageEntry(entries, 'req-ok', 'from code that only knows the client')).toBeDefined();
    expect(messageEntry(entries, 'req-post', 'order received')?.attributes).toMatchObject({ items: '3' });
    expect(requestEntry(entries, 'req-post')).toMatchObject({ message: 'POST /orders/ 201' });

    expect(requestEntry(entries, 'req-boom')).toMatchObject({ level: 4, message: 'GET /boom 500', attributes: { 'http.route': '/boom' } });
    const error = errorEntry(entries, 'req-boom');
    expect(error).toMatchObject({ level: 4, error_type: 'Error', error_message: 'payment provider timed out' });
    expect(((error?.stack_trace ?? []) as { file: string }[]).some((f) => f.file.includes('express.test.ts'))).toBe(true);

    const notFound = requestEntry(entries, generated);
    expect(notFound).toMatchObject({ level: 5, message: 'GET /nothing/here 404' });
    expect(notFound?.attributes).not.toHaveProperty('http.route');
    expect(entries.filter((e) => e.error_type)).toHaveLength(1);
  });

  it('keeps the scope when the body arrives slowly (body parsers call next() from stream events)', async () => {
    const url = new URL(`${base}/orders`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { 'x-request-id': 'req-slow', 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{"items":');
      setTimeout(() => req.end('7}'), 50);
    });
    expect(status).toBe(201);
    await h.client.flush();
    expect(messageEntry(await h.query(), 'req-slow', 'order received')?.attributes).toMatchObject({ items: '7', request_id: 'req-slow' });
  });

  it('refuses a missing client with a typed error', () => {
    expect(() => logfluxExpress({} as never)).toThrow(expect.objectContaining({ errorClass: 'invalid_option' }));
  });
});
