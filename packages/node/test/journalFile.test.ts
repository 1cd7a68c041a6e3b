import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_MAGIC, JournalFile, parseRecords } from '../src/journalFile.js';

const dirs: string[] = [];
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'logflux-journal-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The records of a journal file as recovery reads them. */
function read(path: string) {
  const data = readFileSync(path);
  expect(data.subarray(0, JOURNAL_MAGIC.length).toString()).toBe(JOURNAL_MAGIC);
  return parseRecords(data.subarray(data.indexOf(0x0a, JOURNAL_MAGIC.length) + 1));
}

describe('JournalFile (journalFile.ts)', () => {
  it('writes every record before the call returns, in order, readable without the process (JSON and multipart pieces)', () => {
    const journal = new JournalFile(scratch());
    journal.entries([
      { seq: 1, type: 1, format: 'json', keyId: 'key-1', piece: '{"payload":"AAAA"}' },
      { seq: 2, type: 4, format: 'multipart', keyId: 'key-1', piece: new Uint8Array([1, 2, 3]) },
    ]);
    journal.batch('idem-key-0123456789ab', [1, 2]);
    journal.settled([1]);
    const [path] = journal.paths;
    expect(read(path as string)).toEqual([
      { kind: 'entry', entry: { seq: 1, type: 1, format: 'json', keyId: 'key-1', piece: '{"payload":"AAAA"}' } },
      { kind: 'entry', entry: { seq: 2, type: 4, format: 'multipart', keyId: 'key-1', piece: new Uint8Array([1, 2, 3]) } },
      { kind: 'batch', idempotencyKey: 'idem-key-0123456789ab', seqs: [1, 2] },
      { kind: 'settled', seqs: [1] },
    ]);
    expect(journal.unsettled).toBe(1);
  });

  it('a torn last record (a crash mid-write) ends the reading; the records before it stay', () => {
    const journal = new JournalFile(scratch());
    journal.entries([{ seq: 1, type: 1, format: 'json', keyId: 'k', piece: '"one"' }]);
    journal.entries([{ seq: 2, type: 1, format: 'json', keyId: 'k', piece: '"two"' }]);
    const path = journal.paths[0] as string;
    truncateSync(path, readFileSync(path).length - 3);
    expect(read(path).map((r) => (r.kind === 'entry' ? r.entry.seq : r.kind))).toEqual([1]);
    // A flipped byte fails the record's CRC the same way (here in the first record's body).
    const data = readFileSync(path);
    const first = data.indexOf(0x0a, JOURNAL_MAGIC.length) + 1 + 5;
    data[first] = (data[first] as number) ^ 0xff;
    writeFileSync(path, data);
    expect(read(path)).toEqual([]);
  });

  it('removes the journal when everything in it is settled, and keeps it when not', () => {
    const a = new JournalFile(scratch());
    a.entries([{ seq: 1, type: 1, format: 'json', keyId: 'k', piece: '"x"' }]);
    a.settled([1]);
    const pathA = a.paths[0] as string;
    a.finish();
    expect(existsSync(pathA)).toBe(false);
    const b = new JournalFile(scratch());
    b.entries([{ seq: 1, type: 1, format: 'json', keyId: 'k', piece: '"x"' }]);
    b.finish();
    expect(existsSync(b.paths[0] as string)).toBe(true);
  });

  it('settled records only speak of entries it journaled', () => {
    const journal = new JournalFile(scratch());
    journal.settled([7, 8]);
    expect(read(journal.paths[0] as string)).toEqual([]);
  });
});
