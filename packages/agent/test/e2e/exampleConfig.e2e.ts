/**
 * examples/agent/agent.json as shipped, with its ports and paths moved into a scratch directory,
 * runs with one entry through every input: the agent protocol (Unix, TCP), syslog (UDP, TCP),
 * HTTP with the bearer token, and each file input with its parser.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../../cli/test/helpers/cliProcess.js';
import {
  type AgentProcess,
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
  waitFor,
} from './harness.js';

const CLIENTS = new URL('./clients/', import.meta.url).pathname;
const { dir, cleanup } = scratch('example');
let ingestor: Ingestor;
let agent: AgentProcess;
let entries: StoredEntry[];
const ports: Record<string, number> = {};
const moved = (path: string) => join(dir, 'root', path);

interface ExampleInput {
  type: string;
  name: string;
  port?: number;
  path?: string;
  paths?: string[];
  exclude?: string[];
  bearerTokenFile?: string;
}

describe.skipIf(!have('logger') || !have('python3'))('the example config (examples/agent/agent.json)', () => {
  beforeAll(async () => {
    ingestor = await startIngestor(dir);
    const example = JSON.parse(readFileSync(join(ROOT, 'examples/agent/agent.json'), 'utf8'));
    example.stateDir = moved(example.stateDir);
    example.runtimeDir = moved(example.runtimeDir);
    const dest = example.destinations.default;
    delete dest.publicKeyFile;
    Object.assign(dest, { endpoint: ingestor.url, apiKeyFile: ingestor.apiKeyFile, publicKey: ingestor.fingerprint });
    for (const input of example.inputs as ExampleInput[]) {
      if (input.port !== undefined) {
        ports[input.type] = ports[input.type === 'syslog_tcp' ? 'syslog_udp' : input.type] ?? (await freePort());
        input.port = ports[input.type];
      }
      if (input.path && input.type === 'unix') input.path = moved(input.path);
      if (input.bearerTokenFile) {
        input.bearerTokenFile = moved(input.bearerTokenFile);
        mkdirSync(dirname(input.bearerTokenFile), { recursive: true });
        writeFileSync(input.bearerTokenFile, 'example-token\n');
      }
      input.paths = input.paths?.map(moved);
      input.exclude = input.exclude?.map(moved);
    }
    for (const d of ['tmp', 'var/log/nginx', 'var/log/myapp', 'var/log/billing', 'var/lib/docker/containers/abc123'])
      mkdirSync(moved(d), { recursive: true });
    const configPath = join(dir, 'agent.json');
    writeFileSync(configPath, JSON.stringify(example, null, 2));
    agent = await startAgent(configPath);

    const py = (target: string, tag: string) => spawnSync('python3', [join(CLIENTS, 'client.py'), target, tag, '1']);
    py(`unix:${moved('/tmp/logflux-agent.sock')}`, 'example-unix');
    py(`tcp:127.0.0.1:${ports.tcp}`, 'example-tcp');
    spawnSync('logger', ['-n', '127.0.0.1', '-P', String(ports.syslog_udp), '-d', '-t', 'ex', 'example syslog udp']);
    spawnSync('logger', ['-n', '127.0.0.1', '-P', String(ports.syslog_udp), '-T', '--octet-count', '-t', 'ex', 'example syslog tcp']);
    const hook = await fetch(`http://127.0.0.1:${ports.http}/logs`, {
      method: 'POST',
      headers: { Authorization: 'Bearer example-token' },
      body: JSON.stringify({ message: 'example webhook' }),
    });
    expect(hook.status).toBe(200);
    appendFileSync(
      moved('/var/log/nginx/access.log'),
      '127.0.0.1 - - [01/Dec/2026:10:00:00 +0000] "GET /example HTTP/1.1" 200 5 "-" "curl"\n',
    );
    appendFileSync(moved('/var/log/nginx/error.log'), '2026/12/01 10:00:00 [warn] 7#7: *1 example nginx error\n');
    appendFileSync(moved('/var/log/myapp/app.log'), '{"level":"error","msg":"example json","user":"u1"}\n');
    appendFileSync(moved('/var/log/myapp/debug-1.log'), '{"msg":"excluded"}\n');
    appendFileSync(moved('/var/log/billing/app.log'), '2026-12-01 10:00:00 ERROR example java\n\tat Billing.charge(Billing.java:42)\n');
    appendFileSync(
      moved('/var/lib/docker/containers/abc123/abc123-json.log'),
      '{"log":"example docker\\n","stream":"stdout","time":"2026-12-01T10:00:00Z"}\n',
    );
    await waitFor('every input to receive', async () =>
      (await status(dir, moved('/run/logflux'))).inputs.every((i) => i.counters.received > 0),
    );
    await settled(dir, 30_000, moved('/run/logflux'));
    entries = await readBack(ingestor);
  });

  afterAll(async () => {
    if (agent) await kill(agent, 'SIGTERM');
    await ingestor?.stop();
    cleanup();
  });

  it('collects from every input of the example', () => {
    const texts = entries.map((e) => String(e.message ?? e.event));
    for (const expected of [
      'example-unix 0',
      'example-tcp 0',
      'example syslog udp',
      'example syslog tcp',
      'example webhook',
      'example nginx error',
      'example json',
      '2026-12-01 10:00:00 ERROR example java\n\tat Billing.charge(Billing.java:42)',
      'example docker',
    ])
      expect(texts).toContain(expected);
    expect(entries.find((e) => e.attributes?.['http.path'] === '/example')).toMatchObject({ source: 'nginx', level: 7 });
    expect(entries.find((e) => e.message === 'example json')).toMatchObject({ source: 'myapp', level: 4, attributes: { user: 'u1' } });
    expect(texts).not.toContain('excluded');
    expect(entries.find((e) => e.message === 'example webhook')).toMatchObject({ source: 'web-3' });
  });
});
