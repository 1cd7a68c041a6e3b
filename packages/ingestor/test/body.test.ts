import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RequestAborted, readBody } from '../src/http/body.js';
import { HttpError } from '../src/http/respond.js';
import { openRaw, pump } from './helpers/rawSocket.js';

const LIMIT = 1024;
let server: Server;
let url: string;
/** What readBody settled with, per request, in arrival order. */
let outcomes: Array<{ ok: true; length: number } | { ok: false; error: unknown }>;
let settled: () => Promise<void>;

beforeEach(async () => {
  outcomes = [];
  let wake: () => void = () => {};
  settled = () =>
    new Promise<void>((r) => {
      if (outcomes.length > 0) r();
      else wake = r;
    });
  server = createServer((req, res) => {
    readBody(req, LIMIT, 300).then(
      (body) => {
        outcomes.push({ ok: true, length: body.length });
        wake();
        res.end(`got ${body.length}`);
      },
      (error: unknown) => {
        outcomes.push({ ok: false, error });
        wake();
        if (error instanceof HttpError) {
          res.writeHead(error.status, { Connection: 'close' });
          res.end(error.code);
        } else res.destroy();
      },
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const head = (headers: string) => `POST / HTTP/1.1\r\nHost: x\r\n${headers}\r\n`;

describe('readBody: one bounded reader for every body form', () => {
  it('reads a Content-Length body and a chunked body within the limit', async () => {
    const a = await fetch(url, { method: 'POST', body: 'x'.repeat(LIMIT) });
    expect(await a.text()).toBe(`got ${LIMIT}`);
    const raw = await openRaw(url, head('Transfer-Encoding: chunked\r\nConnection: close\r\n'));
    await pump(raw.socket, 700, true, 100);
    expect((await raw.response).text).toMatch(/got 700$/);
  });

  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const raw = await openRaw(url, head(`Content-Length: ${100 * 1024 * 1024}\r\n`));
    const res = await raw.response;
    expect(res.status).toBe(413);
    expect(res.closedByServer).toBe(true);
    expect(outcomes).toHaveLength(1);
    expect((outcomes[0] as { error: HttpError }).error.code).toBe('payload_too_large');
  });

  it('refuses a chunked body as soon as it passes the limit, and the server keeps serving', async () => {
    for (const total of [2 * 1024 * 1024, 8 * 1024 * 1024]) {
      const raw = await openRaw(url, head('Transfer-Encoding: chunked\r\n'));
      const sent = await pump(raw.socket, total, true);
      const res = await raw.response;
      // The answer is a 413, or the connection closed before the client could read it; never more.
      if (res.status !== undefined) expect(res.status).toBe(413);
      expect(res.closedByServer).toBe(true);
      expect(sent).toBeGreaterThan(LIMIT);
    }
    expect(outcomes.map((o) => (o.ok ? 'ok' : (o.error as HttpError).code))).toEqual(['payload_too_large', 'payload_too_large']);
    expect(await (await fetch(url, { method: 'POST', body: 'still here' })).text()).toBe('got 10');
  });

  it('rejects with RequestAborted when the client goes away mid-body', async () => {
    const raw = await openRaw(url, head('Content-Length: 1000\r\n'));
    raw.socket.write('x'.repeat(400));
    await new Promise((r) => setTimeout(r, 50));
    raw.socket.destroy();
    await settled();
    expect(outcomes[0]).toMatchObject({ ok: false });
    expect((outcomes[0] as { error: unknown }).error).toBeInstanceOf(RequestAborted);
  });

  it('answers 408 when the body stalls, and closes the connection', async () => {
    const raw = await openRaw(url, head('Content-Length: 1000\r\n'));
    raw.socket.write('x'.repeat(10)); // then nothing more
    const res = await raw.response;
    expect(res.status).toBe(408);
    expect(res.closedByServer).toBe(true);
    expect((outcomes[0] as { error: HttpError }).error.code).toBe('request_timeout');
  });
});
