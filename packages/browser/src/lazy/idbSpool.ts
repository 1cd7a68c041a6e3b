import type { SpoolStore } from '@logflux/core/codecs';

const STORE = 'records';

interface Row {
  id: string;
  value: Uint8Array;
}

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

/** Bytes as a string of one char per byte: localStorage holds strings. */
function toLatin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

function fromLatin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/**
 * The spool store in IndexedDB: one row per sealed request (what core hands over: envelopes or
 * multipart parts, never plaintext or keys), keyed by record id so that key order is send order.
 * Shared by the tabs of an origin that use the same API key and endpoint, and read by the next
 * page load.
 *
 * At page exit an IndexedDB transaction cannot be relied on to commit (Chromium aborts it when the
 * page goes), so `putSync` stages the value in localStorage, which is written synchronously; the
 * next page load (or the next read) moves staged values into IndexedDB.
 */
export function openIdbStore(name: string): SpoolStore {
  const sizes = new Map<string, number>();
  const stage = `${name}:exit:`;
  let bytes = 0;
  const track = (id: string, size: number) => {
    forget(id);
    sizes.set(id, size);
    bytes += size;
  };
  const forget = (id: string) => {
    bytes -= sizes.get(id) ?? 0;
    sizes.delete(id);
  };
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'id' });
  const db = settled(open);
  const rows = async (limit?: number) => settled((await db).transaction(STORE).objectStore(STORE).getAll(null, limit) as IDBRequest<Row[]>);
  const write = async (put: Row[], remove: string[]) => {
    const tx = (await db).transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    for (const row of put) store.put(row);
    for (const id of remove) store.delete(id);
    await settled(tx, () => undefined);
  };
  /** Values staged by a page that was left: into IndexedDB, then out of localStorage. */
  const importStaged = async () => {
    const ls = storage();
    const staged = Object.keys(ls ?? {}).filter((k) => k.startsWith(stage));
    if (!ls || staged.length === 0) return;
    await write(
      staged.map((k) => ({ id: k.slice(stage.length), value: fromLatin1(ls.getItem(k) as string) })),
      [],
    );
    for (const k of staged) ls.removeItem(k);
  };
  const opened = (async () => {
    await importStaged();
    for (const row of await rows()) track(row.id, row.value.length);
  })();

  return {
    opened,
    async put(id, value) {
      await opened;
      await write([{ id, value }], []);
      track(id, value.length);
    },
    putSync(id, value) {
      storage()?.setItem(stage + id, toLatin1(value));
      track(id, value.length);
    },
    async oldest(limit) {
      await opened;
      await importStaged();
      const found = await rows(limit);
      // Fewer than asked: that is every row there is; forget what other tabs removed meanwhile.
      if (found.length < limit) for (const id of [...sizes.keys()]) if (!found.some((r) => r.id === id)) forget(id);
      for (const row of found) track(row.id, row.value.length);
      return found;
    },
    async delete(id) {
      forget(id);
      storage()?.removeItem(stage + id);
      await write([], [id]);
    },
    size: () => ({ records: sizes.size, bytes }),
    async close() {
      (await db.catch(() => undefined))?.close();
    },
  };
}
