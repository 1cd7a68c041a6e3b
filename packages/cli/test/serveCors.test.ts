import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '@logflux/cli';
import { afterAll, describe, expect, it } from 'vitest';
import { serveCommand } from '../src/commands/serve.js';

const PUBLIC_KEY = fileURLToPath(new URL('../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'logflux-serve-cors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { out: '', err: '' };
  stdout.on('data', (d) => {
    text.out += d;
  });
  stderr.on('data', (d) => {
    text.err += d;
  });
  return { io: { stdin: Readable.from([]), stdout, stderr }, text };
}

function preflightStatus(url: string, origin: string): Promise<{ status: number; allowOrigin: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/batch`,
      { method: 'OPTIONS', agent: false, headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, allowOrigin: res.headers['access-control-allow-origin'] as string | undefined }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('logflux serve --allow-origin', () => {
  it('is documented in the help', async () => {
    const { io: streams, text } = io();
    expect(await runCli(['serve', '--help'], streams)).toBe(0);
    expect(text.out).toMatch(/--allow-origin ORIGIN/);
    expect(text.out).toMatch(/'\*'/);
  });

  it('allows the origins of repeated and comma-separated flags, and only those', async () => {
    const { io: streams, text } = io();
    const stop = new AbortController();
    const args = ['--home', join(dir, 'home'), '--port', '0', '--public-key', PUBLIC_KEY];
    const origins = ['--allow-origin', 'http://a.test, http://b.test:8080', '--allow-origin', 'https://c.test'];
    const done = serveCommand([...args, ...origins], streams, stop.signal);
    for (let i = 0; i < 200 && !/public key:/.test(text.out); i++) await new Promise((r) => setTimeout(r, 25));
    const url = /listening on (http:\/\/\S+)/.exec(text.out)?.[1] as string;
    try {
      expect(text.out).toMatch(/CORS: browser pages on http:\/\/a\.test, http:\/\/b\.test:8080, https:\/\/c\.test may call it/);
      for (const origin of ['http://a.test', 'http://b.test:8080', 'https://c.test']) {
        expect(await preflightStatus(url, origin)).toEqual({ status: 204, allowOrigin: origin });
      }
      for (const origin of ['http://d.test', 'http://b.test', 'http://c.test']) {
        expect(await preflightStatus(url, origin)).toEqual({ status: 403, allowOrigin: undefined });
      }
    } finally {
      stop.abort();
      expect(await done).toBe(0);
    }
  });

  it('refuses something that is not an origin before starting, naming the flag', async () => {
    for (const [value, message] of [
      ['localhost:5173/app', /--allow-origin: allowed origin "localhost:5173\/app"/],
      ['http://localhost:5173/app', /has a path/],
      [',', /--allow-origin needs an origin/],
    ] as const) {
      const { io: streams, text } = io();
      expect(await runCli(['serve', '--home', join(dir, 'bad'), '--port', '0', '--allow-origin', value], streams)).toBe(2);
      expect(text.err).toMatch(message);
    }
  });
});
