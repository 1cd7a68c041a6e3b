import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { VECTORS } from '../../helpers/fixtures.js';
import { kill, spawnServer } from '../../helpers/serverProcess.js';
import { readAll, WireClient } from '../../helpers/wireClient.js';
import { type FaultCase, tally } from '../report.js';
import { SteadyClient } from '../steadyClient.js';

const PUBLIC_KEY = fileURLToPath(new URL('keys/test-rsa-4096-public.pem', VECTORS));

/** Why a real tmpfs cannot be mounted here, or undefined when it can (tried once, 1 MiB). */
function tmpfsUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'tmpfs mounts need Linux';
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root (CI runs as root)';
  const probe = mkdtempSync(join(tmpdir(), 'faults-tmpfs-probe-'));
  try {
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { encoding: 'utf8' });
    if (r.status !== 0) return `mount -t tmpfs is not permitted here (${(r.stderr || r.error?.message || '').trim()})`;
    spawnSync('umount', [probe]);
    return undefined;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

const sh = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.error?.message}`);
};

/**
 * Issue 14, failure 2, on a real full disk: the ingestor process keeps its data on an 8 MiB tmpfs
 * that a filler file has nearly filled. Two clients send until the disk is full (short writes,
 * ENOSPC → 507, /health degraded), the filler is removed (space returns: the ingestor recovers with
 * no restart and the clients' retries are acknowledged), then the process is SIGKILLed and started
 * again. Every acknowledged entry must be there, once.
 */
export const tmpfsFull: FaultCase = {
  name: 'ENOSPC on a real 8 MiB tmpfs, recovery, SIGKILL and restart',
  skipReason: tmpfsUnavailable,
  timeoutMs: 90_000,
  async run(report) {
    const mount = mkdtempSync(join(tmpdir(), 'faults-tmpfs-'));
    sh('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mount]);
    let server: Awaited<ReturnType<typeof spawnServer>> | undefined;
    try {
      const data = join(mount, 'data');
      mkdirSync(data);
      server = await spawnServer(data, PUBLIC_KEY);
      const { apiKey, readToken } = server as { apiKey: string; readToken: string };
      const client = new WireClient(server.url, apiKey);
      await client.handshake();
      // Leave about 600 KiB free.
      const { bavail, bsize } = statfsSync(mount);
      const filler = join(mount, 'filler');
      writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - 600 * 1024)));

      let full = true;
      let freedAt = 0;
      // Retries go on while the disk is full and for 10 s after space returns (they need far less).
      const keepTrying = () => full || Date.now() < freedAt + 10_000;
      const clients = [0, 1].map(() => new SteadyClient(client, { retryDelayMs: 50, keepTrying }));
      const refusals = (c: SteadyClient) => [...c.answers].reduce((n, [answer, count]) => n + (answer === '200' ? 0 : count), 0);
      const health: number[] = [];
      const runs = clients.map(async (c, n) => {
        for (let b = 0; b < 40; b++) await c.sendBatch(50, `tmpfs-${n}-${b}`);
      });
      // Wait until the disk refuses writes, look at /health, then give the space back.
      for (let i = 0; i < 600 && full; i++) {
        await new Promise((r) => setTimeout(r, 50));
        if (clients.some((c) => refusals(c) >= 3)) {
          const h = await fetch(`${server.url}/health`);
          health.push(h.status);
          await h.arrayBuffer();
          rmSync(filler);
          freedAt = Date.now();
          full = false;
        }
      }
      expect(full, 'the disk never filled up').toBe(false);
      await Promise.all(runs);
      const after = await fetch(`${server.url}/health`);
      health.push(after.status);
      await kill(server.child);
      server = await spawnServer(data);
      const stored = await readAll(server.url, readToken);
      const sent = clients.flatMap((c) => c.sent);
      const acked = clients.flatMap((c) => c.acknowledged);
      const answers = clients.map((c) => c.describeAnswers()).join(' | ');
      const row = tally(this.name, sent, acked, stored, `/health ${health.join(' → ')}; answers ${answers}`);
      report(row);
      expect(health).toEqual([503, 200]);
      expect(clients.every((c) => [...c.answers.keys()].every((a) => a === '200' || a === '507'))).toBe(true);
      expect(row.acknowledged).toBe(row.sent);
      expect(row.stored).toBe(row.acknowledged);
    } finally {
      if (server) await kill(server.child);
      sh('umount', [mount]);
      rmSync(mount, { recursive: true, force: true });
    }
  },
};
