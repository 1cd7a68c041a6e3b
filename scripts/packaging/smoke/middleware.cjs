'use strict';
// @logflux/middleware: each framework entry point (express and koa over HTTP on loopback, fastify
// through inject(), hono through app.fetch) logs one request entry, delivered and decrypted.
module.exports = async (load, h) => {
  const { createLogFlux } = await load('@logflux/node');
  const { logfluxExpress } = await load('@logflux/middleware/express');
  const { logfluxFastify } = await load('@logflux/middleware/fastify');
  const { logfluxHono } = await load('@logflux/middleware/hono');
  const { logfluxKoa } = await load('@logflux/middleware/koa');
  const def = (m) => (typeof m === 'function' ? m : m.default);
  const express = def(await load('express'));
  const fastify = def(await load('fastify'));
  const { Hono } = await load('hono');
  const Koa = def(await load('koa'));
  const listen = (server) =>
    new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
  await h.withIngestor(load, async ({ ingestor, tenant }) => {
    const client = createLogFlux({ apiKey: tenant.apiKey, endpoint: ingestor.url, publicKeyFile: h.publicKeyFile, spool: false });

    const app = express();
    app.use(logfluxExpress({ client }));
    app.get('/express/:id', (_req, res) => res.send('ok'));
    const expressServer = require('node:http').createServer(app);
    await fetch(`${await listen(expressServer)}/express/1`, { headers: { 'x-request-id': `express-${h.mode}` } });
    expressServer.close();

    const f = fastify();
    await f.register(logfluxFastify, { client });
    f.get('/fastify/:id', async () => 'ok');
    await f.inject({ method: 'GET', url: '/fastify/1', headers: { 'x-request-id': `fastify-${h.mode}` } });
    await f.close();

    const hono = new Hono();
    hono.use(logfluxHono({ client }));
    hono.get('/hono/:id', (c) => c.text('ok'));
    await hono.fetch(new Request('http://localhost/hono/1', { headers: { 'x-request-id': `hono-${h.mode}` } }));

    const koa = new Koa();
    koa.use(logfluxKoa({ client }));
    koa.use((ctx) => {
      ctx.body = 'ok';
    });
    const koaServer = require('node:http').createServer(koa.callback());
    await fetch(`${await listen(koaServer)}/koa/1`, { headers: { 'x-request-id': `koa-${h.mode}` } });
    koaServer.close();

    const result = await client.close();
    h.equal(result.acknowledged, 4, 'request entries acknowledged');
    const entries = await h.readBack(load, ingestor.url, tenant.readToken);
    for (const [name, route] of [
      ['express', '/express/:id'],
      ['fastify', '/fastify/:id'],
      ['hono', '/hono/:id'],
      ['koa', undefined],
    ]) {
      const entry = entries.find((e) => e.attributes && e.attributes.request_id === `${name}-${h.mode}`);
      h.assert(entry, `${name}: the request entry decrypts`);
      h.equal(entry.attributes['http.response.status_code'], '200', `${name}: status`);
      if (route) h.equal(entry.attributes['http.route'], route, `${name}: route pattern`);
    }
  });
};
