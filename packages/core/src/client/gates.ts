import type { EntryType } from '../limits.js';

/**
 * Pauses the service asked for, as an immutable record: `all` (a 429 pauses every request) and
 * per entry type (a 507 pauses the types of the refused request). Times are clock milliseconds;
 * a gate is open once the clock reaches its time. Pure functions, as Sentry's rate limits are.
 */
export interface Gates {
  readonly all: number;
  readonly types: ReadonlyMap<EntryType, number>;
}

export const OPEN_GATES: Gates = { all: 0, types: new Map() };

/** Pauses every request until `until` (never shortens an existing pause). */
export function pauseAll(gates: Gates, until: number): Gates {
  return until > gates.all ? { ...gates, all: until } : gates;
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

/** Whether entries of `type` are paused at `now`. */
export function isTypePaused(gates: Gates, type: EntryType, now: number): boolean {
  return (gates.types.get(type) ?? 0) > now;
}

/** Forgets pauses that are over. */
export function expire(gates: Gates, now: number): Gates {
  let types = gates.types;
  for (const [t, until] of gates.types) {
    if (until > now) continue;
    if (types === gates.types) types = new Map(gates.types);
    (types as Map<EntryType, number>).delete(t);
  }
  const all = gates.all > now ? gates.all : 0;
  return types === gates.types && all === gates.all ? gates : { all, types };
}

/** The next time a pause ends, if any is still running at `now`. */
export function nextOpening(gates: Gates, now: number): number | undefined {
  let next: number | undefined;
  for (const at of [gates.all, ...gates.types.values()]) if (at > now && (next === undefined || at < next)) next = at;
  return next;
}
