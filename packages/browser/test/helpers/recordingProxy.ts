import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  path: string;
  /** Body bytes as received. */
  bodyBytes: number;
  body: string;
  contentType: string | undefined;
  idempotencyKey: string | undefined;
}

export interface RecordingProxy {
  url: string;
  requests: ProxiedRequest[];
  /** Most body bytes of POST requests received and not yet answered, at any moment. */
  maxInFlightBytes(): number;
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of the ingestor that records every request it forwards (with its
 * body) and holds each answer for `delayMs`, so that requests overlap and the bytes in flight at
 * once can be measured on the receiving side.
 */
export async function startRecordingProxy(target: string, delayMs = 0): Promise<RecordingProxy> {
  const requests: ProxiedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const to = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const post = req.method === 'POST';
      if (post) {
        inFlight += body.length;
        maxInFlight = Math.max(maxInFlight, inFlight);
      }
      requests.push({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        bodyBytes: body.length,
        body: body.toString('utf8'),
        contentType: req.headers['content-type'],
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
      });
      const upstream = request(
        { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            setTimeout(() => {
              if (post) inFlight -= body.length;
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              res.end(Buffer.concat(parts));
            }, delayMs);
          });
        },
      );
      upstream.on('error', () => {
        if (post) inFlight -= body.length;
        res.writeHead(502).end();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    maxInFlightBytes: () => maxInFlight,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
