import type { EntryType } from '../limits.js';
import { type RequestBody, requestBody, type SealedPieces } from '../protocol/bodies.js';
import { callService } from '../protocol/call.js';
import { DEFAULT_USER_AGENT, JSON_CONTENT_TYPE, PATHS, serviceHeaders } from '../protocol/endpoints.js';
import type { HttpResponse } from '../protocol/http.js';
import { newIdempotencyKey } from '../protocol/idempotency.js';
import type { PipelineContext } from './context.js';
import type { Outcome } from './ledger.js';
import type { QueuedEntry } from './queue.js';
import type { SpoolRecord } from './spool.js';
import { openAt } from './typePause.js';

/** Whose entries a request holds: this process's (plaintext kept, so it can be re-sealed) or a spool record's. */
export type ChunkOwner =
  | { kind: 'live'; items: QueuedEntry[] }
  /** `settle` settles the record's entries (spoolLedger.ts, with the offline parts that create records). */
  | { kind: 'record'; record: SpoolRecord; settle: (outcome: Outcome, failed: readonly number[]) => void };

/** One request: a sealed body under one idempotency key, sent until it is answered for. */
export interface Chunk {
  readonly owner: ChunkOwner;
  /** The pieces, when known (a record's are parsed from its body when needed). */
  sealed: SealedPieces | undefined;
  body: RequestBody;
  readonly idempotencyKey: string;
  /** The session key id the body was sealed under ('' when unknown: a stored record). */
  readonly keyId: string;
  readonly types: EntryType[];
  readonly entries: number;
  attempts: number;
  counted: boolean;
}

/** How a request ended: answered for (settled or spooled), or kept in the spool for later. */
export type SendOutcome = 'done' | 'kept';

export function liveChunk(ctx: PipelineContext, items: QueuedEntry[], sealed: SealedPieces, keyId: string, key: string): Chunk {
  if (items.length > 0) ctx.platform.durable?.sent(key, items);
  return {
    owner: { kind: 'live', items },
    sealed,
    body: requestBody(sealed, ctx.platform.providers.random),
    idempotencyKey: key,
    keyId,
    types: [...new Set(items.map((i) => i.type))],
    entries: items.length,
    attempts: 0,
    counted: false,
  };
}

/**
 * Idempotency keys for the `runs` requests a batch was cut into: fresh random keys, or for a
 * `writeBatch` group its key (with `-p<i>` per request when it needed several), so that a re-send
 * of the same group is stored once.
 */
export function runKeys(ctx: PipelineContext, items: readonly QueuedEntry[], runs: number): string[] {
  const group = items[0]?.group;
  if (!group) return Array.from({ length: runs }, () => newIdempotencyKey(ctx.platform.providers.random));
  return runs === 1 ? [group.idempotencyKey] : Array.from({ length: runs }, (_, i) => `${group.idempotencyKey}-p${i}`);
}

/** Final outcome for a request's entries; those at `failed` indices are rejected. */
export function settleChunk(ctx: PipelineContext, chunk: Chunk, outcome: Outcome, failed: readonly number[] = []): void {
  const { owner } = chunk;
  if (owner.kind === 'record') {
    owner.settle(outcome, failed);
    return;
  }
  const bad = new Set(failed);
  ctx.ledger.settle(
    owner.items.filter((_, i) => bad.has(i)),
    'rejected',
  );
  ctx.ledger.settle(
    owner.items.filter((_, i) => !bad.has(i)),
    outcome,
  );
}

export async function post(ctx: PipelineContext, chunk: Chunk): Promise<HttpResponse> {
  const base = await ctx.sessions.ingestor();
  const json = chunk.body.contentType === JSON_CONTENT_TYPE;
  const headers = serviceHeaders(
    ctx.sessions.apiKey.reveal(),
    ctx.platform.userAgent ?? DEFAULT_USER_AGENT,
    chunk.body.contentType,
    chunk.idempotencyKey,
  );
  const url = `${base}${json ? PATHS.batch : PATHS.ingest}`;
  return callService(ctx.platform.request, url, 'POST', headers, chunk.body.body, ctx.opts.requestTimeoutMs, ctx.exiting !== false);
}

export async function waitGates(ctx: PipelineContext, types: readonly EntryType[]): Promise<void> {
  for (;;) {
    const now = ctx.clock.now();
    const until = openAt(ctx.gates, types);
    if (now >= until || ctx.hardClosed) return;
    await ctx.sleep(until - now);
  }
}
