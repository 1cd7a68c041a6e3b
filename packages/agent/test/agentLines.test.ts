import { describe, expect, it } from 'vitest';
import { InputCounters } from '../src/counters.js';
import { AgentLineReader } from '../src/inputs/agentLines.js';
import type { EntryInput } from '../src/sink.js';

function reader(secrets: ConstructorParameters<typeof AgentLineReader>[1] = { acceptWithoutSecret: true }) {
  const out: EntryInput[] = [];
  const counters = new InputCounters();
  const r = new AgentLineReader(
    () => ({}),
    secrets,
    counters,
    (e) => out.push(e),
  );
  return { r, out, counters };
}
const ID = '3b241101-e2bb-4255-8caf-4136c566a962';

describe('AgentLineReader', () => {
  it('counts a bad line and goes on with the next ones', () => {
    const { r, out, counters } = reader();
    r.line('{"message":"one"}', false);
    r.line('not json at all', false);
    r.line('{"message":', false);
    r.line('', false);
    r.line('{"message":"two"}', false);
    r.line('{"message":"x".repeat}', true);
    expect(out.map((e) => e.message)).toEqual(['one', 'two']);
    expect(counters.snapshot()).toMatchObject({ received: 5, dropped: { bad_line: 2, too_long: 1 } });
  });

  it('checks shared_secret where it is required, and refuses or accepts lines without one by policy', () => {
    const strict = reader({ expected: () => 'right', acceptWithoutSecret: false });
    strict.r.line('{"message":"a","shared_secret":"right"}', false);
    strict.r.line('{"message":"b","shared_secret":"wrong"}', false);
    strict.r.line('{"message":"c"}', false);
    expect(strict.out.map((e) => e.message)).toEqual(['a']);
    expect(strict.counters.dropped).toEqual({ bad_secret: 1, no_secret: 1 });
    const lenient = reader({ expected: () => 'right', acceptWithoutSecret: true });
    lenient.r.line('{"message":"c"}', false);
    lenient.r.line('{"message":"d","shared_secret":"wrong"}', false);
    expect(lenient.out.map((e) => e.message)).toEqual(['c']);
  });

  it("salvages the C SDK's unescaped lines, also one split by a raw newline in its message", () => {
    const { r, out, counters } = reader();
    r.line(`{"id":"${ID}","message":"say "hi"","source":"c","entry_type":1,"level":6,"timestamp":1764600000}`, false);
    r.line(`{"id":"${ID}","message":"first line`, false);
    r.line('second line","source":"c","entry_type":1,"level":6,"timestamp":1764600000}', false);
    r.line(`{"id":"${ID}","message":"never finished`, false);
    r.line('{"message":"plain"}', false);
    r.end();
    expect(out.map((e) => e.message)).toEqual(['say "hi"', 'first line\nsecond line', 'plain']);
    expect(counters.snapshot()).toMatchObject({ received: 4, salvaged: 2, dropped: { bad_line: 1 } });
  });
});
