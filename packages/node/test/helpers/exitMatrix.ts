import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildResult, runTsChild, spooledBatches } from './childProcess.js';
import { type TestEnv, testEnv } from './env.js';

const COUNT = 200;
const MODES = ['normal', 'end', 'exit', 'sigterm', 'throw'] as const;

/**
 * The exit matrix of a logger integration: a child process per way of ending
 * (`<child> <mode> <url> <apiKey> <spoolDir> <count> <extra>`: see the transports' workerChild.ts),
 * side by side against one reference ingestor; each must deliver all its entries itself (stored,
 * decrypted, none left in its spool for a later process) and end as it would have without LogFlux.
 */
export function exitMatrix(title: string, child: string, extra: () => string, endName: string): void {
  let env: TestEnv;
  const results = new Map<string, ChildResult>();
  const stored = new Map<string, number>();

  beforeAll(async () => {
    env = await testEnv();
    const last = extra();
    await Promise.all(
      MODES.map(async (mode) => {
        results.set(
          mode,
          await runTsChild(child, [mode, env.ingestor.url, env.tenant.apiKey, join(env.scratch, mode), String(COUNT), last]),
        );
      }),
    );
    const { entries } = await env.readBack();
    for (const mode of MODES) {
      const ids = new Set(entries.map((e) => (e.attributes as { id?: string } | undefined)?.id).filter((id) => id?.startsWith(`${mode}-`)));
      stored.set(mode, ids.size);
    }
  }, 60_000);
  afterAll(() => env.stop());

  const deliveredInTheSameRun = (mode: string) => {
    expect(stored.get(mode)).toBe(COUNT);
    expect(spooledBatches(join(env.scratch, mode))).toBe(0);
    expect(results.get(mode)?.stderr).not.toMatch(/logflux:/);
  };

  describe(`${title}: a process that logs and ends delivers everything in the same run`, () => {
    it('normal end of the program: exit code 0', () => {
      expect(results.get('normal')).toMatchObject({ code: 0, signal: null });
      deliveredInTheSameRun('normal');
    });

    it(`${endName}: finishes after delivery, though nothing else keeps the process alive`, () => {
      expect(results.get('end')).toMatchObject({ code: 0, signal: null });
      expect(results.get('end')?.stdout).toContain('finished');
      deliveredInTheSameRun('end');
    });

    it('process.exit(7) right after logging: the exit code stays 7', () => {
      expect(results.get('exit')).toMatchObject({ code: 7, signal: null });
      deliveredInTheSameRun('exit');
    });

    it('SIGTERM with handleSignals: the process still ends by the signal', () => {
      expect(results.get('sigterm')).toMatchObject({ code: null, signal: 'SIGTERM' });
      deliveredInTheSameRun('sigterm');
    });

    it('an uncaught exception: Node still reports it and exits with 1', () => {
      expect(results.get('throw')).toMatchObject({ code: 1, signal: null });
      expect(results.get('throw')?.stderr).toContain('uncaught in the application');
      deliveredInTheSameRun('throw');
    });
  });
}
