import type { SpoolStore } from '@logflux/core/runtime';
import { fallbackChunk } from './lazyChunks.js';

/**
 * The IndexedDB spool store, with its implementation in the lazily loaded fallback chunk
 * (lazy/idbSpool.ts): it answers once that chunk has loaded (requested when a client starts).
 */
export function idbSpool(name: string): SpoolStore {
  let store: SpoolStore | undefined;
  const ready = fallbackChunk.get().then((m) => (store = m.openIdbStore(name)));
  return {
    opened: ready.then((s) => s.opened),
    put: (id, value) => ready.then((s) => s.put(id, value)),
    putSync: (id, value) => {
      if (!store?.putSync) throw new Error('the spool is not loaded yet');
      store.putSync(id, value);
    },
    oldest: (limit) =>
      ready.then(
        (s) => s.oldest(limit),
        () => [],
      ),
    delete: (id) => ready.then((s) => s.delete(id)),
    size: () => store?.size() ?? { records: 0, bytes: 0 },
    close: () =>
      ready.then(
        (s) => s.close?.(),
        () => {},
      ),
  };
}
