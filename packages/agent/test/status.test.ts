import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AgentStatus, formatStatus, requestStatus } from '../src/index.js';
import { serveStatus } from '../src/status.js';

const dir = mkdtempSync(join(tmpdir(), 'agent-status-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const status: AgentStatus = {
  pid: 42,
  startedAt: '2026-12-01T10:00:00.000Z',
  runtimeDir: '/run',
  stateDir: '/state',
  exactlyOnce: false,
  memory: { rss: 100 * 1048576, heapUsed: 1, external: 1, arrayBuffers: 1 },
  destinations: [
    {
      name: 'default',
      exactlyOnce: false,
      transport: 'up',
      handshake: 'ready',
      queued: { entries: 3, bytes: 300 },
      inFlight: 0,
      acknowledged: 120,
      spool: { records: 1, bytes: 10, entries: 5 },
      dropped: { rejected: 1 },
    },
  ],
  inputs: [
    {
      name: 'nginx',
      type: 'file',
      destination: 'default',
      address: '/var/log/nginx/access.log',
      counters: {
        received: 100,
        forwarded: 95,
        spooled: 5,
        dropped: {},
        refused: {},
        salvaged: 0,
        truncated: 2,
        unparsed: 0,
        connections: 0,
      },
      files: [{ path: '/var/log/nginx/access.log', offset: 1000, size: 1200, inFlight: 1, rotated: false }],
    },
    {
      name: 'sdk',
      type: 'tcp',
      destination: 'default',
      address: '127.0.0.1:8080',
      counters: {
        received: 20,
        forwarded: 17,
        spooled: 0,
        dropped: { bad_line: 2, bad_secret: 1 },
        refused: {},
        salvaged: 3,
        truncated: 0,
        unparsed: 0,
        connections: 2,
      },
    },
  ],
};

describe('status', () => {
  it('is served as JSON on a 0600 control socket', async () => {
    const path = join(dir, 'status.sock');
    const server = await serveStatus(path, () => status);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await requestStatus(path)).toEqual(status);
    await new Promise((r) => server.close(r));
    await expect(requestStatus(path)).rejects.toThrow(/no agent is running/);
  });

  it('prints counters per input, file positions and the destination', () => {
    const text = formatStatus(status);
    expect(text).toMatch(/delivery of files: at least once; memory 100 MiB/);
    expect(text).toMatch(/nginx\s+file\s+100\s+95\s+5\s+-/);
    expect(text).toMatch(/sdk\s+tcp\s+20\s+17\s+0\s+bad_line=2 bad_secret=1/);
    expect(text).toMatch(/salvaged 3/);
    expect(text).toContain('/var/log/nginx/access.log: offset 1000 of 1200, 1 chunks in flight');
    expect(text).toMatch(/default\s+up\s+ready\s+120\s+3\s+1\/5\s+rejected=1/);
  });
});
