import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackHost } from '@logflux/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { AnalysisError } from '../types.js';

export interface McpHttpOptions {
  host?: string;
  port?: number;
  /** Explicit consent to listen beyond loopback. */
  allowExternal?: boolean;
  /** Every request must carry `Authorization: Bearer <token>`. */
  token: string;
  /** A fresh MCP server per request (stateless Streamable HTTP). */
  newServer: () => McpServer;
}

export interface McpHttpServer {
  /** The endpoint, e.g. `http://127.0.0.1:7601/mcp`. */
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const digest = (s: string) => createHash('sha256').update(s).digest();

function reply(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The Streamable HTTP transport on loopback (anything else needs `allowExternal`), behind a bearer
 * token compared in constant time. Requests whose Host is not a loopback name are refused too, so a
 * web page cannot reach the server through DNS rebinding.
 */
export async function startMcpHttp(options: McpHttpOptions): Promise<McpHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopbackHost(host);
  if (!loopback && !options.allowExternal) {
    throw new AnalysisError(`refusing to listen on ${host}: only loopback unless --allow-external is given`);
  }
  if (options.token.length < 16) throw new AnalysisError('the bearer token must be at least 16 characters');
  const expected = digest(`Bearer ${options.token}`);

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/mcp') return reply(res, 404, 'not found; the MCP endpoint is /mcp');
      const hostname = /^\[[^\]]*\]|^[^:]*/.exec(req.headers.host ?? '')?.[0] ?? '';
      if (loopback && !isLoopbackHost(hostname)) return reply(res, 403, 'forbidden host');
      if (!timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
        return reply(res, 401, 'missing or wrong bearer token', { 'WWW-Authenticate': 'Bearer' });
      }
      let body: unknown;
      if (req.method === 'POST') {
        const text = await readBody(req);
        if (text === undefined) return reply(res, 413, 'request body over 1 MiB');
        try {
          body = JSON.parse(text);
        } catch {
          return reply(res, 400, 'the body is not JSON');
        }
      }
      const mcp = options.newServer();
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on('close', () => {
        void transport.close();
        void mcp.close();
      });
      await mcp.connect(transport);
      await transport.handleRequest(req, res, body);
    } catch {
      if (!res.headersSent) reply(res, 500, 'internal error');
      else res.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/mcp`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
