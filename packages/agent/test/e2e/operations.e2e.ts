/**
 * Operating the agent as a process: config errors through the real CLI, HTTP with a bearer
 * token, `logflux agent status`, SIGHUP reloads (a bad config is refused, the running one kept),
 * backpressure while the ingestor is slow (the TCP sender blocks, nothing is dropped), and
 * SIGTERM draining what was sent just before it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentProcess,
  agentConfig,
  freePort,
  type Ingestor,
  kill,
  readBack,
  runCliProcess,
  scratch,
  settled,
  startAgent,
  startIngestor,
  status,
  waitFor,
} from './harness.js';

const { dir, cleanup } = scratch('ops');
let ingestor: Ingestor;
let agent: AgentProcess;
let configPath: string;
let tcpPort: number;
let httpPort: number;
const token = 'http-token-for-the-test';

function inputs(extra: object[] = []): object[] {
  return [
    { type: 'tcp', name: 'app-tcp', port: tcpPort },
    { type: 'http', name: 'webhook', port: httpPort, bearerTokenFile: join(dir, 'http.token') },
    ...extra,
  ];
}
const destination = { maxQueueEntries: 500, maxBatchEntries: 100 };

function writeConfig(extra: object[] = []): void {
  agentConfig(dir, ingestor, inputs(extra));
  const config = JSON.parse(readFileSync(configPath, 'utf8'));
  Object.assign(config.destinations.default, destination);
  writeFileSync(configPath, JSON.stringify(config, null, 2));
}

/** Sends `count` agent-protocol lines on one TCP connection; resolves with whether a write ever had to wait. */
function sendLines(count: number, tag: string, pad = 0): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const s = connect(tcpPort, '127.0.0.1');
    let i = 0;
    let waited = false;
    const pump = () => {
      while (i < count) {
        const ok = s.write(`${JSON.stringify({ message: `${tag} ${i++}`, level: 6, labels: { pad: 'x'.repeat(pad) } })}\n`);
        if (!ok) {
          waited = true;
          s.once('drain', pump);
          return;
        }
      }
      s.end(() => resolve(waited));
    };
    s.once('connect', pump);
    s.once('error', reject);
  });
}

describe('operating the agent', () => {
  beforeAll(async () => {
    ingestor = await startIngestor(dir, ['--fault-injection']);
    [tcpPort, httpPort] = [await freePort(), await freePort()];
    writeFileSync(join(dir, 'http.token'), `${token}\n`, { mode: 0o600 });
    configPath = join(dir, 'agent.json');
    writeConfig();
    agent = await startAgent(configPath);
  });

  afterAll(async () => {
    if (agent && agent.child.exitCode === null) await kill(agent);
    await ingestor?.stop();
    cleanup();
  });

  it('refuses a bad config naming the field, and --check accepts a good one', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ destinations: { d: { apiKeyFile: 'k' } }, inputs: [{ type: 'syslog_tcp', port: 514, framing: 'lines' }] }),
    );
    const r = await runCliProcess(['agent', '--config', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}: inputs[0].framing: must be one of auto, octet_counting, newline, not "lines"`);
    const ok = await runCliProcess(['agent', '--check', '--config', configPath]);
    expect(ok.stdout).toMatch(/valid \(2 inputs, 1 destinations\)/);
  });

  it('takes HTTP posts with the bearer token and shows the counters in `logflux agent status`', async () => {
    const url = `http://127.0.0.1:${httpPort}/`;
    expect((await fetch(url, { method: 'POST', body: '{"message":"no token"}' })).status).toBe(401);
    const res = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-ndjson' },
      body: '{"message":"hook 1","level":4}\n{"message":"hook 2"}\n',
    });
    expect(await res.json()).toMatchObject({ accepted: 2, forwarded: 2 });
    const text = await runCliProcess(['agent', 'status', '--config', configPath]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/webhook\s+http\s+2\s+2\s+0\s+-\n.*refused requests: unauthorized=1/);
    expect(text.stdout).toMatch(/default\s+up\s+ready/);
    const json = JSON.parse((await runCliProcess(['agent', 'status', '--json', '--config', configPath])).stdout);
    expect(json.inputs.map((i: { name: string }) => i.name)).toEqual(['app-tcp', 'webhook']);
  });

  it('reloads on SIGHUP, keeping the running config when the new one is invalid', async () => {
    const udp = await freePort();
    writeConfig([{ type: 'syslog_udp', name: 'added', port: udp }]);
    agent.child.kill('SIGHUP');
    await waitFor('the added input', async () => (await status(dir)).inputs.some((i) => i.name === 'added'));
    writeFileSync(configPath, '{"inputs": [}');
    agent.child.kill('SIGHUP');
    await waitFor('the refusal', () => /reload refused, the running configuration stays/.test(agent.output()));
    expect((await status(dir)).inputs.map((i) => i.name)).toEqual(['app-tcp', 'webhook', 'added']);
    writeConfig();
  });

  it('pauses the TCP sender while the ingestor is slow, and loses nothing', async () => {
    await fetch(`${ingestor.url}/__admin/faults`, { method: 'POST', body: JSON.stringify({ kind: 'latency', ms: 800, count: 8 }) });
    const waited = await sendLines(20_000, 'pressure', 300);
    await settled(dir, 90_000);
    const s = await status(dir);
    const tcp = s.inputs.find((i) => i.name === 'app-tcp')?.counters;
    expect(waited).toBe(true);
    expect(tcp).toMatchObject({ received: 20_000, forwarded: 20_000, dropped: {} });
    expect(s.destinations[0]?.dropped).toEqual({});
  });

  it('drains on SIGTERM: lines sent just before it are all stored, and it exits 0', async () => {
    await sendLines(2000, 'last words');
    expect(await kill(agent, 'SIGTERM')).toBe(0);
    expect(agent.output()).toMatch(/SIGTERM: draining and stopping[\s\S]*\[agent\] stopped/);
    const entries = await readBack(ingestor);
    const count = (tag: string) => new Set(entries.filter((e) => e.message?.startsWith(`${tag} `)).map((e) => e.message)).size;
    expect(count('last words')).toBe(2000);
    expect(count('pressure')).toBe(20_000);
    expect(entries.filter((e) => e.message?.startsWith('hook ')).map((e) => [e.message, e.level])).toEqual([
      ['hook 1', 5],
      ['hook 2', 7],
    ]);
  });
});
