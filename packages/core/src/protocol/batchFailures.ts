import { asObject } from '../json.js';

/* The failures a 200 answer to a batch lists (docs/protocol.md §8.3): a module of its own, as only
 * the lazily loaded sending parts read them (responses.ts, the handshake's answers, is in a page's
 * first chunk). */

/**
 * The entries a 200 answer to a batch lists in `data.failures` (indices below `entries`), and
 * their error classes. None when the body does not parse: a 200 without a parsable body still
 * means stored (docs/protocol.md §8.3).
 */
export function parseBatchFailures(body: string, entries: number): { failed: number[]; classes: string } {
  try {
    const failures = (asObject(asObject(JSON.parse(body))?.data)?.failures ?? []) as { index?: unknown; error?: unknown }[];
    if (!Array.isArray(failures)) return { failed: [], classes: '' };
    const failed = failures
      .map((f) => f?.index)
      .filter((i): i is number => typeof i === 'number' && Number.isInteger(i) && i >= 0 && i < entries);
    return { failed: [...new Set(failed)], classes: [...new Set(failures.map((f) => String(f?.error)))].join(', ') };
  } catch {
    return { failed: [], classes: '' };
  }
}
