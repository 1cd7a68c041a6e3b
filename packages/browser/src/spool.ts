import type { SpoolStore } from '@logflux/core/runtime';
import { fallbackChunk } from './lazyChunks.js';

/** The IndexedDB spool store, loaded on first use, with a way to load it ahead of need. */
export interface LazySpoolStore extends SpoolStore {
  /** Loads the store (the fallback chunk) and counts what earlier pages left; false if unusable. */
  load(): Promise<boolean>;
}

/**
 * The IndexedDB spool store, with its implementation in the lazily loaded fallback chunk
 * (lazy/idbSpool.ts). Nothing is loaded until the store is first used or `load()` is called, so a
 * page's first load does not carry it; until then it reports itself empty.
 */
export function idbSpool(name: string): LazySpoolStore {
  let store: SpoolStore | undefined;
  let ready: Promise<SpoolStore> | undefined;
  const get = () =>
    (ready ??= fallbackChunk.get().then((m) => {
      store = m.openIdbStore(name);
      return store;
    }));
  return {
    load: () =>
      get().then(
        (s) => Promise.resolve(s.opened).then(() => true),
        () => false,
      ),
    put: (id, value) => get().then((s) => s.put(id, value)),
    putSync: (id, value) => {
      if (!store?.putSync) throw new Error('the spool is not loaded yet');
      store.putSync(id, value);
    },
    oldest: (limit) =>
      get().then(
        (s) => s.oldest(limit),
        () => [],
      ),
    delete: (id) => get().then((s) => s.delete(id)),
    size: () => store?.size() ?? { records: 0, bytes: 0 },
    close: () => (ready ? ready.then((s) => s.close?.()).catch(() => {}) : Promise.resolve()),
  };
}
