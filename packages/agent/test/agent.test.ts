import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, AgentLog, runAgent, validateConfig } from '../src/index.js';
import { until } from './helpers/fakeSink.js';
import { testIngestor } from './helpers/ingestor.js';

let t: Awaited<ReturnType<typeof testIngestor>>;
beforeAll(async () => {
  t = await testIngestor();
});
afterAll(() => t.close());

function config(inputs: object[], extra: object = {}) {
  return validateConfig(
    {
      stateDir: join(t.dir, 'state'),
      runtimeDir: join(t.dir, 'run'),
      destinations: { main: { endpoint: t.ingestor.url, apiKeyFile: t.apiKeyFile, publicKey: t.fingerprint, spool: false } },
      inputs,
      ...extra,
    },
    t.dir,
  );
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
  });
}

describe('Agent', () => {
  it('runs inputs into the destination, reloads without closing open connections, and stops cleanly', async () => {
    const logs = join(t.dir, 'logs');
    mkdirSync(logs, { recursive: true });
    writeFileSync(join(logs, 'a.log'), 'from a file\n');
    const lines: string[] = [];
    const first = config([
      { type: 'tcp', name: 'sdk', port: 0 },
      { type: 'file', name: 'files', paths: [`${logs}/*.log`], pollIntervalMs: 20 },
    ]);
    const agent = await Agent.start(first, new AgentLog('info', (l) => lines.push(l)));
    const port = Number(agent.status().inputs[0]?.address.split(':')[1]);
    const socket = await open(port);
    socket.write('{"message":"before the reload"}\n');
    await until(() => agent.status().inputs.every((i) => i.counters.forwarded === 1));

    // Reload: the TCP input is unchanged, the file input changes its parser, a UDP input is added.
    const next = config([
      { type: 'tcp', name: 'sdk', port: 0 },
      { type: 'file', name: 'files', paths: [`${logs}/*.log`], pollIntervalMs: 20, parser: 'json' },
      { type: 'syslog_udp', name: 'syslog', port: 0 },
    ]);
    await agent.reload(next);
    socket.write('{"message":"after the reload, same connection"}\n');
    writeFileSync(join(logs, 'b.log'), '{"msg":"json now"}\n');
    await until(() => (agent.status().inputs.find((i) => i.name === 'sdk')?.counters.forwarded ?? 0) === 2);
    await until(() => (agent.status().inputs.find((i) => i.name === 'files')?.counters.forwarded ?? 0) === 2);
    const s = agent.status();
    expect(s.inputs.map((i) => i.name)).toEqual(['sdk', 'files', 'syslog']);
    expect(s.inputs[1]?.files?.map((f) => f.path).sort()).toEqual([join(logs, 'a.log'), join(logs, 'b.log')]);
    expect(s.destinations[0]).toMatchObject({ name: 'main', acknowledged: 4, transport: 'up' });
    expect(await t.count()).toBe(4);
    expect(lines.join('')).toMatch(/input files changed/);

    // A reload whose new destination cannot start is refused as a whole; nothing changes.
    const broken = config([{ type: 'tcp', name: 'sdk', port: 0 }], {});
    (broken.destinations.main as { apiKeyFile?: string }).apiKeyFile = join(t.dir, 'missing.key');
    await expect(agent.reload(broken)).rejects.toThrow(/destinations\.main\.apiKeyFile: cannot read/);
    expect(agent.status().inputs.map((i) => i.name)).toEqual(['sdk', 'files', 'syslog']);

    socket.destroy();
    await agent.stop();
    for (const f of ['agent.pid', 'agent.secret', 'agent.status.sock']) expect(existsSync(join(t.dir, 'run', f))).toBe(false);
  });

  it('runAgent exits 2 on a bad config and 0 after a requested stop', async () => {
    const bad = join(t.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ destinations: {}, inputs: [] }));
    const out: string[] = [];
    expect(await runAgent({ configPath: bad, write: (l) => out.push(l) })).toBe(2);
    expect(out.join('')).toMatch(/ERROR \[agent\] configuration: .*bad\.json: destinations: needs at least one destination/);
    const good = join(t.dir, 'good.json');
    writeFileSync(
      good,
      JSON.stringify({
        stateDir: join(t.dir, 'state-run'),
        runtimeDir: join(t.dir, 'run-run'),
        destinations: { main: { endpoint: t.ingestor.url, apiKeyFile: t.apiKeyFile, publicKey: t.fingerprint, spool: false } },
        inputs: [{ type: 'syslog_udp', port: 0 }],
      }),
    );
    const stop = new AbortController();
    const code = runAgent({ configPath: good, write: (l) => out.push(l), signal: stop.signal, onStarted: () => stop.abort() });
    expect(await code).toBe(0);
    expect(out.join('')).toMatch(/stop requested: draining and stopping/);
  });
});
