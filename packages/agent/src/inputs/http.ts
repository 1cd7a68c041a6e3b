import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { HttpInputConfig } from '../config/types.js';
import { mapAgentEntry } from '../mapping/agentEntry.js';
import { randomKey, secretsEqual } from '../secret.js';
import type { BatchResult, EntryInput } from '../sink.js';
import { listenTcp } from './listen.js';
import type { InputDeps, RunningInput } from './types.js';

const MAX_CONCURRENT = 64;
const RETRYABLE = new Set(['queue_overflow', 'network_error', 'undelivered', 'closed', 'unauthorized', 'handshake_failed', 'quota']);

function reply(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readToken(config: HttpInputConfig): string | undefined {
  if (config.bearerTokenFile) return (readFileSync(config.bearerTokenFile, 'utf8').split(/\r?\n/)[0] ?? '').trim() || undefined;
  if (config.bearerTokenEnv) return process.env[config.bearerTokenEnv] || undefined;
  return undefined;
}

/** The body as entries: one JSON object, an array of them, or NDJSON (one per line). */
function values(body: string): { values: unknown[]; badLines: number } {
  try {
    const v = JSON.parse(body) as unknown;
    return { values: Array.isArray(v) ? v : [v], badLines: 0 };
  } catch {
    const out: unknown[] = [];
    let badLines = 0;
    for (const line of body.split('\n')) {
      if (line.trim() === '') continue;
      try {
        out.push(JSON.parse(line));
      } catch {
        out.push(undefined);
        badLines++;
      }
    }
    return { values: out, badLines };
  }
}

/**
 * HTTP: `POST` of one agent-protocol entry, an array of them or NDJSON. The answer comes once
 * the entries are acknowledged or spooled: 200 `{accepted, forwarded, spooled, invalid}`; 503
 * with Retry-After while the destination is full (nothing was read) or when entries could not be
 * delivered. An `Idempotency-Key` header makes a retried request count once (with a client that
 * has writeBatch). A bearer token, when configured, is compared in constant time.
 */
export async function startHttp(config: HttpInputConfig, deps: InputDeps): Promise<RunningInput> {
  const token = readToken(config);
  if ((config.bearerTokenFile || config.bearerTokenEnv) && !token) throw new Error('the bearer token file or variable is empty');
  const { counters, log } = deps;
  const ctx = { ...(config.source ? { source: config.source } : {}), ...(config.attributes ? { attributes: config.attributes } : {}) };
  let active = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counters.connections++;
    const path = (req.url ?? '/').split('?')[0];
    if (path !== config.path) return reply(res, 404, { error: 'not_found' });
    if (req.method !== 'POST') return reply(res, 405, { error: 'method_not_allowed' }, { Allow: 'POST' });
    if (token !== undefined) {
      const auth = req.headers.authorization ?? '';
      const presented = auth.startsWith('Bearer ') ? auth.slice(7) : '';
      if (!secretsEqual(presented, token)) {
        counters.refuse('unauthorized');
        return reply(res, 401, { error: 'unauthorized' }, { 'WWW-Authenticate': 'Bearer' });
      }
    }
    const idem = req.headers['idempotency-key'];
    if (idem !== undefined && (typeof idem !== 'string' || !/^[A-Za-z0-9_-]{16,128}$/.test(idem)))
      return reply(res, 400, { error: 'Idempotency-Key must be 16 to 128 characters of A-Z a-z 0-9 _ -' });
    if (deps.destination.gate.open === false || active >= MAX_CONCURRENT) {
      counters.refuse('busy');
      return reply(res, 503, { error: 'busy' }, { 'Retry-After': '1', Connection: 'close' });
    }
    active++;
    try {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > config.maxBodyBytes) {
          counters.refuse('too_large');
          return reply(res, 413, { error: `the body exceeds ${config.maxBodyBytes} bytes` }, { Connection: 'close' });
        }
        chunks.push(chunk);
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const parsed = values(body);
      const entries: EntryInput[] = [];
      const invalid: { index: number; error: string }[] = [];
      parsed.values.forEach((value, index) => {
        counters.received++;
        const mapped = value === undefined ? { error: 'bad_line' } : mapAgentEntry(value, ctx);
        if ('error' in mapped) {
          counters.drop(mapped.error);
          invalid.push({ index, error: mapped.error });
        } else entries.push(mapped.entry);
      });
      if (entries.length === 0) return reply(res, invalid.length > 0 ? 400 : 200, { accepted: 0, forwarded: 0, spooled: 0, invalid });
      const base =
        typeof idem === 'string'
          ? createHash('sha256').update(`${deps.agentId}\0${config.name}\0${idem}`).digest('base64url').slice(0, 24)
          : randomKey();
      const result = await deliver(entries, base);
      const retry = Object.keys(result.dropped).some((r) => RETRYABLE.has(r)) || result.pending > 0;
      const summary = {
        accepted: entries.length,
        forwarded: result.acknowledged,
        spooled: result.spooled,
        dropped: result.dropped,
        invalid,
      };
      return reply(res, retry ? 503 : 200, summary, retry ? { 'Retry-After': '1' } : {});
    } finally {
      active--;
    }
  }

  /** Hands a body's entries over in slices that fit the client's queue, waiting for room between them. */
  async function deliver(entries: EntryInput[], baseKey: string): Promise<BatchResult> {
    const { destination } = deps;
    const slice = Math.max(1, Math.floor(destination.sink.capacity().entries / 20));
    const total: BatchResult = { acknowledged: 0, spooled: 0, dropped: {}, pending: 0 };
    for (let at = 0, part = 0; at < entries.length; at += slice, part++) {
      await destination.gate.whenOpen();
      const r = await destination.sink.writeBatch(entries.slice(at, at + slice), `${baseKey}-${part}`);
      destination.gate.check();
      counters.settle(r);
      total.acknowledged += r.acknowledged;
      total.spooled += r.spooled;
      total.pending += r.pending;
      for (const [k, n] of Object.entries(r.dropped)) total.dropped[k] = (total.dropped[k] ?? 0) + n;
    }
    return total;
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.warn(`request failed (${(error as Error)?.message})`);
      if (!res.headersSent) reply(res, 500, { error: 'internal' });
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  const address = await listenTcp(server, config.host, config.port);
  log.info(`listening on http://${address}${config.path} (${token ? 'bearer token required' : 'no token'})`);
  return {
    config,
    address,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
