import type { Spool, SpoolRecord } from '@logflux/core/runtime';
import { fallbackChunk } from './lazyChunks.js';

/** The outage buffer in IndexedDB (the implementation is in lazy/idbSpool.ts). */
export interface IdbSpool extends Spool {
  /** Resolves once the rows already stored are counted: false when IndexedDB is unusable. */
  readonly loaded: Promise<boolean>;
  /**
   * Stores a record synchronously (page exit, when no IndexedDB transaction can be relied on to
   * commit): staged in localStorage, moved into IndexedDB by the next page load. Evicts as
   * `append` does, without reporting what it evicts.
   */
  appendNow(record: SpoolRecord): void;
}

/**
 * The IndexedDB outage buffer, with its implementation in the lazily loaded fallback chunk: it
 * answers once that chunk has loaded (requested at once); until then it is empty.
 */
export function idbSpool(name: string, maxBytes: number): IdbSpool {
  let spool: IdbSpool | undefined;
  const ready = fallbackChunk.get().then((m) => (spool = m.openIdbSpool(name, maxBytes)));
  return {
    loaded: ready.then(
      (s) => s.loaded,
      () => false,
    ),
    append: (record) => ready.then((s) => s.append(record)),
    appendNow: (record) => spool?.appendNow(record),
    peek: (limit) =>
      ready.then(
        (s) => s.peek(limit),
        () => [],
      ),
    remove: (id) => ready.then((s) => s.remove(id)),
    size: () => spool?.size() ?? { records: 0, bytes: 0 },
    close: () =>
      ready.then(
        (s) => s.close?.(),
        () => {},
      ),
  };
}
