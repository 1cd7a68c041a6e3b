import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrashRun, crashRun } from './helpers/crashRun.js';
import { type TestEnv, testEnv } from './helpers/env.js';

// A client process logging a stream is SIGKILLed mid-stream, in both modes, against the real
// reference ingestor, then started again with the same spool directory.
describe("durability: a SIGKILLed process, 'memory' (default) and 'disk'", () => {
  let env: TestEnv;
  const runs = new Map<string, CrashRun>();
  beforeAll(async () => {
    env = await testEnv();
    for (const durability of ['memory', 'disk'] as const)
      runs.set(
        durability,
        await crashRun({
          url: env.ingestor.url,
          apiKey: env.tenant.apiKey,
          spoolDir: join(env.scratch, durability),
          durability,
          tag: durability,
          count: 4000,
          killAt: 2000,
          readBack: () => env.readBack(),
        }),
      );
    for (const r of runs.values()) process.stdout.write(`SIGKILL ${JSON.stringify(r)}\n`);
  }, 120_000);
  afterAll(() => env.stop());

  it("'disk': every entry logged before the kill is stored after the restart, once", () => {
    const r = runs.get('disk') as CrashRun;
    expect(r.logged).toBeGreaterThanOrEqual(2000);
    expect(r.lost).toBe(0);
    expect(r.duplicated).toBe(0);
    expect(r.restart).toMatch(/^done \d+ spool 0$/);
  });

  it("'memory': what was stored is stored once; what was in memory is gone (counted, not promised)", () => {
    const r = runs.get('memory') as CrashRun;
    expect(r.logged).toBeGreaterThanOrEqual(2000);
    expect(r.duplicated).toBe(0);
    // Everything the ingestor had acknowledged before the kill is there; the loss is reported above.
    expect(r.stored).toBeGreaterThanOrEqual(r.acknowledged);
  });
});
