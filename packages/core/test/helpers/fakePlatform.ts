import {
  type Clock,
  type HttpRequest,
  type HttpResponse,
  multipartBoundary,
  multipartParts,
  partToEnvelope,
  type RequestFunction,
  type SpoolStore,
} from '@logflux/core';
import { readKey } from './vectors.js';

/** A manual clock: timers run only when a test advances time. */
export class FakeClock implements Clock {
  t = 1_800_000_000_000;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.push({ at: this.t + Math.max(0, ms), fn, id });
    return id;
  };
  clearTimeout = (id: unknown) => {
    this.timers = this.timers.filter((x) => x.id !== id);
  };
  /** Advances time, running due timers in order and letting promises settle between them. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    await settle();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
      await settle();
    }
    this.t = end;
    await settle();
  }
}

/** Lets pending promises and real asynchronous work (Web Crypto runs off-thread) finish. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 1));
}

export type BatchHandler = (req: HttpRequest, entries: unknown[]) => { status: number; body?: unknown; headers?: Record<string, string> };

/** The network edge: a scripted ingestor that speaks just enough of the protocol. */
export class FakeIngestor {
  readonly requests: HttpRequest[] = [];
  batchHandlers: BatchHandler[] = [];
  keyIds = 0;
  publicKey = readKey('test-rsa-4096-public.pem');
  initStatus = 200;
  /** Announce multipart in the handshake. */
  multipart = false;
  /** Answer multipart batches with this status instead of taking them (a service that refuses them). */
  multipartStatus: number | undefined;

  ok(entries: unknown[]) {
    return {
      status: 200,
      body: { status: 'success', data: { success: true, total: entries.length, succeeded: entries.length, failed: 0, failures: [] } },
    };
  }

  /** Batch requests of either form (JSON to /v1/batch, multipart to /v1/ingest). */
  get batches(): HttpRequest[] {
    return this.requests.filter((r) => r.url.endsWith('/v1/batch') || r.url.endsWith('/v1/ingest'));
  }

  request: RequestFunction = async (req) => {
    this.requests.push(req);
    const respond = (status: number, body: unknown = {}, headers: Record<string, string> = {}): HttpResponse => ({
      status,
      body: JSON.stringify(body),
      header: (n) => headers[n.toLowerCase()] ?? headers[n],
    });
    if (req.url.endsWith('/v1/handshake/init')) {
      if (this.initStatus !== 200) return respond(this.initStatus, { status: 'error' });
      return respond(200, {
        status: 'success',
        data: {
          public_key: this.publicKey,
          supports_multipart: this.multipart,
          limits: { max_batch_size: 1000, max_payload_size: 1048576, max_request_size: 1048576 },
        },
      });
    }
    if (req.url.endsWith('/v1/handshake/complete')) return respond(200, { key_id: `key-${++this.keyIds}` });
    const boundary = multipartBoundary(req.headers['Content-Type'] ?? '');
    if (boundary !== undefined && this.multipartStatus !== undefined) return respond(this.multipartStatus, { status: 'error' });
    const entries =
      boundary !== undefined
        ? multipartParts(req.body as Uint8Array, boundary).map((p) => JSON.parse(partToEnvelope(p)) as unknown)
        : (JSON.parse(bodyText(req.body) || '{}') as { entries: unknown[] }).entries;
    const handler = this.batchHandlers.shift();
    const r: ReturnType<BatchHandler> = handler ? handler(req, entries) : this.ok(entries);
    return respond(r.status, r.body ?? (r.status === 200 ? this.ok(entries).body : { status: 'error' }), r.headers);
  };
}

/** A request body as text (JSON batches are strings; multipart bodies bytes). */
export function bodyText(body: string | Uint8Array | undefined): string {
  return typeof body === 'string' ? body : new TextDecoder().decode(body ?? new Uint8Array(0));
}

/** An in-memory spool store: values by id, oldest (smallest id) first. */
export class MemoryStore implements SpoolStore {
  readonly values = new Map<string, Uint8Array>();
  async put(id: string, value: Uint8Array): Promise<void> {
    this.values.set(id, value);
  }
  putSync(id: string, value: Uint8Array): void {
    this.values.set(id, value);
  }
  async oldest(limit: number): Promise<{ id: string; value: Uint8Array }[]> {
    return [...this.values.keys()]
      .sort()
      .slice(0, limit)
      .map((id) => ({ id, value: this.values.get(id) as Uint8Array }));
  }
  async delete(id: string): Promise<void> {
    this.values.delete(id);
  }
  size() {
    let bytes = 0;
    for (const v of this.values.values()) bytes += v.length;
    return { records: this.values.size, bytes };
  }
}

/** The envelopes of a batch request, whichever its form. */
export function envelopesOf(req: HttpRequest): Record<string, unknown>[] {
  const boundary = multipartBoundary(req.headers['Content-Type'] ?? '');
  if (boundary !== undefined)
    return multipartParts(req.body as Uint8Array, boundary).map((p) => JSON.parse(partToEnvelope(p)) as Record<string, unknown>);
  return (JSON.parse(bodyText(req.body)) as { entries: Record<string, unknown>[] }).entries;
}
