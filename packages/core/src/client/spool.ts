import { utf8Encode } from '../bytes.js';
import { JSON_CONTENT_TYPE } from '../protocol/endpoints.js';
import { utf8DecodeStrict } from '../utf8Strict.js';
import type { Chunk } from './chunk.js';
import type { PipelineContext } from './context.js';

/** A sealed request waiting on durable storage: exactly the body that goes on the wire. */
export interface SpoolRecord {
  /** Sorts in send order: creation time, then the idempotency key. */
  id: string;
  idempotencyKey: string;
  /** The request body: envelopes or multipart parts, never plaintext. */
  body: string | Uint8Array;
  /** The body's Content-Type; absent for a JSON batch (records of earlier versions). */
  contentType?: string;
  entries: number;
  entryTypes: number[];
  createdAt: number;
}

/**
 * Where a runtime keeps spool records: a small key-value store (files in Node, IndexedDB in
 * browsers) — as Sentry's offline transport wraps a store. Values are opaque bytes; ids sort in
 * send order. The store measures its size as the sum of its values' lengths.
 */
export interface SpoolStore {
  put(id: string, value: Uint8Array): Promise<void>;
  /** For a host that is going away (process exit, page unload), when nothing asynchronous runs. */
  putSync?(id: string, value: Uint8Array): void;
  /** The values with the smallest ids, up to `limit`, oldest first. */
  oldest(limit: number): Promise<{ id: string; value: Uint8Array }[]>;
  delete(id: string): Promise<void>;
  /** Records and bytes currently stored (as far as the store knows; see `opened`). */
  size(): { records: number; bytes: number };
  /** Resolves once `size()` counts what earlier processes or pages left; rejects if the store is unusable. */
  readonly opened?: Promise<unknown>;
  close?(): Promise<void>;
}

const MAGIC = 'LFSPOOL1\n';

/** A record as stored: a header line (JSON, without the body), then the body bytes. */
export function encodeRecord(record: SpoolRecord): Uint8Array {
  const { body, ...header } = record;
  const head = utf8Encode(`${MAGIC}${JSON.stringify({ ...header, text: typeof body === 'string' })}\n`);
  const data = typeof body === 'string' ? utf8Encode(body) : body;
  const out = new Uint8Array(head.length + data.length);
  out.set(head, 0);
  out.set(data, head.length);
  return out;
}

/** The record in a stored value (also records of earlier versions, stored as one JSON object). */
export function decodeRecord(value: Uint8Array): SpoolRecord {
  const magic = utf8Encode(MAGIC);
  if (!magic.every((b, i) => value[i] === b)) return JSON.parse(utf8DecodeStrict(value)) as SpoolRecord;
  const end = value.indexOf(0x0a, magic.length);
  if (end < 0) throw new Error('a spool record has no header line');
  const { text, ...header } = JSON.parse(utf8DecodeStrict(value.subarray(magic.length, end))) as Omit<SpoolRecord, 'body'> & {
    text: boolean;
  };
  const data = value.slice(end + 1);
  return { ...header, body: text ? utf8DecodeStrict(data) : data };
}

/**
 * Offline storage for sealed requests, owned by core over a runtime's {@link SpoolStore}: record
 * encoding, eviction beyond `maxBytes` (oldest first, reported so their entries are counted as
 * `spool_overflow`), and reading back in send order. Unreadable records are removed and reported.
 */
export function createSpool(store: SpoolStore, maxBytes: number, onUnreadable: (id: string) => void) {
  /** Records being sent (replay): never evicted under the sender, whose answer settles them. */
  const pinned = new Set<string>();
  /** Evictions run one at a time: two at once would both read, delete and report the same oldest record. */
  let evicting: Promise<unknown> = Promise.resolve();

  async function evictNow(keep: string): Promise<SpoolRecord[]> {
    const evicted: SpoolRecord[] = [];
    while (store.size().bytes > maxBytes && store.size().records > 1) {
      const rows = await store.oldest(pinned.size + 1);
      const oldest = rows.find((row) => !pinned.has(row.id));
      if (!oldest || oldest.id === keep) break;
      await store.delete(oldest.id);
      try {
        evicted.push(decodeRecord(oldest.value));
      } catch {
        onUnreadable(oldest.id);
      }
    }
    return evicted;
  }

  function evict(keep: string): Promise<SpoolRecord[]> {
    const run = evicting.then(() => evictNow(keep));
    evicting = run.catch(() => undefined);
    return run;
  }

  return {
    opened: Promise.resolve(store.opened).then(
      () => true,
      () => false,
    ),
    /** Stores a record; returns the records evicted to stay within `maxBytes`. */
    async append(record: SpoolRecord): Promise<SpoolRecord[]> {
      await store.put(record.id, encodeRecord(record));
      return evict(record.id);
    },
    /** Stores a record synchronously where the store can; false where it cannot. Evicts later. */
    appendSync(record: SpoolRecord): boolean {
      if (!store.putSync) return false;
      try {
        store.putSync(record.id, encodeRecord(record));
        return true;
      } catch {
        return false;
      }
    },
    /** The oldest readable record, if any. */
    async oldest(): Promise<SpoolRecord | undefined> {
      for (;;) {
        const [row] = await store.oldest(1);
        if (!row) return undefined;
        try {
          return decodeRecord(row.value);
        } catch {
          await store.delete(row.id);
          onUnreadable(row.id);
        }
      }
    },
    remove: (id: string) => store.delete(id),
    /** Marks a record as being sent, so that eviction passes it by until `unpin`. */
    pin: (id: string) => void pinned.add(id),
    unpin: (id: string) => void pinned.delete(id),
    size: () => store.size(),
    /** Evicts what a synchronous append left over the cap. */
    trim: () => evict(''),
    close: () => store.close?.() ?? Promise.resolve(),
  };
}

export type Spool = ReturnType<typeof createSpool>;

let recordCount = 0;

/** The spool record of a request: exactly its body, under its key; ids sort in creation order. */
export function spoolRecordOf(ctx: PipelineContext, chunk: Chunk): SpoolRecord {
  const now = ctx.clock.now();
  recordCount = (recordCount + 1) % 1_000_000;
  return {
    id: `${now.toString().padStart(15, '0')}-${recordCount.toString().padStart(6, '0')}-${chunk.idempotencyKey}`,
    idempotencyKey: chunk.idempotencyKey,
    body: chunk.body.body,
    ...(chunk.body.contentType !== JSON_CONTENT_TYPE ? { contentType: chunk.body.contentType } : {}),
    entries: chunk.entries,
    entryTypes: chunk.types,
    createdAt: now,
  };
}
