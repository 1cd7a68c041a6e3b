#!/usr/bin/env node
// Serves the example page on loopback. The page's settings come from the credentials that
// `pnpm logflux serve` writes (<home>/credentials.json): the ingestor URL, the API key and the
// public-key fingerprint to pin. The read token never leaves this process.
//
//   node examples/browser/serve.mjs [--port 8080] [--home .logflux] [--payload-type 1|2]
//       [--bundle DIR | --app DIR] [--capture errors,console,context,navigation,network,vitals|none]
//       [--flush-interval-ms N]
//
// --bundle is where logflux.global.js and zstd.wasm are for the script-tag page (default:
// @logflux/browser's dist, from `pnpm --filter @logflux/browser build`). --app serves a bundled
// page instead: the output directory of `vite build` or esbuild for esm/ (see README.md).
// --capture picks the capture options the page turns on (default: errors). Text responses are
// gzip-compressed when the browser accepts it, as a production server sends them.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const HERE = dirname(new URL(import.meta.url).pathname);
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    home: { type: 'string', default: '.logflux' },
    'payload-type': { type: 'string', default: '1' },
    bundle: { type: 'string' },
    app: { type: 'string' },
    capture: { type: 'string', default: 'errors' },
    'flush-interval-ms': { type: 'string' },
  },
});
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.css': 'text/css',
  '.map': 'application/json',
};

function defaultBundle() {
  try {
    return join(dirname(createRequire(join(HERE, 'package.json')).resolve('@logflux/browser/package.json')), 'dist');
  } catch {
    return join(HERE, '../../packages/browser/dist');
  }
}

/** Path → file: the bundled app's directory, or the script-tag page and its bundle. */
let fileOf;
if (values.app) {
  const app = resolve(values.app);
  if (!existsSync(join(app, 'index.html'))) {
    console.error(`no index.html in ${app}: build esm/ first (see README.md)`);
    process.exit(1);
  }
  fileOf = (path) => {
    const file = normalize(join(app, path === '/' ? 'index.html' : path));
    return file.startsWith(app) && existsSync(file) && statSync(file).isFile() ? file : undefined;
  };
} else {
  const bundle = resolve(values.bundle ?? defaultBundle());
  if (!existsSync(join(bundle, 'logflux.global.js'))) {
    console.error(`no logflux.global.js in ${bundle}: run "pnpm --filter @logflux/browser build" first`);
    process.exit(1);
  }
  const files = {
    '/': join(HERE, 'index.html'),
    '/app.js': join(HERE, 'app.js'),
    '/page.js': join(HERE, 'page.js'),
    '/logflux.global.js': join(bundle, 'logflux.global.js'),
    '/zstd.wasm': join(bundle, 'zstd.wasm'),
  };
  fileOf = (path) => files[path];
}

/** Read on every request, so this can start before `logflux serve` has created a tenant. */
function credentials() {
  const file = join(resolve(values.home), 'credentials.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The page's client options beyond the credentials: --capture names, --flush-interval-ms. */
const CAPTURES = {
  errors: 'captureGlobalErrors',
  console: 'captureConsole',
  context: 'pageContext',
  navigation: 'captureNavigation',
  network: 'captureNetwork',
  vitals: 'captureWebVitals',
};
const options = {};
for (const name of values.capture === 'none' ? [] : values.capture.split(',')) {
  if (!CAPTURES[name]) {
    console.error(`--capture: ${name} is not one of ${Object.keys(CAPTURES).join(', ')}, none`);
    process.exit(1);
  }
  options[CAPTURES[name]] = true;
}
if (values['flush-interval-ms']) options.flushIntervalMs = Number(values['flush-interval-ms']);

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
        options,
      }),
    );
    return;
  }
  const file = fileOf(path);
  if (!file) {
    res.writeHead(404).end();
    return;
  }
  // The policy a page using LogFlux needs: connect-src for the ingestor, and 'wasm-unsafe-eval'
  // only because payload type 2 (zstd) runs WebAssembly.
  const csp = `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'${creds ? ` ${creds.url}` : ''}; style-src 'unsafe-inline'`;
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  let body = readFileSync(file);
  const headers = { 'Content-Type': type, 'Cache-Control': 'no-store', 'Content-Security-Policy': csp };
  if (!type.startsWith('application/wasm') && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    body = gzipSync(body, { level: 9 });
    headers['Content-Encoding'] = 'gzip';
  }
  res.writeHead(200, headers);
  res.end(body);
});

server.listen(Number(values.port), '127.0.0.1', () => {
  const { port } = server.address();
  const url = `http://localhost:${port}`;
  console.log(`example page on ${url}`);
  console.log(`the ingestor must allow this origin: pnpm logflux serve --allow-origin ${url}`);
});
