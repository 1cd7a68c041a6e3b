import { appendFileSync } from 'node:fs';
import type { Envelope } from '@logflux/core';

/**
 * One line of the fault suite's summary table (printed by scripts/faults.mjs): what a
 * well-behaved client sent while the fault happened, what the ingestor acknowledged, what it
 * holds afterwards (read back through its read API, after a restart where the case has one), and
 * the two numbers that must be 0.
 */
export interface FaultRow {
  /** The case (the vitest test title) this row belongs to. */
  case: string;
  /** What the row measures within its case, when a case has several. */
  part?: string;
  sent: number;
  acknowledged: number;
  stored: number;
  /** Acknowledged entries not stored intact (every byte of the envelope). */
  lost: number;
  /** Entries stored more than once. */
  duplicated: number;
  note?: string;
}

/** Counts a row from the envelopes sent, acknowledged and read back, matched by nonce. */
export function tally(
  name: string,
  sent: readonly Envelope[],
  acknowledged: readonly Envelope[],
  stored: readonly Envelope[],
  note?: string,
  part?: string,
): FaultRow {
  const byNonce = new Map<string, Envelope[]>();
  for (const e of stored) byNonce.set(e.nonce, [...(byNonce.get(e.nonce) ?? []), e]);
  const intact = (a: Envelope, b: Envelope) =>
    a.payload === b.payload &&
    a.key_id === b.key_id &&
    a.payload_type === b.payload_type &&
    a.timestamp === b.timestamp &&
    a.entry_type === b.entry_type;
  const lost = acknowledged.filter((a) => !(byNonce.get(a.nonce) ?? []).some((s) => intact(a, s))).length;
  const duplicated = [...byNonce.values()].reduce((n, copies) => n + copies.length - 1, 0);
  return {
    case: name,
    ...(part ? { part } : {}),
    sent: sent.length,
    acknowledged: acknowledged.length,
    stored: stored.length,
    lost,
    duplicated,
    ...(note ? { note } : {}),
  };
}

/** Appends a row to the file scripts/faults.mjs reads (LOGFLUX_FAULT_ROWS), or prints it. */
export function recordRow(row: FaultRow & { skipped?: string }): void {
  const path = process.env.LOGFLUX_FAULT_ROWS;
  if (path) appendFileSync(path, `${JSON.stringify(row)}\n`);
  else process.stdout.write(`fault row: ${JSON.stringify(row)}\n`);
}

/** A case of the fault suite; see cases.ts. */
export interface FaultCase {
  /** Test title and table label. */
  name: string;
  /** Why the case cannot run on this machine (it is then skipped, with this reason), or undefined. */
  skipReason?: () => string | undefined;
  timeoutMs?: number;
  /** Runs the case, calling `report` for each table row as soon as it is known; throws on failure. */
  run(report: (row: FaultRow) => void): Promise<void>;
}
