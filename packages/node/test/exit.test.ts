import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogFlux } from '@logflux/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publicKeyPem, type TestEnv, testEnv } from './helpers/env.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./helpers/exitChild.ts', import.meta.url));

let env: TestEnv;
beforeEach(async () => {
  env = await testEnv();
});
afterEach(() => env.stop());

function runChild(mode: string, spoolDir: string, count: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(
    process.execPath,
    ['--conditions=logflux-src', '--import', 'tsx', CHILD, mode, env.ingestor.url, env.tenant.apiKey, spoolDir, String(count)],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  child.stdout.on('data', (d) => {
    if (String(d).includes('ready')) child.kill('SIGTERM');
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}

async function storedIds(prefix: string): Promise<Set<string>> {
  const { entries } = await env.readBack();
  return new Set(entries.map((e) => (e.attributes as { id: string }).id).filter((id) => id.startsWith(prefix)));
}

describe('@logflux/node: a process that logs and ends loses nothing', () => {
  it('delivers on a normal end (beforeExit)', async () => {
    const r = await runChild('normal', join(env.scratch, 'spool'), 500);
    expect(r.code).toBe(0);
    expect((await storedIds('normal')).size).toBe(500);
  }, 30_000);

  it('delivers on SIGTERM when handleSignals is on, then ends by the signal', async () => {
    const r = await runChild('sigterm', join(env.scratch, 'spool'), 500);
    expect(r.signal).toBe('SIGTERM');
    expect((await storedIds('sigterm')).size).toBe(500);
  }, 30_000);

  it('spools on process.exit() and the next start delivers it', async () => {
    const spoolDir = join(env.scratch, 'spool');
    const r = await runChild('exit', spoolDir, 500);
    expect(r.code).toBe(0);
    expect((await storedIds('exit')).size).toBe(0);
    const next = createLogFlux({
      apiKey: env.tenant.apiKey,
      endpoint: env.ingestor.url,
      publicKey: publicKeyPem(),
      spool: { dir: spoolDir },
    });
    expect(next.stats().spool.records).toBeGreaterThan(0);
    for (let i = 0; i < 100 && next.stats().spool.records > 0; i++) await new Promise((res) => setTimeout(res, 50));
    expect(next.stats().spool.records).toBe(0);
    expect((await storedIds('exit')).size).toBe(500);
    expect(next.stats().acknowledged).toBe(500);
    await next.close();
  }, 30_000);
});
