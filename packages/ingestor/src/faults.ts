import type { RequestContext } from './http/context.js';
import { ERROR_STATUS, type ErrorCode, HttpError } from './http/respond.js';

/**
 * Fault injection for tests of clients. Off unless the ingestor is started with
 * `faultInjection: true`; then faults are queued through {@link FaultInjector.add} or the
 * `/__admin/faults` endpoint and consumed, in order, by matching requests.
 */
export type Fault =
  /** Answer `status` (with the protocol's error envelope) without processing the request. */
  | { kind: 'status'; status: number; count?: number; paths?: string[] }
  /** Answer 429 with `Retry-After` in delta-seconds or as an HTTP-date. */
  | { kind: 'rate_limit'; retryAfter: number; format?: 'seconds' | 'date'; count?: number; paths?: string[] }
  /** Wait `ms` before handling the request. */
  | { kind: 'latency'; ms: number; count?: number; paths?: string[] }
  /**
   * Destroy the connection: `before` processing (nothing stored) or `after` processing, in the
   * middle of writing the response (entries stored, client sees a broken response).
   */
  | { kind: 'close'; phase?: 'before' | 'after'; count?: number; paths?: string[] };

const DEFAULT_PATHS = ['/v1/ingest', '/v1/batch'];

export class FaultInjector {
  private faults: (Fault & { left: number })[] = [];
  /** Requests each fault kind has affected, for test assertions. */
  readonly applied: Record<Fault['kind'], number> = { status: 0, rate_limit: 0, latency: 0, close: 0 };

  add(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.count ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  pending(): number {
    return this.faults.reduce((n, f) => n + f.left, 0);
  }

  /** The fault for a request to `path`, if any, consuming one use of it. */
  take(path: string): Fault | undefined {
    const i = this.faults.findIndex((f) => (f.paths ?? DEFAULT_PATHS).includes(path));
    if (i < 0) return undefined;
    const f = this.faults[i] as Fault & { left: number };
    f.left--;
    if (f.left <= 0) this.faults.splice(i, 1);
    this.applied[f.kind]++;
    return f;
  }
}

export function parseFault(value: unknown): Fault {
  const f = value as Fault;
  const ok =
    typeof f === 'object' &&
    f !== null &&
    ((f.kind === 'status' && Number.isInteger(f.status) && f.status >= 400 && f.status < 600) ||
      (f.kind === 'rate_limit' && Number.isFinite(f.retryAfter) && f.retryAfter >= 0) ||
      (f.kind === 'latency' && Number.isFinite(f.ms) && f.ms >= 0) ||
      f.kind === 'close');
  if (!ok) throw new Error('not a fault: expected {kind: status|rate_limit|latency|close, ...}');
  return f;
}

/** The protocol's error code for an injected status (the first listed for it, e.g. 507 → quota_exceeded). */
function codeForStatus(status: number): ErrorCode {
  const found = (Object.entries(ERROR_STATUS) as [ErrorCode, number][]).find(([, s]) => s === status);
  return found ? found[0] : 'internal';
}

/**
 * Applies the next queued fault for this request, if any: waits, throws the injected error, or
 * closes the connection. `'handled'` means the connection is gone; `'close-after'` that the
 * caller must break its response after processing.
 */
export async function applyFault(faults: FaultInjector | undefined, ctx: RequestContext): Promise<'handled' | 'close-after' | undefined> {
  const fault = faults?.take(ctx.url.pathname);
  if (!fault) return undefined;
  switch (fault.kind) {
    case 'latency':
      await new Promise((r) => setTimeout(r, fault.ms));
      return undefined;
    case 'close':
      if (fault.phase === 'after') return 'close-after';
      ctx.res.destroy();
      return 'handled';
    case 'rate_limit': {
      const value = fault.format === 'date' ? new Date(Date.now() + fault.retryAfter * 1000).toUTCString() : String(fault.retryAfter);
      throw new HttpError('rate_limited', 'rate limit exceeded (injected)', {
        retryAfter: fault.retryAfter,
        headers: { 'Retry-After': value },
      });
    }
    case 'status':
      throw new HttpError(codeForStatus(fault.status), `injected ${fault.status}`, { status: fault.status });
  }
}
