#!/usr/bin/env node
// Serves the example page on loopback. The page's settings come from the credentials that
// `pnpm logflux serve` writes (<home>/credentials.json): the ingestor URL, the API key and the
// public-key fingerprint to pin. The read token never leaves this process.
//
//   node examples/browser/serve.mjs [--port 8080] [--home .logflux] [--payload-type 1|2] [--bundle DIR]
//
// --bundle is where logflux.global.js and zstd.wasm are (default: @logflux/browser's dist, from
// `pnpm --filter @logflux/browser build`).
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const HERE = dirname(new URL(import.meta.url).pathname);
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    home: { type: 'string', default: '.logflux' },
    'payload-type': { type: 'string', default: '1' },
    bundle: { type: 'string' },
  },
});

function defaultBundle() {
  try {
    return join(dirname(createRequire(join(HERE, 'package.json')).resolve('@logflux/browser/package.json')), 'dist');
  } catch {
    return join(HERE, '../../packages/browser/dist');
  }
}
const bundle = resolve(values.bundle ?? defaultBundle());
if (!existsSync(join(bundle, 'logflux.global.js'))) {
  console.error(`no logflux.global.js in ${bundle}: run "pnpm --filter @logflux/browser build" first`);
  process.exit(1);
}

/** Read on every request, so this can start before `logflux serve` has created a tenant. */
function credentials() {
  const file = join(resolve(values.home), 'credentials.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8'));
}

const files = {
  '/': [join(HERE, 'index.html'), 'text/html; charset=utf-8'],
  '/app.js': [join(HERE, 'app.js'), 'text/javascript; charset=utf-8'],
  '/logflux.global.js': [join(bundle, 'logflux.global.js'), 'text/javascript; charset=utf-8'],
  '/zstd.wasm': [join(bundle, 'zstd.wasm'), 'application/wasm'],
};

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const creds = credentials();
  if (path === '/config.json') {
    if (!creds) {
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('start "pnpm logflux serve" first');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(
      JSON.stringify({
        endpoint: creds.url,
        apiKey: creds.api_key,
        publicKey: creds.fingerprint,
        payloadType: Number(values['payload-type']),
      }),
    );
    return;
  }
  const file = files[path];
  if (!file) {
    res.writeHead(404).end();
    return;
  }
  // The policy a page using LogFlux needs: connect-src for the ingestor, and 'wasm-unsafe-eval'
  // only because payload type 2 (zstd) runs WebAssembly.
  const csp = `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'${creds ? ` ${creds.url}` : ''}; style-src 'unsafe-inline'`;
  res.writeHead(200, { 'Content-Type': file[1], 'Cache-Control': 'no-store', 'Content-Security-Policy': csp });
  res.end(readFileSync(file[0]));
});

server.listen(Number(values.port), '127.0.0.1', () => {
  const { port } = server.address();
  const url = `http://localhost:${port}`;
  console.log(`example page on ${url}`);
  console.log(`the ingestor must allow this origin: pnpm logflux serve --allow-origin ${url}`);
});
