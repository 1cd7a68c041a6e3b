import type { HttpResponse } from '../protocol/http.js';
import { parseRetryAfter } from './retryAfter.js';

/**
 * What to do with a request after its answer (docs/protocol.md §9.3, docs/delivery.md): one pure
 * table for live delivery and for spool replay alike.
 */
export type Verdict =
  /** 200/202: stored (entries listed in `data.failures` are rejected). */
  | { kind: 'ack' }
  /** 400: the request is refused as a whole; never retried. */
  | { kind: 'reject' }
  /** 413 with more than one entry: send each half under a key of its own. */
  | { kind: 'split' }
  /** A final drop without sending again: 413 for one entry, 410 for a batch that cannot be re-sealed. */
  | { kind: 'drop'; reason: 'too_large' | 'unknown_key' }
  /** 410: new handshake, re-seal the entries, send under a new key. */
  | { kind: 'reseal' }
  /** 404/405/415 to a multipart request: the service takes JSON batches only. */
  | { kind: 'reframe' }
  /** 401/403: stop sending until reconfigured. */
  | { kind: 'stop' }
  /** 429 (scope all) or 507 (scope types): wait until `until`, then the same request again. */
  | { kind: 'pause'; scope: 'all' | 'types'; until: number }
  /** Network error, timeout, 5xx or an unexpected status: wait `delayMs`, then the same request again. */
  | { kind: 'retry'; delayMs: number }
  /** As `retry`, but the request has had its retries: spool it, or drop it as `network_error`. */
  | { kind: 'give_up' };

export interface VerdictContext {
  now: number;
  /** Failed attempts of this request so far (network errors, 5xx, unexpected statuses). */
  attempts: number;
  maxRetries: number;
  /** Entries in the request. */
  entries: number;
  /** Whether the plaintext is still at hand (live delivery; not spooled batches). */
  canReseal: boolean;
  /** Whether the request was a multipart batch. */
  multipart: boolean;
  /** The backoff delay before retry `n` (1, 2, …), jitter included. */
  backoff: (attempt: number) => number;
  /** Pause for a 507 without Retry-After. */
  quotaPauseMs: number;
}

/** The verdict for `response` (undefined: a network error or timeout). */
export function verdict(response: HttpResponse | undefined, ctx: VerdictContext): Verdict {
  const status = response?.status;
  const retryAfter = response ? parseRetryAfter(response.header('retry-after'), ctx.now) : undefined;
  switch (status) {
    case 200:
    case 202:
      return { kind: 'ack' };
    case 400:
      return { kind: 'reject' };
    case 401:
    case 403:
      return { kind: 'stop' };
    case 410:
      return ctx.canReseal ? { kind: 'reseal' } : { kind: 'drop', reason: 'unknown_key' };
    case 413:
      return ctx.entries > 1 ? { kind: 'split' } : { kind: 'drop', reason: 'too_large' };
    case 429:
      return { kind: 'pause', scope: 'all', until: ctx.now + (retryAfter ?? ctx.backoff(ctx.attempts + 1)) };
    case 507:
      return { kind: 'pause', scope: 'types', until: ctx.now + (retryAfter ?? ctx.quotaPauseMs) };
    case 404:
    case 405:
    case 415:
      if (ctx.multipart) return { kind: 'reframe' };
  }
  // A network error, a timeout, 5xx or any status this table does not list: never a drop.
  const attempt = ctx.attempts + 1;
  if (attempt > ctx.maxRetries) return { kind: 'give_up' };
  return { kind: 'retry', delayMs: retryAfter || ctx.backoff(attempt) };
}
