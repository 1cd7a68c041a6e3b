import { envelopeFields } from '../envelopeFields.js';
import type { RequestContext } from '../http/context.js';
import { HttpError, sendJson } from '../http/respond.js';
import type { IngestStore, StoredEntry } from '../store.js';
import type { Tenant } from '../tenants.js';

function intParam(url: URL, name: string, min: number, max: number): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new HttpError('invalid_request', `${name} must be an integer from ${min} to ${max}`);
  return n;
}

function timeParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  const t = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(t)) throw new HttpError('invalid_request', `${name} must be an RFC 3339 time or Unix milliseconds`);
  return t;
}

/**
 * What the read API shows of a stored entry: exactly the envelope fields of docs/protocol.md §5.1
 * plus the server's own `id` and `received_at`, which nothing a client sent can replace.
 */
export function entryView(entry: StoredEntry): StoredEntry {
  return { ...envelopeFields(entry), id: entry.id, received_at: entry.received_at };
}

/** `GET /v1/entries?from&to&entry_type&key_id&after&limit`: stored envelopes, oldest first. */
export async function listEntries(ctx: RequestContext, tenant: Tenant, store: IngestStore): Promise<void> {
  const url = ctx.url;
  const keyId = url.searchParams.get('key_id') ?? undefined;
  const q = {
    from: timeParam(url, 'from'),
    to: timeParam(url, 'to'),
    entryType: intParam(url, 'entry_type', 1, 7),
    keyId: keyId === '' ? undefined : keyId,
    after: intParam(url, 'after', 0, Number.MAX_SAFE_INTEGER),
    limit: intParam(url, 'limit', 1, 1000) ?? 100,
  };
  const page = await store.query(tenant.id, q);
  sendJson(ctx.res, 200, {
    status: 'success',
    request_id: ctx.requestId,
    data: { entries: page.entries.map(entryView), next_after: page.next },
  });
}

/** `GET /v1/keys` and `GET /v1/keys/{key_id}`: the wrapped session keys, exactly as stored. */
export function getKeys(ctx: RequestContext, tenant: Tenant, store: IngestStore, keyId?: string): void {
  const view = (k: { keyId: string; encryptedSecret: string; createdAt: string }) => ({
    key_id: k.keyId,
    encrypted_secret: k.encryptedSecret,
    created_at: k.createdAt,
  });
  if (keyId === undefined) {
    sendJson(ctx.res, 200, { status: 'success', request_id: ctx.requestId, data: { keys: store.sessionKeys(tenant.id).map(view) } });
    return;
  }
  const key = store.sessionKey(tenant.id, keyId);
  if (!key) throw new HttpError('not_found', 'no such key_id');
  sendJson(ctx.res, 200, { status: 'success', request_id: ctx.requestId, data: view(key) });
}
