#!/usr/bin/env node
// The fault suite: runs the cases of packages/ingestor/test/faults/cases.ts (through vitest, with
// that directory's config), then prints one table row per measurement —
// case, sent, acknowledged, stored, lost, duplicated — and ends with "N passed, N failed".
//   node scripts/faults.mjs        (also: pnpm test -- --only=faults)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'logflux-faults-'));
const rowsFile = join(scratch, 'rows.ndjson');
const reportFile = join(scratch, 'vitest.json');

const r = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--config',
    'packages/ingestor/test/faults/vitest.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reportFile}`,
  ],
  { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LOGFLUX_FAULT_ROWS: rowsFile }, maxBuffer: 64 * 1024 * 1024 },
);
process.stdout.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);

const rows = existsSync(rowsFile)
  ? readFileSync(rowsFile, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l))
  : [];
const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : undefined;
const status = new Map();
for (const file of report?.testResults ?? []) for (const t of file.assertionResults ?? []) status.set(t.title, t.status);

const table = [['result', 'case', 'sent', 'acknowledged', 'stored', 'lost', 'duplicated', 'note']];
const shown = new Set();
for (const row of rows) {
  shown.add(row.case);
  const result = row.skipped ? 'skipped' : status.get(row.case) === 'passed' ? 'ok' : 'FAILED';
  const label = row.part ? `${row.case}: ${row.part}` : row.case;
  const cells = row.skipped ? ['-', '-', '-', '-', '-'] : [row.sent, row.acknowledged, row.stored, row.lost, row.duplicated];
  table.push([result, label, ...cells.map(String), row.skipped ? `skipped: ${row.skipped}` : (row.note ?? '')]);
}
// A case that failed before it could report a row still gets one.
for (const [title, s] of status)
  if (!shown.has(title) && s !== 'skipped')
    table.push([s === 'passed' ? 'ok' : 'FAILED', title, '?', '?', '?', '?', '?', '(no row reported)']);

const widths = table[0].map((_, i) => Math.min(i === 7 ? 1000 : 80, Math.max(...table.map((row) => String(row[i]).length))));
console.log('\n=== fault suite ===');
for (const [i, row] of table.entries()) {
  console.log(
    row
      .map((cell, c) => (c >= 2 && c <= 6 ? String(cell).padStart(widths[c]) : String(cell).padEnd(c === 7 ? 0 : widths[c])))
      .join('  ')
      .trimEnd(),
  );
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}

const passed = report?.numPassedTests ?? 0;
// A file that failed without a failing test (an import error, say) counts once; no test at all fails.
const broken = report && report.numFailedTests === 0 ? (report.numFailedTestSuites ?? 0) : 0;
const failed = report ? report.numFailedTests + broken + (report.numTotalTests === 0 ? 1 : 0) : 1;
rmSync(scratch, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && r.status === 0 ? 0 : 1;
