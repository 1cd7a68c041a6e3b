import { describe, expect, it } from 'vitest';
import { salvageCLine } from '../src/mapping/cSalvage.js';

const ID = '3b241101-e2bb-4255-8caf-4136c566a962';
/** A line exactly as the C SDK prints it: no escaping at all. */
function cLine(message: string, extra = ''): string {
  return `{"id":"${ID}","message":"${message}","source":"c-app","entry_type":1,"level":3,"timestamp":1764600000${extra}}`;
}

describe('salvageCLine (the C SDK writes JSON without escaping)', () => {
  it('reads messages with quotes, backslashes and tabs by the fixed layout', () => {
    const line = cLine('user "bob" said \\o/ \there', ',"shared_secret":"abc123","labels":{"k":"v"}');
    expect(() => JSON.parse(line)).toThrow();
    expect(salvageCLine(line)).toEqual({
      how: 'unescaped',
      value: {
        id: ID,
        message: 'user "bob" said \\o/ \there',
        source: 'c-app',
        entry_type: 1,
        level: 3,
        timestamp: 1764600000,
        shared_secret: 'abc123',
        labels: { k: 'v' },
      },
    });
  });

  it('keeps the message when only the labels are unreadable', () => {
    const r = salvageCLine(cLine('ok', ',"labels":{"k":"v "q""}'));
    expect(r?.value).toMatchObject({ message: 'ok', labels: { labels_unparsed: 'true' } });
  });

  it('refuses a line that could be read two ways', () => {
    const ambiguous = cLine('a","source":"x","entry_type":1,"level":3,"timestamp":1}{"x":"');
    expect(salvageCLine(ambiguous)).toBeUndefined();
  });

  it('keeps the text of a line the C SDK cut at its 4,096-byte buffer, marked truncated', () => {
    const line = cLine('y'.repeat(5000)).slice(0, 4095);
    expect(salvageCLine(line)).toEqual({
      how: 'truncated',
      value: { id: ID, message: 'y'.repeat(4095 - `{"id":"${ID}","message":"`.length), labels: { truncated: 'true' } },
    });
  });

  it('leaves other text alone', () => {
    expect(salvageCLine('{"message": broken')).toBeUndefined();
    expect(salvageCLine(`{"id":"${ID}","message":"never closed`)).toBeUndefined();
  });
});
