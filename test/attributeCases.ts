/**
 * The attribute table every path is checked with (docs/protocol.md §6.6): inputs of each kind and
 * what must be stored. Values that a logger's own serialisation already changes before our code
 * sees them (pino and winston turn a whole record into JSON for their worker threads) are chosen
 * so that the stored result is still defined by §6.6 alone.
 */
export function ATTRIBUTE_CASES(): Record<string, unknown> {
  const loop: Record<string, unknown> = { name: 'loop' };
  loop.self = loop;
  return {
    text: 'plain text',
    count: 42,
    ratio: 1.5,
    ok: true,
    none: null,
    user: { id: 7, name: { first: 'Ada' } },
    tags: ['a', 'b'],
    empty: {},
    when: new Date(Date.UTC(2026, 11, 1, 9, 30, 0, 250)),
    loop,
    skipped: undefined,
    big: 12345678901234567890n,
    failure: new Error('disk full'),
    deep: { a: { b: { c: { d: { e: { f: { g: { h: { i: { j: { k: 'bottom' } } } } } } } } } } },
  };
}

export const EXPECTED_ATTRIBUTES: Record<string, string> = {
  text: 'plain text',
  count: '42',
  ratio: '1.5',
  ok: 'true',
  none: 'null',
  'user.id': '7',
  'user.name.first': 'Ada',
  tags: '["a","b"]',
  empty: '{}',
  when: '2026-12-01T09:30:00.250Z',
  'loop.name': 'loop',
  'loop.self': '[Circular]',
  big: '12345678901234567890',
  'failure.error_type': 'Error',
  'failure.error_message': 'disk full',
  /** The first line of the stack (the frames differ with the call site). */
  'failure.stack_trace': 'Error: disk full',
  'deep.a.b.c.d.e.f.g.h.i': '{"j":{"k":"bottom"}}',
};

/**
 * What pino itself does to two of the values before any transport sees them: it writes each record
 * as JSON text in the application's thread (for its worker threads and for destinations alike), so
 * a BigInt is written as a JSON number (read back as a double: digits past 2^53 are lost) and an
 * `Error` anywhere but under its `err` key becomes `{}`. Documented in the pino transport's README;
 * everything else is stored as on every other path.
 */
export const PINO_SERIALISED: Record<string, string | undefined> = {
  big: '12345678901234567000',
  failure: '{}',
  'failure.error_type': undefined,
  'failure.error_message': undefined,
  'failure.stack_trace': undefined,
};
