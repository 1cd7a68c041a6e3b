import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runTsChild } from './helpers/childProcess.js';

const CHILD = fileURLToPath(new URL('./helpers/processHooksChild.ts', import.meta.url));

describe('process hooks: deliver, then let the process end as it would have', () => {
  it('SIGTERM with no other listener: delivers, then the signal ends the process', async () => {
    const r = await runTsChild(CHILD, ['alone']);
    expect(r).toMatchObject({ code: null, signal: 'SIGTERM' });
    expect(r.stdout).toContain('delivered');
  });

  it("SIGTERM with the application's own listener: delivers, and the application decides (exit 3)", async () => {
    const r = await runTsChild(CHILD, ['other']);
    expect(r).toMatchObject({ code: 3, signal: null });
    expect(r.stdout).toMatch(/delivered\nexit hook/);
  });

  it('process.exit(5): the exit hook runs and the code stays', async () => {
    const r = await runTsChild(CHILD, ['exit']);
    expect(r).toMatchObject({ code: 5, signal: null });
    expect(r.stdout).toBe('exit hook\n');
  });

  it('detached: nothing runs', async () => {
    const r = await runTsChild(CHILD, ['detached']);
    expect(r).toMatchObject({ code: null, signal: 'SIGTERM' });
    expect(r.stdout).toBe('ready\n');
  });
});
