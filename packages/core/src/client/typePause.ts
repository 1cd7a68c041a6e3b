import type { EntryType } from '../limits.js';
import type { Gates } from './gates.js';

/**
 * The pause a 507 starts, its early end, and when a request may go (gates.ts has the rest): apart,
 * because only the lazily loaded parts, which send and handle a 507, need them.
 */

/** Pauses requests holding any of `types` until `until`. */
export function pauseTypes(gates: Gates, types: readonly EntryType[], until: number): Gates {
  const next = new Map(gates.types);
  for (const t of types) next.set(t, Math.max(until, next.get(t) ?? 0));
  return { ...gates, types: next };
}

/**
 * Ends the pauses of `types` early: a request holding them was stored after the pause began (one
 * already in flight, say), so their storage is available again.
 */
export function resumeTypes(gates: Gates, types: readonly EntryType[]): Gates {
  if (!types.some((t) => gates.types.has(t))) return gates;
  const next = new Map(gates.types);
  for (const t of types) next.delete(t);
  return { ...gates, types: next };
}

/** When a request holding `types` may go (now or earlier: at once). */
export function openAt(gates: Gates, types: readonly EntryType[]): number {
  let at = gates.all;
  for (const t of types) at = Math.max(at, gates.types.get(t) ?? 0);
  return at;
}
