/**
 * The real things the agent's end-to-end tests run against: the reference ingestor (`logflux
 * serve`), the agent (`logflux agent`) as a child process, and `logflux query --json` to read
 * every stored entry back and decrypt it with the (test) private key.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCliProcess, startServe, stop } from '../../../cli/test/helpers/cliProcess.js';

export { runCliProcess };

import { type AgentStatus, requestStatus } from '../../src/index.js';

export const KEYS = join(ROOT, 'test-vectors/keys');
const BIN = join(ROOT, 'packages/cli/src/bin.ts');

export interface Ingestor {
  url: string;
  home: string;
  fingerprint: string;
  apiKeyFile: string;
  stop(): Promise<unknown>;
}

/** A scratch directory removed by `cleanup()`. */
export function scratch(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `logflux-agent-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `logflux serve` with a fresh tenant for the test key pair, rate limits off. */
export async function startIngestor(dir: string, extra: string[] = []): Promise<Ingestor> {
  const home = join(dir, 'ingestor');
  const server = await startServe(['--home', home, '--public-key', join(KEYS, 'test-rsa-4096-public.pem'), '--no-rate-limit', ...extra]);
  const creds = JSON.parse(readFileSync(join(home, 'credentials.json'), 'utf8')) as { api_key: string; fingerprint: string };
  const apiKeyFile = join(dir, 'api.key');
  writeFileSync(apiKeyFile, `${creds.api_key}\n`, { mode: 0o600 });
  return { url: server.url, home, fingerprint: creds.fingerprint, apiKeyFile, stop: () => stop(server.child) };
}

/** A port nothing listens on right now (for inputs whose port the test must know in advance). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Writes an agent config for `inputs`, delivering to `ingestor`; returns its path. */
export function agentConfig(dir: string, ingestor: Ingestor, inputs: object[], extra: Record<string, unknown> = {}): string {
  const path = join(dir, 'agent.json');
  const config = {
    stateDir: join(dir, 'state'),
    runtimeDir: join(dir, 'run'),
    destinations: { default: { endpoint: ingestor.url, apiKeyFile: ingestor.apiKeyFile, publicKey: ingestor.fingerprint } },
    inputs,
    ...extra,
  };
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

export interface AgentProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
}

/** Starts `logflux agent --config <path>` and resolves once it logged that it started. */
export function startAgent(configPath: string, args: string[] = [], env: Record<string, string> = {}): Promise<AgentProcess> {
  const child = spawn(process.execPath, ['--conditions=logflux-src', '--import', 'tsx', BIN, 'agent', '--config', configPath, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (/\[agent\] started:/.test(out)) {
        clearInterval(timer);
        resolve({ child, output: () => out, exited });
      }
    }, 25);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`the agent exited (${code}) before it started:\n${out}`));
    });
  });
}

/** SIGKILL, and wait for the process to be gone. */
export async function kill(agent: AgentProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<number | string> {
  agent.child.kill(signal);
  return agent.exited;
}

/** The agent's status through its control socket (runtime directory `<dir>/run` unless given). */
export function status(dir: string, runtimeDir = join(dir, 'run')): Promise<AgentStatus> {
  return requestStatus(join(runtimeDir, 'agent.status.sock'));
}

/** Polls `check` every 50 ms until it returns true or `ms` pass (then it throws with `what`). */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until every entry the agent's inputs received is accounted for (forwarded, spooled or dropped). */
export function settled(dir: string, ms = 30_000, runtimeDir = join(dir, 'run')): Promise<void> {
  return waitFor(
    'the agent to settle',
    async () => {
      const s = await status(dir, runtimeDir);
      return s.inputs.every((i) => {
        const c = i.counters;
        const dropped = Object.values(c.dropped).reduce((a, b) => a + b, 0);
        const files = (i.files ?? []).every((f) => f.inFlight === 0 && f.offset >= f.size);
        return files && c.received === c.forwarded + c.spooled + dropped;
      });
    },
    ms,
  );
}

export interface StoredEntry {
  v: string;
  type: string;
  source: string;
  level: number;
  ts: string;
  message?: string;
  attributes?: Record<string, string>;
  [field: string]: unknown;
}

/** Every stored entry, decrypted locally by the real CLI (`logflux query --json`). */
export async function readBack(ingestor: Ingestor): Promise<StoredEntry[]> {
  const r = await runCliProcess(['query', '--json', '--home', ingestor.home, '--private-key', join(KEYS, 'test-rsa-4096-private.pem')]);
  if (r.code !== 0) throw new Error(`logflux query failed (${r.code}): ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { entry: StoredEntry }).entry);
}

/** Whether a program is on PATH. */
export function have(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
}

/**
 * Installs Debian packages when missing and this runs as root (as CI does); returns a reason to
 * skip when they are missing and cannot be installed here.
 */
export function ensureDebianPackages(programs: Record<string, string>): string | undefined {
  const missing = Object.entries(programs).filter(([program]) => !have(program));
  if (missing.length === 0) return undefined;
  if (process.getuid?.() === 0 && have('apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { env });
    spawnSync('apt-get', ['install', '-y', '-qq', ...missing.map(([, pkg]) => pkg)], { env });
  }
  const still = missing.filter(([program]) => !have(program));
  return still.length === 0 ? undefined : `not root and Debian packages missing: ${still.map(([, p]) => p).join(', ')}`;
}

export function mkdirs(...dirs: string[]): void {
  for (const d of dirs) mkdirSync(d, { recursive: true });
}
