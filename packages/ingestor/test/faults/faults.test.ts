import { describe, expect, it } from 'vitest';
import { FAULT_CASES } from './cases.js';
import { type FaultRow, recordRow } from './report.js';

// Run by scripts/faults.mjs with its own vitest config (vitest.config.ts beside this file); the
// main vitest suite excludes this directory so the cases run once.
describe('fault suite', () => {
  for (const c of FAULT_CASES) {
    const skip = c.skipReason?.();
    if (skip) {
      // Skipped with the reason the case gives (e.g. a tmpfs mount needs root); the table shows it.
      recordRow({ case: c.name, sent: 0, acknowledged: 0, stored: 0, lost: 0, duplicated: 0, skipped: skip });
      it.skip(c.name, () => {});
      continue;
    }
    it(
      c.name,
      async () => {
        const rows: FaultRow[] = [];
        await c.run((row) => {
          rows.push(row);
          recordRow(row);
        });
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) {
          expect(row.lost, `${row.case}: lost`).toBe(0);
          expect(row.duplicated, `${row.case}: duplicated`).toBe(0);
        }
      },
      c.timeoutMs ?? 60_000,
    );
  }
});
