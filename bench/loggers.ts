/**
 * Logger integrations: main-thread cost per log call for 100,000 calls, pino with the LogFlux
 * transport (pino's worker thread) against pino writing to a file with pino.destination, and
 * winston with the LogFlux transport against winston's File transport; plus entries/s delivered
 * end to end to the reference ingestor (its own process, fsync per commit).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import winston from 'winston';
import { kill, spawnServer } from '../packages/ingestor/test/helpers/serverProcess.js';
import { bundleRecordWorker } from '../packages/node/test/helpers/recordWorkerBundle.js';
import { buildTarget } from '../packages/pino-transport/test/helpers/pinoFixture.js';
import { LogFluxTransport, LogFluxWorkerTransport } from '../packages/winston-transport/src/index.js';
import { mainThreadCpuMs } from './procStats.js';
import { fmt, median, table } from './stats.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 100_000);
const RUNS = 3;
const PUBLIC_KEY = fileURLToPath(new URL('../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url));
// A burst of 100,000 calls in one synchronous loop: give the client room to hold it.
const BURST = {
  maxQueueEntries: 200_000,
  maxQueueBytes: 128 * 1024 * 1024,
  maxBatchEntries: 1000,
  maxConcurrentRequests: 4,
  flushIntervalMs: 50,
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Ids are assigned in arrival order per server, so entry id N exists once N entries are stored. */
async function storedAtLeast(url: string, token: string, n: number): Promise<boolean> {
  const res = await fetch(`${url}/v1/entries?after=${n - 1}&limit=1`, { headers: { Authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { data: { entries: unknown[] } };
  return body.data.entries.length > 0;
}

/** Main-thread active time (event-loop utilisation) in ms since `start`: work on this thread only. */
function mainMs(start: ReturnType<typeof performance.eventLoopUtilization>): number {
  return performance.eventLoopUtilization(start).active;
}

/** Process CPU time (user + system, all threads) in ms since `start`. */
function cpuMs(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

/** One run: loop ms, process CPU ms, main-thread active ms, main-thread CPU ms (and delivery ms). */
interface Measured {
  ms: number;
  cpu: number;
  main: number;
  thread: number;
}

function loop(log: (i: number) => void): number {
  const t = performance.now();
  for (let i = 0; i < CALLS; i++) log(i);
  return performance.now() - t;
}

async function pinoFile(dir: string): Promise<Measured> {
  const dest = pino.destination({ dest: join(dir, `pino-${Math.random()}.log`), sync: false, minLength: 4096 });
  await new Promise((resolve) => dest.once('ready', resolve));
  const logger = pino(dest);
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const thread0 = mainThreadCpuMs();
  const ms = loop((i) => logger.info({ order: i, user: 'u42', route: '/api/orders/:id' }, 'GET /api/orders 200'));
  await new Promise<void>((resolve) => dest.flush(() => resolve()));
  const cpu = cpuMs(cpu0);
  const main = mainMs(elu0);
  const thread = mainThreadCpuMs() - thread0;
  dest.end();
  return { ms, cpu, main, thread };
}

async function pinoLogflux(
  server: { url: string; apiKey?: string; readToken?: string },
  target: string,
  offset: number,
): Promise<Measured & { deliveredMs: number }> {
  const transport = pino.transport({
    target,
    options: { apiKey: server.apiKey, endpoint: server.url, publicKeyFile: PUBLIC_KEY, spool: false, ...BURST },
  });
  const logger = pino(transport);
  await sleep(800); // the worker starts and completes its handshake
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const thread0 = mainThreadCpuMs();
  const ms = loop((i) => logger.info({ order: i, user: 'u42', route: '/api/orders/:id' }, 'GET /api/orders 200'));
  while (!(await storedAtLeast(server.url, server.readToken as string, offset + CALLS))) await sleep(20);
  const deliveredMs = performance.now() - started;
  const cpu = cpuMs(cpu0);
  const main = mainMs(elu0);
  const thread = mainThreadCpuMs() - thread0;
  transport.end();
  return { ms, deliveredMs, cpu, main, thread };
}

async function winstonFile(dir: string): Promise<Measured> {
  const file = new winston.transports.File({ filename: join(dir, `winston-${Math.random()}.log`) });
  const logger = winston.createLogger({ transports: [file] });
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const thread0 = mainThreadCpuMs();
  const ms = loop((i) => logger.info('GET /api/orders 200', { order: i, user: 'u42', route: '/api/orders/:id' }));
  await new Promise<void>((resolve) => {
    file.on('finish', () => resolve());
    logger.end();
  });
  return { ms, cpu: cpuMs(cpu0), main: mainMs(elu0), thread: mainThreadCpuMs() - thread0 };
}

async function winstonLogflux(server: { url: string; apiKey?: string }): Promise<Measured & { deliveredMs: number }> {
  const transport = new LogFluxTransport({
    logflux: { apiKey: server.apiKey as string, endpoint: server.url, publicKey: readFileSync(PUBLIC_KEY, 'utf8'), spool: false, ...BURST },
  });
  const logger = winston.createLogger({ transports: [transport] });
  await transport.client.ready();
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const thread0 = mainThreadCpuMs();
  const ms = loop((i) => logger.info('GET /api/orders 200', { order: i, user: 'u42', route: '/api/orders/:id' }));
  await transport.flush();
  const deliveredMs = performance.now() - started;
  const cpu = cpuMs(cpu0);
  const main = mainMs(elu0);
  const thread = mainThreadCpuMs() - thread0;
  if (transport.client.stats().acknowledged !== CALLS) throw new Error(`winston: ${transport.client.stats().acknowledged} acknowledged`);
  await transport.client.close();
  return { ms, deliveredMs, cpu, main, thread };
}

async function winstonWorker(
  server: { url: string; apiKey?: string; readToken?: string },
  workerScript: string,
  offset: number,
): Promise<Measured & { deliveredMs: number }> {
  const transport = new LogFluxWorkerTransport({
    workerScript,
    logflux: { apiKey: server.apiKey as string, endpoint: server.url, publicKeyFile: PUBLIC_KEY, spool: false, ...BURST },
  });
  const logger = winston.createLogger({ transports: [transport] });
  await transport.ready(); // the worker has started and completed its handshake
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const thread0 = mainThreadCpuMs();
  const ms = loop((i) => logger.info('GET /api/orders 200', { order: i, user: 'u42', route: '/api/orders/:id' }));
  while (!(await storedAtLeast(server.url, server.readToken as string, offset + CALLS))) await sleep(20);
  const deliveredMs = performance.now() - started;
  const cpu = cpuMs(cpu0);
  const main = mainMs(elu0);
  const thread = mainThreadCpuMs() - thread0;
  logger.end();
  return { ms, deliveredMs, cpu, main, thread };
}

export async function benchLoggers(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-loggers-'));
  // Both worker threads run bundled scripts, as a bundled application's would.
  const target = buildTarget();
  const workerScript = bundleRecordWorker();
  const results: Record<string, number[]> = {};
  /** Keeps one run's measurements under `key` (loop ms), `key`Cpu, `key`Main and `key`Delivered. */
  const record = (key: string, m: Measured & { deliveredMs?: number }) => {
    const keep = (k: string, v: number) => {
      results[k] ??= [];
      results[k].push(v);
    };
    keep(key, m.ms);
    keep(`${key}Cpu`, m.cpu);
    keep(`${key}Main`, m.main);
    keep(`${key}Thread`, m.thread);
    if (m.deliveredMs !== undefined) keep(`${key}Delivered`, m.deliveredMs);
  };
  for (let run = 0; run < RUNS; run++) {
    const server = await spawnServer(join(dir, `data-${run}`), PUBLIC_KEY);
    record('pinoFile', await pinoFile(dir));
    record('pinoLogflux', await pinoLogflux(server, target, 0));
    record('winstonFile', await winstonFile(dir));
    record('winstonLogflux', await winstonLogflux(server));
    record('winstonWorker', await winstonWorker(server, workerScript, 2 * CALLS));
    await kill(server.child, 'SIGTERM');
  }
  rmSync(dir, { recursive: true, force: true });
  const us = (key: string) => (median(results[key] as number[]) * 1000) / CALLS;
  const rate = (key: string) => CALLS / (median(results[key] as number[]) / 1000);
  /** One table row from the measurements stored under `key` + Main / (loop) / Cpu / Delivered. */
  const row = (logger: string, destination: string, key: string, fileKey: string, delivered: boolean) => [
    logger,
    destination,
    fmt(us(`${key}Main`), 2),
    fmt(us(`${key}Main`) / us(`${fileKey}Main`), 2),
    fmt(us(`${key}Thread`), 1),
    fmt(us(`${key}Thread`) / us(`${fileKey}Thread`), 2),
    fmt(us(key), 2),
    fmt(us(`${key}Cpu`), 2),
    delivered ? `${fmt(rate(`${key}Delivered`))} entries/s` : '—',
  ];
  return table(
    `Logger integrations, ${fmt(CALLS)} calls, median of ${RUNS} runs. Main thread = the application thread's active time (event-loop utilisation) from the first call until everything is written (file) or delivered (LogFlux); main-thread CPU = that thread's own CPU time over the same span (Linux /proc, 10 ms ticks: unaffected by waiting for a core on a busy machine); loop = the synchronous logging loop alone; process CPU counts all threads (workers, libuv)`,
    [
      'logger',
      'destination',
      'main-thread µs/call',
      '× file baseline',
      'main-thread CPU µs/call',
      '× file baseline',
      'loop µs/call',
      'process CPU µs/call',
      'delivered end to end',
    ],
    [
      row('pino', 'pino.destination (file)', 'pinoFile', 'pinoFile', false),
      row('pino', 'LogFlux transport (worker thread)', 'pinoLogflux', 'pinoFile', true),
      row('winston', 'File transport', 'winstonFile', 'winstonFile', false),
      row('winston', 'LogFlux transport (in process)', 'winstonLogflux', 'winstonFile', true),
      row('winston', 'LogFlux worker transport', 'winstonWorker', 'winstonFile', true),
    ],
  );
}
