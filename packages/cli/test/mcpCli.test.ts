import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, startFixture } from './helpers/analysisFixture.js';
import { ROOT, runCliProcess, stop } from './helpers/cliProcess.js';

const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const NODE_ARGS = ['--conditions=logflux-src', '--import', 'tsx', BIN];

type ToolResult = { content: { type: string; text: string }[]; isError?: boolean };
async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolResult> {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}
async function json(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const r = await call(client, name, args);
  expect(r.isError, r.content[0]?.text).toBeFalsy();
  return JSON.parse(r.content[0]?.text as string);
}

/** Every tool, checked against what the fixture sent. */
async function checkTools(client: Client, fx: Fixture): Promise<void> {
  const tools = (await client.listTools()).tools.map((t) => t.name).sort();
  expect(tools).toEqual(['get_entry', 'log_stats', 'run_sql', 'search_logs', 'tail_logs']);

  const stats = await json(client, 'log_stats');
  expect(stats.total).toBe(23);
  expect(stats.by_type).toEqual([
    { type: 'log', count: 21 },
    { type: 'event', count: 1 },
    { type: 'metric', count: 1 },
  ]);
  expect(stats.by_level).toContainEqual({ level: 4, level_name: 'error', count: 1 });
  expect(stats.top_sources).toEqual([{ source: 'shop-api', count: 23 }]);

  const found = await json(client, 'search_logs', { text: 'DECLINED' });
  expect((found.entries as Record<string, unknown>[]).map((e) => e.message)).toEqual(['card declined for order 77']);
  const regex = await json(client, 'search_logs', { regex: '^tick (1|2)\\d$', limit: 3 });
  expect((regex.entries as Record<string, unknown>[]).map((e) => e.message)).toEqual(['tick 19', 'tick 18', 'tick 17']);
  const errors = await json(client, 'search_logs', { level: 'error' });
  expect((errors.entries as Record<string, unknown>[]).map((e) => e.error_type)).toEqual(['PaymentError']);
  const metrics = await json(client, 'search_logs', { type: 'metric' });
  expect(metrics.entries).toMatchObject([{ metric_name: 'queue.depth', metric_value: 12, metric_kind: 'gauge' }]);
  const bad = await call(client, 'search_logs', { regex: '(' });
  expect(bad.isError).toBe(true);
  expect(bad.content[0]?.text).not.toMatch(/tick|declined/);

  const tail = await json(client, 'tail_logs', { n: 2 });
  expect((tail.entries as Record<string, unknown>[]).map((e) => e.id)).toEqual([22, 23]);

  const entry = await json(client, 'get_entry', { id: 1 });
  expect(entry).toMatchObject({ id: 1, type: 'log', message: 'tick 0', level: 7, level_name: 'info', attributes: { i: '0' } });
  expect(typeof entry.ts).toBe('string');
  const missing = await call(client, 'get_entry', { id: 9999 });
  expect(missing).toMatchObject({ isError: true, content: [{ text: 'no entry with id 9999' }] });

  const sql = await json(client, 'run_sql', {
    sql: 'SELECT type, count(*) AS n FROM logs GROUP BY type ORDER BY n DESC, type',
    max_rows: 2,
  });
  expect(sql).toEqual({
    columns: ['type VARCHAR', 'n BIGINT'],
    rows: [
      ['log', 21],
      ['event', 1],
    ],
    truncated: true,
  });
  for (const refused of [
    'DELETE FROM logs',
    'CREATE TABLE t AS SELECT 1',
    'SELECT 1; DROP TABLE logs',
    "SELECT * FROM read_text('/etc/hostname')",
  ]) {
    const r = await call(client, 'run_sql', { sql: refused });
    expect(r.isError, refused).toBe(true);
    expect(r.content[0]?.text, refused).toMatch(/refused|Permission Error/);
  }
  const slow = await call(client, 'run_sql', { sql: 'SELECT count(*) FROM range(1000000000000) a' });
  expect(slow).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/ran longer than 500 ms and was stopped/) }] });
  expect((await json(client, 'log_stats')).total).toBe(23); // the data survived every refusal

  // Entries sent after the server started are fetched before the next tool call.
  await fx.sdk((c) => c.info('arrived later'));
  const later = await json(client, 'tail_logs', { n: 1 });
  expect((later.entries as Record<string, unknown>[])[0]).toMatchObject({ id: 24, message: 'arrived later' });
}

describe('logflux mcp', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture('logflux-mcp-');
    await fx.sdk((client) => {
      for (let i = 0; i < 20; i++) client.info(`tick ${i}`, { i: String(i) });
      client.metric({ name: 'queue.depth', value: 12, kind: 'gauge' });
      client.event('deploy');
      client.captureError(Object.assign(new Error('card declined for order 77'), { name: 'PaymentError' }));
    });
  });
  afterAll(() => fx.close());

  it('serves the read-only tools over stdio to the SDK client', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [...NODE_ARGS, 'mcp', '--sql-timeout', '500', ...fx.reader],
      cwd: ROOT,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(transport);
    try {
      await checkTools(client, fx);
    } finally {
      await client.close();
    }
  });

  it('serves them over Streamable HTTP on loopback with a bearer token, and refuses others', async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      [...NODE_ARGS, 'mcp', '--http', '--port', '0', '--sql-timeout', '500', ...fx.reader],
      { cwd: ROOT },
    );
    try {
      let out = '';
      const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
        child.stdout?.on('data', (d) => {
          out += d;
          const m = /on (http:\/\/127\.0\.0\.1:\d+\/mcp)\nbearer token \(shown once\): (\S+)\n/.exec(out);
          if (m) resolve({ url: m[1] as string, token: m[2] as string });
        });
        child.once('exit', (code) => reject(new Error(`mcp exited ${code}: ${out}`)));
      });
      expect(token.length).toBeGreaterThanOrEqual(40);

      const init = {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
      };
      const post = (headers: Record<string, string>) =>
        fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
          body: JSON.stringify(init),
        });
      expect((await post({})).status).toBe(401);
      expect((await post({ Authorization: `Bearer ${token}x` })).status).toBe(401);
      expect((await post({ Authorization: token })).status).toBe(401);
      const ok = await post({ Authorization: `Bearer ${token}` });
      expect(ok.status).toBe(200);
      expect(JSON.stringify(await ok.json())).toMatch(/"name":"logflux"/);
      // A page on another origin reaching us through DNS rebinding carries a foreign Host header.
      const rebound = await new Promise<number>((resolve, reject) => {
        const req = request(
          url,
          { method: 'POST', headers: { Host: 'evil.example:80', Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify(init));
      });
      expect(rebound).toBe(403);

      const wrong = new Client({ name: 'test', version: '1.0.0' });
      await expect(
        wrong.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: 'Bearer nope' } } })),
      ).rejects.toThrow();

      const client = new Client({ name: 'test', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
      );
      try {
        const stats = await json(client, 'log_stats');
        expect(stats.total).toBe(24);
        const found = await json(client, 'search_logs', { text: 'arrived later' });
        expect(found).toMatchObject({ count: 1, truncated: false });
      } finally {
        await client.close();
      }
    } finally {
      await stop(child);
    }
  });

  it('refuses to listen beyond loopback without --allow-external', async () => {
    const r = await runCliProcess(['mcp', '--http', '--host', '0.0.0.0', ...fx.reader]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to listen on 0\.0\.0\.0: only loopback unless --allow-external is given/);
  });
});
