import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildResult, runTsChild, spooledBatches } from '../../node/test/helpers/childProcess.js';
import { type TestEnv, testEnv } from '../../node/test/helpers/env.js';
import { bundleRecordWorker } from '../../node/test/helpers/recordWorkerBundle.js';

const CHILD = fileURLToPath(new URL('./helpers/workerChild.ts', import.meta.url));
const COUNT = 200;
const MODES = ['normal', 'end', 'exit', 'sigterm', 'throw'] as const;

let env: TestEnv;
const results = new Map<string, ChildResult>();
const stored = new Map<string, number>();

// The children run side by side (each logs, then ends its own way), against one ingestor. Their
// worker thread runs a bundled script, as an application's would (from source, tsx would compile
// @logflux/node and core anew in every thread).
beforeAll(async () => {
  env = await testEnv();
  const workerScript = bundleRecordWorker();
  await Promise.all(
    MODES.map(async (mode) => {
      results.set(
        mode,
        await runTsChild(CHILD, [mode, env.ingestor.url, env.tenant.apiKey, join(env.scratch, mode), String(COUNT), workerScript]),
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

/** Every entry delivered by the process itself: stored once each, nothing left in its spool. */
function deliveredInTheSameRun(mode: string) {
  expect(stored.get(mode)).toBe(COUNT);
  expect(spooledBatches(join(env.scratch, mode))).toBe(0);
  expect(results.get(mode)?.stderr).not.toMatch(/logflux:/);
}

describe('LogFluxWorkerTransport: a process that logs and ends delivers everything in the same run', () => {
  it('normal end of the program: exit code 0', () => {
    expect(results.get('normal')).toMatchObject({ code: 0, signal: null });
    deliveredInTheSameRun('normal');
  });

  it("logger.end(): 'finish' fires after delivery although nothing else keeps the process alive", () => {
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
