import type { SpoolRecord } from '@logflux/core/runtime';
import type { IdbSpool } from '../spool.js';

const STORE = 'records';

function settled<T>(request: IDBRequest<T> | IDBTransaction, value?: () => T): Promise<T> {
  return new Promise((resolve, reject) => {
    const r = request as IDBRequest<T> & IDBTransaction;
    r.onsuccess = r.oncomplete = () => resolve(value ? value() : r.result);
    r.onerror = r.onabort = () => reject(r.error);
  });
}

/** localStorage, or undefined where a page may not use it (sandboxed frames, some privacy modes). */
function storage(): Storage | undefined {
  try {
    return localStorage;
  } catch {
    return undefined;
  }
}

/**
 * The outage buffer in IndexedDB: one row per sealed batch, holding exactly the request body that
 * goes on the wire (envelopes, never plaintext or keys) and its Idempotency-Key, keyed so that key
 * order is send order. Shared by the tabs of an origin that use the same API key and endpoint, and
 * replayed by the next page load. Past `maxBytes` the oldest rows are evicted and reported.
 *
 * At page exit an IndexedDB transaction cannot be relied on to commit (Chromium aborts it when the
 * page goes), so `appendNow` stages the record — the same sealed body — in localStorage, which is
 * written synchronously; the next page load moves staged records into IndexedDB.
 */
export function openIdbSpool(name: string, maxBytes: number): IdbSpool {
  const sizes = new Map<string, number>();
  const stage = `${name}:exit:`;
  let bytes = 0;
  const track = (row: SpoolRecord) => {
    if (sizes.has(row.id)) return;
    const size = row.body.length + 128;
    sizes.set(row.id, size);
    bytes += size;
  };
  const forget = (id: string) => {
    bytes -= sizes.get(id) ?? 0;
    sizes.delete(id);
  };
  /** Oldest ids to evict so that the content fits `maxBytes`, never `keep`. */
  const overflow = (keep: string) => {
    const out: string[] = [];
    for (const id of [...sizes.keys()].sort()) {
      if (bytes <= maxBytes) break;
      if (id !== keep) {
        out.push(id);
        forget(id);
      }
    }
    return out;
  };
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'id' });
  const db = settled(open);
  const rows = (d: IDBDatabase, limit?: number) =>
    settled(d.transaction(STORE).objectStore(STORE).getAll(null, limit) as IDBRequest<SpoolRecord[]>);
  const write = (d: IDBDatabase, put: SpoolRecord[], remove: string[], read = false) => {
    const tx = d.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    const evicted = read ? remove.map((id) => settled(store.get(id) as IDBRequest<SpoolRecord | undefined>)) : [];
    for (const row of put) store.put(row);
    for (const id of remove) store.delete(id);
    return { done: settled(tx, () => undefined), evicted };
  };
  const loaded = db.then(
    async (d) => {
      // Records staged by a page that was left: into IndexedDB, then out of localStorage.
      const ls = storage();
      const staged = Object.keys(ls ?? {}).filter((k) => k.startsWith(stage));
      if (ls && staged.length > 0) {
        await write(
          d,
          staged.map((k) => JSON.parse(ls.getItem(k) as string) as SpoolRecord),
          [],
        ).done;
        for (const k of staged) ls.removeItem(k);
      }
      for (const row of await rows(d)) track(row);
      return true;
    },
    () => false,
  );

  return {
    loaded,
    async append(record) {
      await loaded;
      track(record);
      const { done, evicted } = write(await db, [record], overflow(record.id), true);
      await done;
      return (await Promise.all(evicted)).filter((r): r is SpoolRecord => r !== undefined);
    },
    appendNow(record) {
      track(record);
      const evict = overflow(record.id);
      try {
        const ls = storage();
        for (const id of evict) ls?.removeItem(stage + id);
        ls?.setItem(stage + record.id, JSON.stringify(record));
      } catch {
        // over the localStorage quota: the keepalive send is all there is
      }
      if (evict.length > 0) void db.then((d) => write(d, [], evict).done).catch(() => {});
    },
    async peek(limit) {
      if (!(await loaded)) return [];
      const found = await rows(await db, limit);
      if (found.length < limit) {
        // That is every row there is: forget what other tabs have removed meanwhile.
        sizes.clear();
        bytes = 0;
      }
      for (const row of found) track(row);
      return found;
    },
    async remove(id) {
      forget(id);
      await write(await db, [], [id]).done;
    },
    size: () => ({ records: sizes.size, bytes }),
    async close() {
      (await db.catch(() => undefined))?.close();
    },
  };
}
