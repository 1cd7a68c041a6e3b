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
