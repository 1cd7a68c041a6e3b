import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Envelope } from '@logflux/core';
import { envelopeFields } from './envelopeFields.js';
import { RecordLog, type RecordPosition } from './storage/recordLog.js';
import type { LogFileIo } from './storage/segmentFile.js';
import type { StorageHealth } from './storage/storageError.js';

/**
 * What the ingestor keeps: session keys exactly as the client wrapped them, and envelopes exactly
 * as they arrived (ciphertext, nonce and the metadata the protocol leaves in the clear). Each
 * accepted request becomes one log record, so its entries and its idempotency key are durable
 * together or not at all. An in-memory index over the log answers queries. Only the envelope
 * members of the protocol are stored and served (envelopeFields.ts); the server's own `id` and
 * `received_at` are always its own. When the disk refuses a write, the failing call rejects with
 * `StorageUnavailableError` and nothing of it is kept.
 */

export interface StoredSessionKey {
  keyId: string;
  encryptedSecret: string;
  createdAt: string;
}

/** A stored entry as the read API returns it: the envelope's protocol fields and the server's. */
export interface StoredEntry extends Envelope {
  id: number;
  received_at: string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

export interface EntryQuery {
  /** Inclusive lower bound on the entry's timestamp (or receive time when it has none), ms. */
  from?: number;
  /** Exclusive upper bound, ms. */
  to?: number;
  entryType?: number;
  keyId?: string;
  /** Return entries with id greater than this (paging cursor). */
  after?: number;
  limit: number;
}

interface IndexedEntry {
  id: number;
  time: number;
  entryType: number | undefined;
  keyId: string;
  batch: RecordPosition;
  index: number;
}

type LogRecord =
  | { k: 'key'; t: string; kid: string; es: string; at: string }
  | { k: 'batch'; t: string; at: string; first: number; entries: Envelope[]; idem?: string; resp?: StoredResponse };

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface TenantState {
  keys: Map<string, StoredSessionKey>;
  entries: IndexedEntry[];
  idempotency: Map<string, { at: number; response: StoredResponse }>;
}

export class IngestStore {
  private readonly tenants = new Map<string, TenantState>();
  private nextId = 1;
  private log!: RecordLog;

  private state(tenant: string): TenantState {
    let s = this.tenants.get(tenant);
    if (!s) {
      s = { keys: new Map(), entries: [], idempotency: new Map() };
      this.tenants.set(tenant, s);
    }
    return s;
  }

  static async open(dataDir: string, options: { sync?: boolean; segmentBytes?: number; io?: LogFileIo } = {}): Promise<IngestStore> {
    const store = new IngestStore();
    store.log = await RecordLog.open({ dir: join(dataDir, 'log'), ...options }, (bytes, position) => {
      store.apply(JSON.parse(decoder.decode(bytes)) as LogRecord, position);
    });
    return store;
  }

  private apply(record: LogRecord, position: RecordPosition): void {
    const s = this.state(record.t);
    if (record.k === 'key') {
      s.keys.set(record.kid, { keyId: record.kid, encryptedSecret: record.es, createdAt: record.at });
      return;
    }
    const receivedAt = Date.parse(record.at);
    record.entries.forEach((e, index) => {
      const stamped = e.timestamp === undefined ? Number.NaN : Date.parse(e.timestamp);
      s.entries.push({
        id: record.first + index,
        time: Number.isNaN(stamped) ? receivedAt : stamped,
        entryType: e.entry_type,
        keyId: e.key_id,
        batch: position,
        index,
      });
    });
    this.nextId = Math.max(this.nextId, record.first + record.entries.length);
    if (record.idem && record.resp && Date.now() - receivedAt < IDEMPOTENCY_TTL_MS) {
      s.idempotency.set(record.idem, { at: receivedAt, response: record.resp });
    }
  }

  private async write(record: LogRecord): Promise<void> {
    const [position] = await this.log.append([encoder.encode(JSON.stringify(record))]);
    this.apply(record, position as RecordPosition);
  }

  /** Stores a wrapped session key exactly as received and returns its new key id. */
  async addSessionKey(tenant: string, encryptedSecret: string): Promise<string> {
    const keyId = randomUUID();
    await this.write({ k: 'key', t: tenant, kid: keyId, es: encryptedSecret, at: new Date().toISOString() });
    return keyId;
  }

  sessionKey(tenant: string, keyId: string): StoredSessionKey | undefined {
    return this.tenants.get(tenant)?.keys.get(keyId);
  }

  sessionKeys(tenant: string): StoredSessionKey[] {
    return [...(this.tenants.get(tenant)?.keys.values() ?? [])];
  }

  entryCount(tenant: string): number {
    return this.tenants.get(tenant)?.entries.length ?? 0;
  }

  /** The response stored with an idempotency key, if that key was used within 24 hours. */
  idempotentResponse(tenant: string, key: string): StoredResponse | undefined {
    const hit = this.tenants.get(tenant)?.idempotency.get(key);
    return hit && Date.now() - hit.at < IDEMPOTENCY_TTL_MS ? hit.response : undefined;
  }

  /**
   * Durably stores accepted entries (and, with an idempotency key, the response to repeat) in one
   * record. `respond` builds the response from the ids the entries received.
   */
  async appendEntries(
    tenant: string,
    entries: Envelope[],
    idempotencyKey: string | undefined,
    respond: (ids: number[]) => StoredResponse,
  ): Promise<StoredResponse> {
    const first = this.nextId;
    this.nextId += entries.length;
    const response = respond(entries.map((_, i) => first + i));
    await this.write({
      k: 'batch',
      t: tenant,
      at: new Date().toISOString(),
      first,
      entries: entries.map(envelopeFields),
      ...(idempotencyKey ? { idem: idempotencyKey, resp: response } : {}),
    });
    return response;
  }

  /** Entries matching a query, in arrival order, with a cursor for the next page. */
  async query(tenant: string, q: EntryQuery): Promise<{ entries: StoredEntry[]; next: number | null }> {
    const all = this.tenants.get(tenant)?.entries ?? [];
    const picked: IndexedEntry[] = [];
    let more = false;
    for (const e of all) {
      if (q.after !== undefined && e.id <= q.after) continue;
      if (q.from !== undefined && e.time < q.from) continue;
      if (q.to !== undefined && e.time >= q.to) continue;
      if (q.entryType !== undefined && e.entryType !== q.entryType) continue;
      if (q.keyId !== undefined && e.keyId !== q.keyId) continue;
      if (picked.length === q.limit) {
        more = true;
        break;
      }
      picked.push(e);
    }
    const batches = new Map<string, Extract<LogRecord, { k: 'batch' }>>();
    const entries: StoredEntry[] = [];
    for (const e of picked) {
      const ref = `${e.batch.segment}:${e.batch.offset}`;
      let batch = batches.get(ref);
      if (!batch) {
        batch = JSON.parse(decoder.decode(await this.log.read(e.batch))) as Extract<LogRecord, { k: 'batch' }>;
        batches.set(ref, batch);
      }
      // Server fields last: nothing in a stored envelope can stand in for them.
      entries.push({ ...envelopeFields(batch.entries[e.index] as Envelope), id: e.id, received_at: batch.at });
    }
    return { entries, next: more ? (picked.at(-1)?.id ?? null) : null };
  }

  /** Whether the storage takes writes (without touching the disk). */
  health(): StorageHealth {
    return this.log.health();
  }

  /** Like {@link health}, but after a failure first tries whether the disk takes writes again. */
  checkHealth(): Promise<StorageHealth> {
    return this.log.recover();
  }

  close(): Promise<void> {
    return this.log.close();
  }
}
