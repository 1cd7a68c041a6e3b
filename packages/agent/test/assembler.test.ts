import { describe, expect, it } from 'vitest';
import { Assembler, type FileRecord } from '../src/files/assembler.js';
import { dockerPartial } from '../src/mapping/fileParsers.js';

function assemble(lines: string[], options: ConstructorParameters<typeof Assembler>[0]): { records: FileRecord[]; a: Assembler } {
  const records: FileRecord[] = [];
  const a = new Assembler(options, (r) => records.push(r));
  let end = 0;
  for (const l of lines) {
    end += l.length + 1;
    a.line(l, false, end);
  }
  return { records, a };
}

describe('Assembler', () => {
  it('without rules, every line is a record', () => {
    expect(assemble(['a', 'b'], { maxBytes: 100 }).records).toEqual([
      { text: 'a', end: 2, truncated: false },
      { text: 'b', end: 4, truncated: false },
    ]);
  });

  it('joins continuation lines to the record a start line opened; the last stays open until flush', () => {
    const { records, a } = assemble(['2026-01-01 boom', '  at f()', '  at g()', '2026-01-01 next'], { start: /^\d{4}-/, maxBytes: 100 });
    expect(records).toEqual([{ text: '2026-01-01 boom\n  at f()\n  at g()', end: 34, truncated: false }]);
    expect(a.pending).toBe(true);
    a.flush();
    expect(records[1]).toEqual({ text: '2026-01-01 next', end: 50, truncated: false });
  });

  it('caps a joined record and marks it truncated', () => {
    const { records, a } = assemble(['START', 'x'.repeat(30), 'y'.repeat(30)], { start: /^START/, maxBytes: 40 });
    a.flush();
    expect(records).toEqual([{ text: `START\n${'x'.repeat(30)}`, end: 68, truncated: true }]);
  });

  it('joins Docker partial records; a record ends with the first line that does not continue', () => {
    const lines = ['{"log":"a"}', '{"log":"b\\n"}', '{"log":"c\\n"}'];
    const { records } = assemble(lines, { continues: dockerPartial, maxBytes: 1000 });
    expect(records.map((r) => r.text)).toEqual([`${lines[0]}\n${lines[1]}`, lines[2]]);
  });
});
