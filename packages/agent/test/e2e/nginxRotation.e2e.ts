/**
 * nginx from Debian writes real access and error logs; the agent tails both while they are
 * rotated by rename (mv + USR1) and by copytruncate, and is SIGKILLed and restarted on the way.
 * Every request must come back from the ingestor, decrypted, exactly once in each log.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { Agent as HttpAgent, request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentProcess,
  agentConfig,
  ensureDebianPackages,
  freePort,
  type Ingestor,
  kill,
  mkdirs,
  readBack,
  scratch,
  settled,
  startAgent,
  startIngestor,
  status,
  waitFor,
} from './harness.js';

const skip = ensureDebianPackages({ nginx: 'nginx' });
const { dir, cleanup } = scratch('nginx');
const logs = join(dir, 'logs');
const html = join(dir, 'html');
let ingestor: Ingestor;
let nginx: ChildProcess;
let port: number;
let configPath: string;
const keepAlive = new HttpAgent({ keepAlive: true, maxSockets: 8 });

function get(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: keepAlive }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Requests /r/<from>…/r/<to - 1>, 8 at a time: one access line and one error line (404) each. */
async function requests(from: number, to: number): Promise<void> {
  let next = from;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < to) await get(`/r/${next++}`);
    }),
  );
}

function nginxSignal(signal: string): void {
  const pid = readFileSync(join(dir, 'nginx.pid'), 'utf8').trim();
  spawnSync('kill', [`-${signal}`, pid]);
}

/**
 * nginx writes a request's access line after the response has left, so the last lines of a
 * burst may come a moment after the client has its answers: wait until both logs stop growing.
 * (A copytruncate while the writer is still writing loses lines, as logrotate documents.)
 */
async function quiet(): Promise<void> {
  const sizes = () => ['access.log', 'error.log'].map((n) => statSync(join(logs, n)).size).join();
  let last = sizes();
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    const now = sizes();
    if (now === last) return;
    last = now;
  }
}

/** Waits until nginx has reopened its logs after USR1 (its workers write to the new files). */
async function reopened(): Promise<void> {
  nginxSignal('USR1');
  await new Promise((r) => setTimeout(r, 300));
}

describe.skipIf(skip !== undefined)(`nginx logs tailed across rotation and SIGKILL ${skip ? `(skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    mkdirs(logs, html, join(dir, 'tmp'));
    port = await freePort();
    const root = process.getuid?.() === 0;
    writeFileSync(
      join(dir, 'nginx.conf'),
      `${root ? 'user root;\n' : ''}daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${logs}/error.log error;
events { worker_connections 64; }
http {
  access_log ${logs}/access.log combined;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${html};
    location / { }
  }
}
`,
    );
    nginx = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', `${logs}/error.log`], { stdio: 'inherit' });
    await waitFor('nginx to listen', () =>
      get('/r/warmup').then(
        () => true,
        () => false,
      ),
    );
    ingestor = await startIngestor(dir);
    const file = { pollIntervalMs: 100, rotateWaitMs: 1000, chunkBytes: 16384 };
    configPath = agentConfig(dir, ingestor, [
      { type: 'file', name: 'nginx-access', paths: [`${logs}/access.log`], parser: 'nginx_combined', source: 'nginx', ...file },
      { type: 'file', name: 'nginx-error', paths: [`${logs}/error.log`], parser: 'nginx_error', source: 'nginx', ...file },
    ]);
  });

  afterAll(async () => {
    nginx?.kill('SIGQUIT');
    await ingestor?.stop();
    keepAlive.destroy();
    cleanup();
  });

  it('delivers every line exactly once', async () => {
    let agent: AgentProcess = await startAgent(configPath);
    // 1. Traffic, and SIGKILL while chunks are in flight.
    await requests(0, 1500);
    await waitFor('some lines forwarded', async () => ((await status(dir)).inputs[0]?.counters.forwarded ?? 0) > 0);
    await kill(agent);
    // 2. Rotation by rename while the agent is down, then more traffic into the new files.
    await quiet();
    renameSync(join(logs, 'access.log'), join(logs, 'access.log.1'));
    renameSync(join(logs, 'error.log'), join(logs, 'error.log.1'));
    await reopened();
    await requests(1500, 2500);
    agent = await startAgent(configPath);
    // 3. Traffic and another SIGKILL mid-way.
    const during = requests(2500, 4000);
    await waitFor('lines of the third phase forwarded', async () => ((await status(dir)).inputs[0]?.counters.forwarded ?? 0) > 200);
    await kill(agent);
    await during;
    // 4. copytruncate while the agent is down, then traffic into the truncated files.
    await quiet();
    for (const name of ['access.log', 'error.log']) {
      copyFileSync(join(logs, name), join(logs, `${name}.2`));
      truncateSync(join(logs, name), 0);
    }
    await requests(4000, 4500);
    agent = await startAgent(configPath);
    await requests(4500, 5500);
    // 5. copytruncate and rename while it runs.
    await quiet();
    for (const name of ['access.log', 'error.log']) {
      copyFileSync(join(logs, name), join(logs, `${name}.3`));
      truncateSync(join(logs, name), 0);
    }
    await requests(5500, 6000);
    await quiet();
    renameSync(join(logs, 'access.log'), join(logs, 'access.log.4'));
    renameSync(join(logs, 'error.log'), join(logs, 'error.log.4'));
    await reopened();
    await requests(6000, 6500);
    await settled(dir, 60_000);
    const s = await status(dir);
    expect(await kill(agent, 'SIGTERM')).toBe(0);

    const entries = await readBack(ingestor);
    const seen = { access: new Map<number, number>(), error: new Map<number, number>() };
    for (const e of entries) {
      const access = /^\/r\/(\d+)$/.exec(e.attributes?.['http.path'] ?? '');
      const error = /\/r\/(\d+)" failed/.exec(e.message ?? '');
      const map = access ? seen.access : error ? seen.error : undefined;
      const n = Number((access ?? error)?.[1]);
      if (map) map.set(n, (map.get(n) ?? 0) + 1);
    }
    // Lines missing or stored more than once, as ranges of request numbers, per log.
    const ranges = (xs: number[]) =>
      xs
        .reduce<[number, number][]>((out, x) => {
          const last = out.at(-1);
          if (last && x === last[1] + 1) last[1] = x;
          else out.push([x, x]);
          return out;
        }, [])
        .map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`))
        .join(' ');
    const report = Object.entries(seen).map(([log, map]) => ({
      log,
      missing: ranges(Array.from({ length: 6500 }, (_, i) => i).filter((i) => !map.has(i))),
      repeated: ranges(
        [...map]
          .filter(([, count]) => count > 1)
          .map(([n]) => n)
          .sort((a, b) => a - b),
      ),
    }));
    expect(report).toEqual([
      { log: 'access', missing: '', repeated: '' },
      { log: 'error', missing: '', repeated: '' },
    ]);
    const access = entries.find((e) => e.attributes?.['http.path'] === '/r/42');
    expect(access).toMatchObject({ source: 'nginx', level: 5, attributes: { 'http.status': '404', 'http.method': 'GET' } });
    expect(s.inputs.map((i) => i.counters.dropped)).toEqual([{}, {}]);
  });
});
