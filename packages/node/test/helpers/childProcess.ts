import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a TypeScript child process from source (as the tests run everything), with `env` replacing
 * its LOGFLUX_* variables; sends SIGTERM once it prints "ready".
 */
export function runTsChild(script: string, args: string[], env: Record<string, string> = {}): Promise<ChildResult> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LOGFLUX_')));
  const child = spawn(process.execPath, ['--conditions=logflux-src', '--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
    if (String(d).includes('ready')) child.kill('SIGTERM');
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/** Sealed batches left in a spool directory for a later process to send. */
export function spooledBatches(dir: string): number {
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.batch')).length : 0;
}
