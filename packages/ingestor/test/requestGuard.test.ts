import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBody } from '../src/http/body.js';
import { guardRequests, type RouteHandler } from '../src/http/requestGuard.js';
import { HttpError } from '../src/http/respond.js';
import { StorageUnavailableError } from '../src/storage/storageError.js';
import { openRaw, pump } from './helpers/rawSocket.js';

const errors: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let server: Server;
let url: string;

const handlers: Record<string, RouteHandler> = {
  '/http-error': () => {
    throw new HttpError('forbidden', 'no');
  },
  '/bug': () => {
    throw new TypeError("Cannot read properties of null (reading 'destroyed')");
  },
  '/async-bug': async () => {
    await Promise.resolve();
    throw new RangeError('Maximum call stack size exceeded');
  },
  '/after-headers': (ctx) => {
    ctx.res.writeHead(200, { 'Content-Length': '100' });
    ctx.res.write('{"partial":');
    throw new Error('failed mid-response');
  },
  '/storage': () => {
    throw new StorageUnavailableError('append to the log', Object.assign(new Error('no space'), { code: 'ENOSPC' }));
  },
  '/body': async (ctx) => {
    const body = await readBody(ctx.req, 1024);
    ctx.res.end(String(body.length));
  },
};

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  const guard = guardRequests(
    (ctx) => {
      const h = handlers[ctx.url.pathname];
      if (!h) throw new HttpError('not_found', 'none');
      return h(ctx);
    },
    {
      onError: (m) => errors.push(m),
      translate: (e) =>
        e instanceof StorageUnavailableError
          ? new HttpError('storage_unavailable', e.message, { headers: { 'Retry-After': '10' } })
          : undefined,
    },
  );
  server = createServer(guard);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('guardRequests: every request ends in an answer or a closed connection', () => {
  it('answers an HttpError with its status and the error envelope', async () => {
    const res = await fetch(`${url}/http-error`);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });

  it('turns a thrown or rejected bug into 500 for that request only, reported without request data', async () => {
    for (const path of ['/bug', '/async-bug']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status).toBe(500);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('internal');
    }
    expect(errors.filter((e) => e.startsWith('internal error on GET /'))).toHaveLength(2);
    expect((await fetch(`${url}/http-error`)).status).toBe(403);
  });

  it('closes the connection when a handler fails after the headers went out', async () => {
    await expect(fetch(`${url}/after-headers`).then((r) => r.text())).rejects.toThrow();
    expect(errors.some((e) => e.includes('failed mid-response'))).toBe(true);
  });

  it('keeps connections alive, except after a body it did not read to the end', async () => {
    const get = await openRaw(url, 'GET /http-error HTTP/1.1\r\nHost: x\r\n\r\n', 300);
    expect((await get.response).text).toMatch(/^HTTP\/1\.1 403[\s\S]*\r\nConnection: keep-alive\r\n/);
    const post = await openRaw(url, 'POST /http-error HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n', 2000);
    post.socket.write('x'.repeat(100));
    const refused = await post.response;
    expect(refused.text).toMatch(/^HTTP\/1\.1 403[\s\S]*\r\nConnection: close\r\n/);
    expect(refused.closedByServer).toBe(true);
  });

  it('translates storage failures (507 with Retry-After)', async () => {
    const res = await fetch(`${url}/storage`);
    expect(res.status).toBe(507);
    expect(res.headers.get('retry-after')).toBe('10');
  });

  it('survives any request target, an over-limit chunked body and a client leaving mid-body', async () => {
    const slash = await openRaw(url, 'GET // HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect((await slash.response).status).toBe(404);
    const big = await openRaw(url, 'POST /body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
    await pump(big.socket, 2 * 1024 * 1024, true);
    const bigRes = await big.response;
    if (bigRes.status !== undefined) expect(bigRes.status).toBe(413);
    const gone = await openRaw(url, 'POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 900\r\n\r\n');
    gone.socket.end('x'.repeat(100));
    gone.socket.destroy();
    expect(await (await fetch(`${url}/body`, { method: 'POST', body: 'abc' })).text()).toBe('3');
    expect(unhandled).toEqual([]);
  });
});
