/**
 * Clients of the agent protocol in three languages, written from its description (Python like
 * the Ruby/PHP SDKs, Go sending PHP's `"labels": []`, C printing unescaped JSON like the C SDK),
 * over the Unix socket and TCP. The C client finds the agent's secret where the C SDK looks
 * (XDG_RUNTIME_DIR): the agent runs with its default runtime directory under that variable.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentProcess,
  agentConfig,
  ensureDebianPackages,
  freePort,
  have,
  type Ingestor,
  kill,
  readBack,
  type StoredEntry,
  scratch,
  settled,
  startAgent,
  startIngestor,
  status,
} from './harness.js';

const CLIENTS = new URL('./clients/', import.meta.url).pathname;
const { dir, cleanup } = scratch('sdk');
const xdg = join(dir, 'xdg');
const socket = join(dir, 'agent.sock');
let ingestor: Ingestor;
let agent: AgentProcess;
let open: number;
let strict: number;
let entries: StoredEntry[];

const gccSkip = ensureDebianPackages({ gcc: 'gcc' });
const missing = ['python3', 'go'].filter((p) => !have(p)).concat(gccSkip ? ['gcc'] : []);

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: xdg }, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.error ?? ''}`);
}

describe.skipIf(missing.length > 0)(
  `SDK clients in Python, Go and C ${missing.length ? `(skipped: ${missing.join(', ')} missing)` : ''}`,
  () => {
    beforeAll(async () => {
      run('gcc', ['-O1', '-o', join(dir, 'c-client'), join(CLIENTS, 'client.c')]);
      run('go', ['build', '-o', join(dir, 'go-client'), join(CLIENTS, 'client.go')]);
      ingestor = await startIngestor(dir);
      [open, strict] = [await freePort(), await freePort()];
      const path = agentConfig(
        dir,
        ingestor,
        [
          { type: 'unix', name: 'sdk-unix', path: socket },
          { type: 'tcp', name: 'sdk-tcp', port: open },
          { type: 'tcp', name: 'sdk-tcp-strict', port: strict, acceptWithoutSecret: false },
        ],
        { runtimeDir: undefined },
      );
      agent = await startAgent(path, [], { XDG_RUNTIME_DIR: xdg });
      const tcp = (port: number) => `tcp:127.0.0.1:${port}`;
      run('python3', [join(CLIENTS, 'client.py'), `unix:${socket}`, 'py-unix', '20']);
      run('python3', [join(CLIENTS, 'client.py'), tcp(open), 'py-tcp', '20']);
      run('python3', [join(CLIENTS, 'client.py'), tcp(strict), 'py-strict', '5']);
      run(join(dir, 'go-client'), [`unix:${socket}`, 'go-unix', '20']);
      run(join(dir, 'go-client'), [tcp(open), 'go-tcp', '20']);
      run(join(dir, 'c-client'), [`unix:${socket}`, 'c-unix', '20']);
      run(join(dir, 'c-client'), [tcp(open), 'c-tcp', '20']);
      run(join(dir, 'c-client'), [tcp(strict), 'c-strict', '20']);
      run(join(dir, 'c-client'), [tcp(strict), 'c-wrong-secret', '4', 'not-the-secret']);
      await settled(dir, 30_000, join(xdg, 'logflux'));
    });

    afterAll(async () => {
      if (agent) await kill(agent, 'SIGTERM');
      await ingestor?.stop();
      cleanup();
    });

    it('the agent keeps its secret 0600 in the runtime directory the C SDK reads, and its socket 0600', () => {
      const secret = join(xdg, 'logflux', 'agent.secret');
      expect(statSync(join(xdg, 'logflux')).mode & 0o777).toBe(0o700);
      expect(statSync(secret).mode & 0o777).toBe(0o600);
      expect(readFileSync(secret, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
      expect(readFileSync(join(xdg, 'logflux', 'agent.pid'), 'utf8').trim()).toBe(String(agent.child.pid));
      expect(statSync(socket).mode & 0o777).toBe(0o600);
    });

    it('stores every entry of every client, read back and decrypted', async () => {
      entries = await readBack(ingestor);
      const tagged = (tag: string) => entries.filter((e) => new RegExp(`^${tag} \\d+`).test(String(e.message)));
      for (const tag of ['py-unix', 'py-tcp', 'go-unix', 'go-tcp', 'c-unix', 'c-tcp', 'c-strict']) {
        const numbers = tagged(tag)
          .map((e) => Number(/^\S+ (\d+)/.exec(String(e.message))?.[1]))
          .sort((a, b) => a - b);
        expect({ tag, numbers }).toEqual({ tag, numbers: Array.from({ length: 20 }, (_, i) => i) });
      }
      expect(tagged('py-strict')).toEqual([]);
      expect(tagged('c-wrong-secret')).toEqual([]);
    });

    it('maps each language’s entries to the inner schema', () => {
      const find = (m: string) => entries.find((e) => e.message === m);
      expect(find('py-unix 3')).toMatchObject({
        v: '2.0',
        type: 'log',
        source: 'python-client',
        level: 4,
        attributes: { client: 'python', seq: '3', payload_type: 'application' },
      });
      expect(entries.find((e) => e.event === 'py-unix deployed')).toMatchObject({ type: 'event', level: 6 });
      expect(entries.find((e) => e.name === 'py-unix.queue_depth')).toMatchObject({ type: 'metric', value: 17, kind: 'gauge' });
      expect(find('go-tcp 1')).toMatchObject({ source: 'go-client', level: 4 });
      expect(find('go-tcp 1')?.attributes?.client).toBeUndefined();
      // The C client's unescaped quotes and backslash arrive intact; its secret never does.
      expect(find('c-tcp 3 said "hi" \\o/')).toMatchObject({ source: 'c-client', level: 4 });
      expect(find('c-unix 0 said "hi" \\o/')?.attributes).toMatchObject({ client: 'c', seq: '0' });
      expect(JSON.stringify(entries)).not.toContain('shared_secret');
      expect(JSON.stringify(entries)).not.toContain(readFileSync(join(xdg, 'logflux', 'agent.secret'), 'utf8').trim());
    });

    it('counts what it refused, by input and reason', async () => {
      const s = await status(dir, join(xdg, 'logflux'));
      const byName = Object.fromEntries(s.inputs.map((i) => [i.name, i.counters]));
      expect(byName['sdk-unix']).toMatchObject({ received: 63, forwarded: 62, dropped: { bad_line: 1 }, salvaged: 7 });
      expect(byName['sdk-tcp']).toMatchObject({ received: 63, forwarded: 62, dropped: { bad_line: 1 }, salvaged: 7 });
      expect(byName['sdk-tcp-strict']).toMatchObject({ forwarded: 20, dropped: { no_secret: 7, bad_line: 1, bad_secret: 4 }, salvaged: 9 });
    });
  },
);
