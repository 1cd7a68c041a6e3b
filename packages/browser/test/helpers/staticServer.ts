import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.map': 'application/json',
};

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Paths requested so far, in order. */
  requested: string[];
  close(): Promise<void>;
}

/**
 * Serves test pages on loopback: `pages` (path → content) first, then files under `dir`.
 * `headers` are added to every HTML response (a Content-Security-Policy, for example).
 */
export async function startStaticServer(
  dir: string,
  pages: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<StaticServer> {
  const requested: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requested.push(path);
    let body: string | Buffer | undefined = pages[path];
    if (body === undefined) {
      const file = normalize(join(dir, path));
      if (!file.startsWith(dir)) {
        res.writeHead(403).end();
        return;
      }
      try {
        body = readFileSync(file);
      } catch {
        res.writeHead(404).end();
        return;
      }
    }
    const type = TYPES[extname(path)] ?? 'text/html; charset=utf-8';
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store', ...(type.startsWith('text/html') ? headers : {}) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requested,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
