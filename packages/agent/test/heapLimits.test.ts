import { getHeapSpaceStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { capYoungGeneration, youngGenerationSetByUser } from '../src/heapLimits.js';

/** The young generation (new space, MiB) of a thread started now, after it allocated ~200 MiB of short-lived objects. */
function workerNewSpace(): Promise<number> {
  const code = `const { parentPort } = require('node:worker_threads');
const { getHeapSpaceStatistics } = require('node:v8');
let keep = [];
for (let i = 0; i < 3e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 2000) keep = []; }
parentPort.postMessage(getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576);`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true });
    w.once('message', (mib: number) => {
      resolve(mib);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

describe('heap limits', () => {
  it('sees young-generation flags the operator gave, in the flags of node or NODE_OPTIONS', () => {
    expect(youngGenerationSetByUser([], undefined)).toBe(false);
    expect(youngGenerationSetByUser(['--max-old-space-size=128'], '--enable-source-maps')).toBe(false);
    expect(youngGenerationSetByUser(['--max-semi-space-size=4'], undefined)).toBe(true);
    expect(youngGenerationSetByUser([], '--enable-source-maps --max-semi-space-size=8')).toBe(true);
    expect(youngGenerationSetByUser([], '--semi-space-growth-factor=2')).toBe(true);
  });

  it('leaves the flags alone when the operator set them', () => {
    expect(capYoungGeneration(['--max-semi-space-size=4'], undefined)).toBe(false);
  });

  it('keeps the young generation of threads started afterwards small under a stream of allocations', async () => {
    const before = await workerNewSpace();
    expect(before).toBeGreaterThan(4); // V8's default lets it grow to 2 × 16 MiB
    expect(capYoungGeneration([], undefined)).toBe(true);
    expect(await workerNewSpace()).toBeLessThanOrEqual(4);
    expect(getHeapSpaceStatistics().some((s) => s.space_name === 'new_space')).toBe(true);
  });
});
