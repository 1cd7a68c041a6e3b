import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultRuntimeDir } from '../src/config/defaults.js';
import { prepareRuntime } from '../src/runtime.js';

const dir = mkdtempSync(join(tmpdir(), 'agent-runtime-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runtime directory', () => {
  it('is where the C SDK looks: $XDG_RUNTIME_DIR/logflux, $HOME/.logflux/runtime, /tmp/.logflux-runtime', () => {
    expect(defaultRuntimeDir({ XDG_RUNTIME_DIR: '/run/user/1000', HOME: '/home/u' })).toBe('/run/user/1000/logflux');
    expect(defaultRuntimeDir({ HOME: '/home/u' })).toBe('/home/u/.logflux/runtime');
    expect(defaultRuntimeDir({})).toBe('/tmp/.logflux-runtime');
  });

  it('is created 0700 with a fresh secret (0600) and the PID file; release removes them', () => {
    const run = join(dir, 'run');
    const first = prepareRuntime(run, join(dir, 'state'));
    expect(statSync(run).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'state')).mode & 0o777).toBe(0o700);
    expect(statSync(first.secretPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.secretPath, 'utf8')).toBe(`${first.secret}\n`);
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(first.pidPath, 'utf8')).toBe(`${process.pid}\n`);
    first.release();
    const second = prepareRuntime(run, join(dir, 'state'));
    expect(second.secret).not.toBe(first.secret);
    expect(second.agentId).toBe(first.agentId);
    second.release();
  });

  it('refuses a directory held by another live agent, a symbolic link, or loose permissions it cannot fix', () => {
    const run = join(dir, 'busy');
    mkdirSync(run, { mode: 0o700 });
    writeFileSync(join(run, 'agent.pid'), `${process.ppid}\n`);
    expect(() => prepareRuntime(run, join(dir, 'state2'))).toThrow(/another agent \(pid \d+\) is using the runtime directory/);
    symlinkSync(join(dir, 'state2'), join(dir, 'link'));
    expect(() => prepareRuntime(join(dir, 'link'), join(dir, 'state3'))).toThrow(/is not a directory/);
    mkdirSync(join(dir, 'loose'), { mode: 0o755 });
    const r = prepareRuntime(join(dir, 'loose'), join(dir, 'state4'));
    expect(statSync(join(dir, 'loose')).mode & 0o777).toBe(0o700);
    r.release();
  });
});
