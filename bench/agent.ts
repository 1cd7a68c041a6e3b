/**
 * The agent end to end: 1,000,000 lines from a file it tails, and 1,000,000 syslog messages over
 * TCP, each until every line is acknowledged by the reference ingestor (fsync per commit), which
 * runs in its own process. The agent runs as `logflux agent` in its own process too, so that its
 * CPU time and peak RSS can be read from /proc. On these 2-core machines the agent (main thread
 * plus its sealing threads), the ingestor and the sender compete for the same two cores.
 *
 * Every variant runs LOGFLUX_BENCH_AGENT_RUNS times (default 3), the variants taking turns so
 * that a change in the machine's load touches them alike; the table gives medians. Variants:
 * the agent with its default options; with LOGFLUX_BENCH_AGENT_NODE_OPTIONS and/or
 * LOGFLUX_BENCH_AGENT_DESTINATION, the same build tuned; with LOGFLUX_BENCH_AGENT_BEFORE (the
 * index.js of another build of @logflux/agent, e.g. a copy of the previous commit's dist inside
 * packages/agent so that it resolves @logflux/node), that build with its defaults.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requestStatus } from '../packages/agent/src/index.js';
import { startServe, stop } from '../packages/cli/test/helpers/cliProcess.js';
import { processStats } from './procStats.js';
import { fmt, median, table } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LINES = Number(process.env.LOGFLUX_BENCH_AGENT_LINES ?? 1_000_000);
const BUILT_CLI = join(ROOT, 'packages/cli/dist/bin.js');
const RUNS = Number(process.env.LOGFLUX_BENCH_AGENT_RUNS ?? 3);

/** One way of running the agent: which build, V8 flags, options merged into the destination. */
interface Variant {
  label: string;
  /** The index.js of another build of @logflux/agent (run through bench/agentRunner.mjs). */
  module?: string;
  flags: string[];
  destination: Record<string, unknown>;
}

function variants(): Variant[] {
  const out: Variant[] = [];
  const before = process.env.LOGFLUX_BENCH_AGENT_BEFORE;
  if (before) out.push({ label: 'before (previous build, its defaults)', module: before, flags: [], destination: {} });
  out.push({ label: 'default options', flags: [], destination: {} });
  const flags = process.env.LOGFLUX_BENCH_AGENT_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [];
  // LOGFLUX_BENCH_AGENT_DESTINATION: JSON merged into the destination, e.g. {"maxConcurrentRequests":8}
  const destination = JSON.parse(process.env.LOGFLUX_BENCH_AGENT_DESTINATION ?? '{}') as Record<string, unknown>;
  if (flags.length > 0 || Object.keys(destination).length > 0)
    out.push({
      label: `tuned: ${[...flags, ...(Object.keys(destination).length ? [JSON.stringify(destination)] : [])].join(' ')}`,
      flags,
      destination,
    });
  return out;
}

/** Newest modification time under `dir` (source files of the packages the agent runs). */
function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir, { recursive: true }) as string[]) t = Math.max(t, statSync(join(dir, name)).mtimeMs);
  return t;
}

/**
 * The agent runs as installed — the built `logflux` bin — when the build is newer than the
 * sources (`pnpm build`); otherwise from the sources through tsx, whose loader adds memory to
 * the main thread and to each sealing thread.
 */
function agentCommand(): { args: string[]; built: boolean } {
  const sources = ['agent', 'node', 'core', 'cli'].map((p) => newest(join(ROOT, 'packages', p, 'src')));
  const built = existsSync(BUILT_CLI) && statSync(BUILT_CLI).mtimeMs > Math.max(...sources);
  return built
    ? { args: [BUILT_CLI], built }
    : { args: ['--conditions=logflux-src', '--import', 'tsx', join(ROOT, 'packages/cli/src/bin.ts')], built };
}

function accessLine(i: number): string {
  return `10.0.${(i >> 8) & 255}.${i & 255} - - [01/Dec/2026:10:00:00 +0000] "GET /api/orders/${i} HTTP/1.1" 200 ${512 + (i % 97)} "-" "bench/1.0"\n`;
}

function syslogLine(i: number): string {
  return `<134>1 2026-12-01T10:00:00.000Z web-1 api ${1000 + (i % 50)} - - GET /api/orders/${i} 200\n`;
}

interface Run {
  seconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
  ingestorCpuSeconds: number;
}

async function startAgent(config: string, variant: Variant): Promise<ChildProcess> {
  // LOGFLUX_BENCH_AGENT_NODE_OPTIONS: V8 flags for the agent, e.g. "--max-semi-space-size=4 --max-old-space-size=128".
  const args = variant.module
    ? [join(ROOT, 'bench/agentRunner.mjs'), variant.module, config, 'warn']
    : [...agentCommand().args, 'agent', '--config', config, '--log-level', 'warn'];
  return spawn(process.execPath, [...variant.flags, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Polls the agent's status until `input` has forwarded `lines`; returns when that happened. */
async function forwarded(statusPath: string, input: string, lines: number): Promise<number> {
  for (;;) {
    try {
      const s = await requestStatus(statusPath);
      const c = s.inputs.find((i) => i.name === input)?.counters;
      const dropped = Object.values(c?.dropped ?? {}).reduce((a, b) => a + b, 0);
      if (dropped > 0) throw new Error(`${input} dropped ${dropped} lines: ${JSON.stringify(c?.dropped)}`);
      if ((c?.forwarded ?? 0) >= lines) return performance.now();
    } catch (error) {
      if (!/no agent is running/.test((error as Error).message)) throw error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function send(port: number, lines: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let i = 0;
    const pump = () => {
      while (i < lines) {
        let chunk = '';
        for (let n = 0; n < 200 && i < lines; n++) chunk += syslogLine(i++);
        if (!s.write(chunk)) return s.once('drain', pump);
      }
      s.end(resolve);
    };
    s.once('connect', pump);
    s.once('error', reject);
  });
}

async function measure(
  dir: string,
  server: { url: string; pid: number },
  creds: { api_key: string; fingerprint: string },
  kind: 'file' | 'syslog',
  variant: Variant,
): Promise<Run> {
  const url = server.url;
  const work = join(dir, kind);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const logFile = join(dir, 'access.log');
  rmSync(work, { recursive: true, force: true });
  writeFileSync(join(dir, 'api.key'), `${creds.api_key}\n`, { mode: 0o600 });
  const input =
    kind === 'file'
      ? { type: 'file', name: 'bench', paths: [logFile], parser: 'nginx_combined', startAt: 'beginning' }
      : { type: 'syslog_tcp', name: 'bench', port };
  const config = join(dir, `${kind}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      stateDir: join(work, 'state'),
      runtimeDir: join(work, 'run'),
      destinations: {
        default: {
          endpoint: url,
          apiKeyFile: join(dir, 'api.key'),
          publicKey: creds.fingerprint,
          spool: false,
          ...variant.destination,
        },
      },
      inputs: [input],
    }),
  );
  if (kind === 'file' && !existsSync(logFile)) {
    // Written once, read by every run from the beginning (each run has a fresh state directory).
    const { appendFileSync } = await import('node:fs');
    for (let i = 0; i < LINES; i += 10_000) {
      let block = '';
      for (let j = i; j < i + 10_000; j++) block += accessLine(j);
      appendFileSync(logFile, block);
    }
  }
  const agent = await startAgent(config, variant);
  const statusPath = join(work, 'run', 'agent.status.sock');
  // Wait until it listens (syslog) or runs (file): the clock starts when the lines become available.
  for (;;) {
    try {
      await requestStatus(statusPath);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const before = processStats(agent.pid as number);
  const ingestorBefore = processStats(server.pid).cpuSeconds;
  const started = performance.now();
  if (kind === 'syslog') await send(port, LINES);
  const done = await forwarded(statusPath, 'bench', LINES);
  const after = processStats(agent.pid as number);
  const ingestorCpuSeconds = processStats(server.pid).cpuSeconds - ingestorBefore;
  agent.kill('SIGTERM');
  await new Promise((r) => agent.once('exit', r));
  return {
    seconds: (done - started) / 1000,
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
    peakRssMiB: after.peakRssMiB,
    ingestorCpuSeconds,
  };
}

export async function benchAgent(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'logflux-bench-agent-'));
  const home = join(dir, 'ingestor');
  const server = await startServe([
    '--home',
    home,
    '--public-key',
    join(ROOT, 'test-vectors/keys/test-rsa-4096-public.pem'),
    '--no-rate-limit',
  ]);
  const { readFileSync } = await import('node:fs');
  const creds = JSON.parse(readFileSync(join(home, 'credentials.json'), 'utf8'));
  try {
    // LOGFLUX_BENCH_AGENT_KINDS: "file" or "syslog" to run one input only.
    const only = process.env.LOGFLUX_BENCH_AGENT_KINDS;
    const kinds = (['file', 'syslog'] as const).filter((k) => !only || only.split(',').includes(k));
    const list = variants();
    const runs = new Map<string, (Run & { load: number })[]>();
    for (let round = 0; round < RUNS; round++)
      for (const kind of kinds)
        for (const variant of list) {
          const r = await measure(dir, { url: server.url, pid: server.child.pid as number }, creds, kind, variant);
          const key = `${kind}\u0000${variant.label}`;
          runs.set(key, [...(runs.get(key) ?? []), { ...r, load: loadavg()[0] ?? 0 }]);
          // Progress on stderr: each run as it ends (the table, on stdout, gives the medians).
          console.error(
            `agent bench: ${kind}, ${variant.label}, run ${round + 1}: ${fmt(LINES / r.seconds)} lines/s, ${fmt(r.peakRssMiB)} MiB, load ${(loadavg()[0] ?? 0).toFixed(1)}`,
          );
        }
    const rows: (string | number)[][] = [];
    for (const kind of kinds)
      for (const variant of list) {
        const rs = runs.get(`${kind}\u0000${variant.label}`) ?? [];
        const rates = rs.map((r) => LINES / r.seconds);
        const loads = rs.map((r) => r.load);
        rows.push([
          kind === 'file' ? 'file tail, nginx access log (nginx_combined parser)' : 'syslog over TCP, RFC 5424, newline framing',
          variant.label,
          fmt(LINES),
          fmt(median(rates)),
          `${fmt(Math.min(...rates))}-${fmt(Math.max(...rates))}`,
          fmt(median(rs.map((r) => (r.cpuSeconds * 1e6) / LINES)), 1),
          fmt(median(rs.map((r) => r.cpuSeconds / r.seconds)), 2),
          fmt(median(rs.map((r) => r.peakRssMiB))),
          fmt(Math.max(...rs.map((r) => r.peakRssMiB))),
          fmt(median(rs.map((r) => r.ingestorCpuSeconds / r.seconds)), 2),
          `${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}`,
        ]);
      }
    const how = agentCommand().built ? 'the built logflux bin' : 'sources through tsx (run pnpm build to measure the built bin)';
    return `${table(
      `Agent: lines to acknowledged at the ingestor, medians of ${RUNS} runs (agent run from ${how}; ingestor in its own process, fsync per commit; target ≥ 100,000 lines/s, peak RSS ≤ 200 MiB)`,
      [
        'input',
        'variant',
        'lines',
        'lines/s',
        'lines/s range',
        'agent CPU µs/line',
        'agent cores busy',
        'agent peak RSS MiB',
        'max',
        'ingestor cores busy',
        'load average (1 min)',
      ],
      rows,
    )}\n`;
  } finally {
    await stop(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}
