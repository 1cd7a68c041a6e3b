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
