import type { Envelope } from '@logflux/core';
import type { RequestContext } from '../http/context.js';
import { boundaryOf, parseMultipart } from '../http/multipart.js';
import { HttpError, sendJson } from '../http/respond.js';
import { MAX_ENVELOPE_DEPTH, nestsDeeperThan } from '../jsonDepth.js';
import type { IngestStore, StoredResponse } from '../store.js';
import type { Tenant } from '../tenants.js';
import { base64Within, checkJsonEntry, checkPart, type EntryCheck } from '../validate.js';
import type { Limits } from './handshake.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,128}$/;

export interface IngestDeps {
  store: IngestStore;
  limits: Limits;
  /** Requests with an idempotency key still being stored, so a concurrent repeat waits for them. */
  inFlight: Map<string, Promise<StoredResponse>>;
  /** Where operational notes go (never request bodies); default: stderr, prefixed `ingestor: `. */
  log?: (message: string) => void;
}

const stderrLog = (message: string) => void process.stderr.write(`ingestor: ${message}\n`);

/** One log line per request whose multipart body needed the JS SDK 3.0.1 rule (docs/protocol.md §8.4.1). */
function logJsFraming(ctx: RequestContext, deps: IngestDeps, delimiters: number, parts: number): void {
  (deps.log ?? stderrLog)(
    `${ctx.requestId}: multipart body in the JS SDK 3.0.1 framing (${delimiters} delimiter${delimiters === 1 ? '' : 's'} not preceded by CRLF); ` +
      `read as ${parts} parts (docs/protocol.md §8.4.1)`,
  );
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError('invalid_request', 'the body is not valid JSON');
  }
}

/** Turns the body of an ingest request into per-entry checks, by content type and path. */
function checksFor(ctx: RequestContext, body: Buffer, deps: IngestDeps): { checks: EntryCheck[]; batch: boolean } {
  const limits = deps.limits;
  const type = (ctx.req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/mixed')) {
    if (ctx.url.pathname !== '/v1/ingest') throw new HttpError('unsupported_media_type', 'multipart bodies go to /v1/ingest');
    const boundary = boundaryOf(ctx.req.headers['content-type'] ?? '');
    if (!boundary) throw new HttpError('invalid_request', 'multipart/mixed needs a valid boundary parameter');
    const { parts, jsFramingDelimiters } = parseMultipart(body, boundary);
    if (parts.length === 0) throw new HttpError('invalid_request', 'the multipart body has no parts');
    if (jsFramingDelimiters > 0) logJsFraming(ctx, deps, jsFramingDelimiters, parts.length);
    if (parts.length > limits.maxBatchSize) throw new HttpError('payload_too_large', `more than ${limits.maxBatchSize} entries`);
    const encode = base64Within(body);
    return { checks: parts.map((p) => checkPart(p, limits.maxPayloadSize, encode)), batch: true };
  }
  if (!type.startsWith('application/json')) throw new HttpError('unsupported_media_type', 'send application/json or multipart/mixed');
  const value = parseJson(body);
  if (ctx.url.pathname === '/v1/ingest') return { checks: [checkJsonEntry(value, limits.maxPayloadSize)], batch: false };
  const entries = (value as { entries?: unknown })?.entries;
  if (typeof value !== 'object' || value === null || !Array.isArray(entries) || entries.length === 0) {
    throw new HttpError('invalid_request', 'the body must be {"entries":[...]} with at least one entry');
  }
  if (entries.length > limits.maxBatchSize) throw new HttpError('payload_too_large', `more than ${limits.maxBatchSize} entries`);
  // Each entry is limited on its own (and fails alone); the rest of the body is ignored, but only up to the same depth.
  if (nestsDeeperThan({ ...value, entries: [] }, MAX_ENVELOPE_DEPTH)) {
    throw new HttpError('invalid_request', `the batch body nests deeper than ${MAX_ENVELOPE_DEPTH} levels`, {
      details: { error: 'envelope_json' },
    });
  }
  return { checks: entries.map((e) => checkJsonEntry(e, limits.maxPayloadSize)), batch: true };
}

/**
 * `POST /v1/ingest` (one JSON envelope, or multipart/mixed) and `POST /v1/batch`: validate each
 * entry, refuse the whole request for an unknown key id (410) or an exhausted quota (507), store
 * the valid entries durably, and only then answer.
 */
export async function ingest(ctx: RequestContext, tenant: Tenant, body: Buffer, deps: IngestDeps): Promise<StoredResponse> {
  const idem = ctx.req.headers['idempotency-key'];
  if (idem !== undefined && (typeof idem !== 'string' || !IDEMPOTENCY_KEY.test(idem))) {
    throw new HttpError('invalid_request', 'Idempotency-Key must be 16 to 128 characters of A-Z a-z 0-9 _ -');
  }
  const flightKey = idem ? `${tenant.id}\u0000${idem}` : undefined;
  if (idem && flightKey) {
    const earlier = deps.store.idempotentResponse(tenant.id, idem) ?? (await deps.inFlight.get(flightKey)?.catch(() => undefined));
    if (earlier) return replay(ctx, earlier);
  }
  const { checks, batch } = checksFor(ctx, body, deps);
  const valid = checks.filter((c): c is Extract<EntryCheck, { ok: true }> => c.ok).map((c) => c.envelope);
  const failures = checks.flatMap((c, index) => (c.ok ? [] : [{ index, error: c.error, message: c.message }]));

  if (valid.length === 0) {
    if (!batch) throw new HttpError('invalid_request', failures[0]?.message ?? 'invalid entry', { details: { error: failures[0]?.error } });
    throw new HttpError('invalid_request', 'no entry could be stored', { data: summary(checks.length, 0, failures) });
  }
  const unknown = valid.find((e) => deps.store.sessionKey(tenant.id, e.key_id) === undefined);
  if (unknown) throw new HttpError('unknown_key', 'a key_id in this request is unknown; perform a new handshake');
  if (tenant.maxEntries !== undefined && deps.store.entryCount(tenant.id) + valid.length > tenant.maxEntries) {
    throw new HttpError('quota_exceeded', 'the storage quota is exhausted', {
      retryAfter: 60,
      headers: { 'Retry-After': '60' },
      details: { entry_types: [...new Set(valid.map((e: Envelope) => e.entry_type ?? 1))] },
    });
  }
  const store = () =>
    deps.store.appendEntries(tenant.id, valid, idem, () =>
      batch
        ? {
            status: 200,
            body: {
              status: failures.length === 0 ? 'success' : 'partial',
              message: `${valid.length} of ${checks.length} entries stored`,
              request_id: ctx.requestId,
              data: summary(checks.length, valid.length, failures),
            },
          }
        : { status: 202, body: { status: 'accepted', request_id: ctx.requestId } },
    );
  let response: StoredResponse;
  if (flightKey) {
    const pending = store();
    deps.inFlight.set(flightKey, pending);
    try {
      response = await pending;
    } finally {
      deps.inFlight.delete(flightKey);
    }
  } else {
    response = await store();
  }
  return response;
}

function summary(total: number, succeeded: number, failures: { index: number; error: string; message: string }[]) {
  return { success: failures.length === 0, total, succeeded, failed: failures.length, failures };
}

function replay(ctx: RequestContext, response: StoredResponse): StoredResponse {
  ctx.headers['Idempotent-Replayed'] = 'true';
  return response;
}

export function sendStored(ctx: RequestContext, response: StoredResponse): void {
  sendJson(ctx.res, response.status, response.body, ctx.headers);
}
