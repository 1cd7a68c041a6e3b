import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { exportEntries } from '../src/export.js';
import { readExportState } from '../src/exportState.js';
import type { DecryptedEntry, EntrySource } from '../src/types.js';

const dir = mkdtempSync(join(tmpdir(), 'analysis-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A source over a fixed list, 2 entries a page, entry 3 failing to decrypt. */
function source(total: number): EntrySource {
  const all: DecryptedEntry[] = Array.from({ length: total }, (_, i) => ({
    id: i + 1,
    received_at: new Date(Date.UTC(2026, 10, 22, 9, 30, i)).toISOString(),
    entry: { type: 'log', level: 7, message: `m${i + 1}` },
  }));
  return async function* (after) {
    const rest = all.filter((e) => e.id > after);
    for (let i = 0; i < rest.length; i += 2) {
      const page = rest.slice(i, i + 2);
      yield {
        entries: page.filter((e) => e.id !== 3),
        failures: page.some((e) => e.id === 3) ? [{ id: 3, errorClass: 'auth' }] : [],
        fetched: page.length,
        cursor: (page.at(-1) as DecryptedEntry).id,
      };
    }
  };
}

async function ids(file: string): Promise<number[]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const r = await c.runAndReadAll(`SELECT id FROM read_parquet('${file}') ORDER BY id`);
  const out = r.getRows().map((x) => Number(x[0]));
  c.closeSync();
  db.closeSync();
  return out;
}

describe('exportEntries', () => {
  it('writes a 0600 Parquet file and a state file, and resumes after the last id', async () => {
    const out = join(dir, 'logs.parquet');
    const failures: unknown[] = [];
    const first = await exportEntries({ source: source(5), out, format: 'parquet', onFailure: (f) => failures.push(f) });
    expect(first).toMatchObject({ written: 4, total: 4, failed: 1, lastId: 5, resumed: false });
    expect(failures).toEqual([{ id: 3, errorClass: 'auth' }]);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(statSync(`${out}.state.json`).mode & 0o777).toBe(0o600);
    expect(await ids(out)).toEqual([1, 2, 4, 5]);
    const second = await exportEntries({ source: source(8), out, format: 'parquet', sinceLast: true });
    expect(second).toMatchObject({ written: 3, total: 7, lastId: 8, resumed: true });
    expect(await ids(out)).toEqual([1, 2, 4, 5, 6, 7, 8]);
    expect(readExportState(out)).toMatchObject({ last_id: 8, exported: 7, format: 'parquet' });
    expect(readdirSync(dir).filter((f) => f.startsWith('.logflux-export-'))).toEqual([]); // the private work directory is gone
  });

  it('appends NDJSON and refuses to resume with another format or other filters', async () => {
    const out = join(dir, 'logs.ndjson');
    await exportEntries({ source: source(2), out, format: 'ndjson', filters: '--level info' });
    await exportEntries({ source: source(4), out, format: 'ndjson', filters: '--level info', sinceLast: true });
    expect(
      readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual([1, 2, 4]);
    await expect(exportEntries({ source: source(4), out, format: 'parquet', sinceLast: true, filters: '--level info' })).rejects.toThrow(
      /resume it with --format ndjson/,
    );
    await expect(exportEntries({ source: source(4), out, format: 'ndjson', sinceLast: true })).rejects.toThrow(
      /other filters \(--level info\)/,
    );
  });

  it('explains a broken state file instead of guessing', async () => {
    const out = join(dir, 'broken.parquet');
    writeFileSync(`${out}.state.json`, '{not json');
    await expect(exportEntries({ source: source(1), out, format: 'parquet', sinceLast: true })).rejects.toThrow(
      /not valid JSON; delete it/,
    );
    writeFileSync(
      `${out}.state.json`,
      JSON.stringify({ version: 1, format: 'parquet', last_id: 1, exported: 1, filters: '', updated_at: '' }),
    );
    await expect(exportEntries({ source: source(1), out, format: 'parquet', sinceLast: true })).rejects.toThrow(
      /exists but broken\.parquet does not/,
    );
  });
});
