/** Drops counted by reason, in total and since they were last reported in a flush result. */
import type { DropReason, FlushResult } from '@logflux/core';

export class DropTally {
  private readonly total: Partial<Record<DropReason, number>> = {};
  private unreported: Partial<Record<DropReason, number>> = {};

  count(reason: DropReason, n = 1): void {
    this.total[reason] = (this.total[reason] ?? 0) + n;
    this.unreported[reason] = (this.unreported[reason] ?? 0) + n;
  }

  /** Every drop so far, by reason. */
  totals(): Partial<Record<DropReason, number>> {
    return { ...this.total };
  }

  /** `result` with the drops not reported yet added to its own; they count as reported from now on. */
  addTo(result: FlushResult): FlushResult {
    const dropped = { ...result.dropped };
    for (const [reason, n] of Object.entries(this.unreported) as [DropReason, number][]) dropped[reason] = (dropped[reason] ?? 0) + n;
    this.unreported = {};
    return { ...result, dropped };
  }
}
