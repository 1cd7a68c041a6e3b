import { describe, expect, it } from 'vitest';
import { Gate } from '../src/backpressure.js';

describe('Gate', () => {
  it('closes at the high-water mark and opens below the low-water mark, telling listeners', async () => {
    let fill = 0;
    const gate = new Gate(() => fill, 0.8, 0.5, 5);
    const seen: boolean[] = [];
    gate.onChange((open) => seen.push(open));
    fill = 0.7;
    expect(gate.check()).toBe(true);
    fill = 0.85;
    expect(gate.check()).toBe(false);
    const opened = gate.whenOpen();
    fill = 0.6;
    await new Promise((r) => setTimeout(r, 30));
    expect(gate.open).toBe(false);
    fill = 0.4;
    await opened;
    expect(seen).toEqual([false, true]);
    gate.dispose();
  });
});
