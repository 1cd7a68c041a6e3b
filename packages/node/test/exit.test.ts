import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildResult, runTsChild, spooledBatches } from './helpers/childProcess.js';
import { type TestEnv, testEnv } from './helpers/env.js';
import { exitMatrix } from './helpers/exitMatrix.js';

const CHILD = fileURLToPath(new URL('./helpers/exitChild.ts', import.meta.url));

// Default options: signals handled, and what is queued at `exit` sent synchronously (exitSender.ts).
exitMatrix('createLogFlux (default options)', CHILD, () => 'after-handshake', 'await client.close()');

describe('createLogFlux: a process that ends before the first handshake', () => {
  let env: TestEnv;
  const results = new Map<string, ChildResult>();
  beforeAll(async () => {
    env = await testEnv();
    for (const mode of ['exit', 'sigterm'])
      results.set(
        mode,
        await runTsChild(CHILD, [mode, env.ingestor.url, env.tenant.apiKey, join(env.scratch, mode), '40', 'before-handshake']),
      );
  }, 60_000);
  afterAll(() => env.stop());

  const stored = async (mode: string) =>
    (await env.readBack()).entries.filter((e) => (e.attributes as { id?: string } | undefined)?.id?.startsWith(`${mode}-`)).length;

  it('process.exit(): says how many entries were lost (nothing could be sealed), and the exit code stays', async () => {
    const r = results.get('exit') as ChildResult;
    expect(r).toMatchObject({ code: 7, signal: null });
    expect(r.stderr).toMatch(
      /logflux: the process ended before (the first handshake completed|the client was ready): 40 entries could not be sealed and are lost/,
    );
    expect(await stored('exit')).toBe(0);
    expect(spooledBatches(join(env.scratch, 'exit'))).toBe(0);
  });

  it('SIGTERM: waits for the handshake within the exit budget and delivers everything, then ends by the signal', async () => {
    expect(results.get('sigterm')).toMatchObject({ code: null, signal: 'SIGTERM' });
    expect(await stored('sigterm')).toBe(40);
  });
});
