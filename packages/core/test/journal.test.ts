import { type JournalEntry, type JournalRecord, portableProviders, rangesToSeqs, recoverJournal, seqRanges } from '@logflux/core';
import { describe, expect, it } from 'vitest';

const entry = (seq: number, piece = `{"n":${seq}}`): JournalRecord => ({
  kind: 'entry',
  entry: { seq, type: 1, format: 'json', keyId: 'k1', piece } satisfies JournalEntry,
});
const options = { name: '42-1-abc', createdAt: 1_700_000_000_000, maxRequestBytes: 1 << 20, random: portableProviders().random };

describe('journal records (journal.ts)', () => {
  it('writes sequence numbers as ranges and reads them back', () => {
    expect(seqRanges([5, 1, 2, 3, 7, 8])).toEqual([
      [1, 3],
      [5, 5],
      [7, 8],
    ]);
    expect(rangesToSeqs(seqRanges([5, 1, 2, 3, 7, 8]))).toEqual([1, 2, 3, 5, 7, 8]);
  });

  it('recovers only what is not settled: sent entries under their request key, the others under keys derived from the journal', () => {
    const records: JournalRecord[] = [
      entry(1),
      entry(2),
      entry(3),
      entry(4),
      { kind: 'batch', idempotencyKey: 'KEY-aaaaaaaaaaaaaaaa', seqs: [1, 2] },
      { kind: 'settled', seqs: [1] },
      { kind: 'batch', idempotencyKey: 'KEY-bbbbbbbbbbbbbbbb', seqs: [3] },
      { kind: 'settled', seqs: [3] },
    ];
    const out = recoverJournal(records, options);
    expect(out.map((r) => [r.idempotencyKey, r.entries, r.body])).toEqual([
      ['KEY-aaaaaaaaaaaaaaaa', 1, '{"entries":[{"n":2}]}'],
      ['jr-42-1-abc-4', 1, '{"entries":[{"n":4}]}'],
    ]);
    // Recovering the same journal again gives the same records (same ids and keys): stored once.
    expect(recoverJournal(records, options)).toEqual(out);
    expect(out.every((r) => r.createdAt === options.createdAt && r.id.startsWith('001700000000000-'))).toBe(true);
  });

  it('cuts entries that never went into a request into requests within the size limit', () => {
    const big = 'x'.repeat(400);
    const records = [1, 2, 3, 4, 5].map((s) => entry(s, `"${big}"`));
    const out = recoverJournal(records, { ...options, maxRequestBytes: 1000 });
    expect(out.map((r) => r.entries)).toEqual([2, 2, 1]);
    expect(new Set(out.map((r) => r.idempotencyKey)).size).toBe(3);
  });

  it('a request noted again (split, re-sealed) is recovered under its last key', () => {
    const records: JournalRecord[] = [
      entry(1),
      { kind: 'batch', idempotencyKey: 'first-key-0123456789', seqs: [1] },
      { kind: 'batch', idempotencyKey: 'first-key-0123456789-r', seqs: [1] },
    ];
    expect(recoverJournal(records, options).map((r) => r.idempotencyKey)).toEqual(['first-key-0123456789-r']);
  });
});
