import type { CodecProviders, PayloadType, QueuedEntry, Session } from '@logflux/core/runtime';
import { sealEntryText } from '@logflux/core/runtime';

/** Entries sealed at once: enough to overlap Web Crypto's per-call latency, few enough to bound memory. */
const WINDOW = 128;

/**
 * A `ClientPlatform.sealBatch` for asynchronous providers: core's per-entry sealer, with a window
 * of entries in flight at once instead of one await per entry, so the latency of each Web Crypto
 * call overlaps with the others. Envelopes come back in order.
 */
export function concurrentSealer(providers: CodecProviders) {
  return async (entries: QueuedEntry[], session: Session, payloadType: PayloadType): Promise<string[]> => {
    const out: string[] = new Array(entries.length);
    for (let start = 0; start < entries.length; start += WINDOW) {
      const pending: Promise<void>[] = [];
      for (let i = start; i < Math.min(entries.length, start + WINDOW); i++) {
        const text = sealEntryText(entries[i] as QueuedEntry, session, payloadType, providers);
        if (typeof text === 'string') out[i] = text;
        else
          pending.push(
            text.then((t) => {
              out[i] = t;
            }),
          );
      }
      await Promise.all(pending);
    }
    return out;
  };
}
