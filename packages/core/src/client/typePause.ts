import type { EntryType } from '../limits.js';
import type { Gates } from './gates.js';

/**
 * The pause a 507 starts (gates.ts has the rest): apart, because only the offline parts, which
 * handle a 507, start one.
 */

/** Pauses requests holding any of `types` until `until`. */
export function pauseTypes(gates: Gates, types: readonly EntryType[], until: number): Gates {
  const next = new Map(gates.types);
  for (const t of types) next.set(t, Math.max(until, next.get(t) ?? 0));
  return { ...gates, types: next };
}
