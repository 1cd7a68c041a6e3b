/**
 * Logger integrations: main-thread cost per log call for 100,000 calls, pino with the LogFlux
 * transport (pino's worker thread) against pino writing to a file with pino.destination, and
 * winston with the LogFlux transport against winston's File transport; plus entries/s delivered
 * end to end to the reference ingestor (its own process, fsync per commit).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import winston from 'winston';
import { kill, spawnServer } from '../packages/ingestor/test/helpers/serverProcess.js';
import { buildTarget } from '../packages/pino-transport/test/helpers/pinoFixture.js';
import { LogFluxTransport, LogFluxWorkerTransport } from '../packages/winston-transport/src/index.js';
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

/** Process CPU time (user + system, all threads) in ms since `start`. */
function cpuMs(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

function loop(log: (i: number) => void): number {
  const t = performance.now();
  for (let i = 0; i < CALLS; i++) log(i);
  return performance.now() - t;
}

async function pinoFile(dir: string): Promise<{ ms: number; cpu: number }> {
  const dest = pino.destination({ dest: join(dir, `pino-${Math.random()}.log`), sync: false, minLength: 4096 });
  await new Promise((resolve) => dest.once('ready', resolve));
  const logger = pino(dest);
  const cpu0 = process.cpuUsage();
  const ms = loop((i) => logger.info({ order: i, user: 'u42', route: '/api/orders/:id' }, 'GET /api/orders 200'));
  await new Promise<void>((resolve) => dest.flush(() => resolve()));
  const cpu = cpuMs(cpu0);
  dest.end();
  return { ms, cpu };
}

async function pinoLogflux(
  server: { url: string; apiKey?: string; readToken?: string },
  target: string,
  offset: number,
): Promise<{ ms: number; deliveredMs: number; cpu: number }> {
  const transport = pino.transport({
    target,
    options: { apiKey: server.apiKey, endpoint: server.url, publicKeyFile: PUBLIC_KEY, spool: false, ...BURST },
  });
  const logger = pino(transport);
  await sleep(800); // the worker starts and completes its handshake
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const ms = loop((i) => logger.info({ order: i, user: 'u42', route: '/api/orders/:id' }, 'GET /api/orders 200'));
  while (!(await storedAtLeast(server.url, server.readToken as string, offset + CALLS))) await sleep(20);
  const deliveredMs = performance.now() - started;
  const cpu = cpuMs(cpu0);
  transport.end();
  return { ms, deliveredMs, cpu };
}

async function winstonFile(dir: string): Promise<{ ms: number; cpu: number }> {
  const file = new winston.transports.File({ filename: join(dir, `winston-${Math.random()}.log`) });
  const logger = winston.createLogger({ transports: [file] });
  const cpu0 = process.cpuUsage();
  const ms = loop((i) => logger.info('GET /api/orders 200', { order: i, user: 'u42', route: '/api/orders/:id' }));
  await new Promise<void>((resolve) => {
    file.on('finish', () => resolve());
    logger.end();
  });
  return { ms, cpu: cpuMs(cpu0) };
}

async function winstonLogflux(server: { url: string; apiKey?: string }): Promise<{ ms: number; deliveredMs: number; cpu: number }> {
  const transport = new LogFluxTransport({
    logflux: { apiKey: server.apiKey as string, endpoint: server.url, publicKey: readFileSync(PUBLIC_KEY, 'utf8'), spool: false, ...BURST },
  });
  const logger = winston.createLogger({ transports: [transport] });
  await transport.client.ready();
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const ms = loop((i) => logger.info('GET /api/orders 200', { order: i, user: 'u42', route: '/api/orders/:id' }));
  await transport.flush();
  const deliveredMs = performance.now() - started;
  const cpu = cpuMs(cpu0);
  if (transport.client.stats().acknowledged !== CALLS) throw new Error(`winston: ${transport.client.stats().acknowledged} acknowledged`);
  await transport.client.close();
  return { ms, deliveredMs, cpu };
}

async function winstonWorker(
  server: { url: string; apiKey?: string; readToken?: string },
  target: string,
  offset: number,
): Promise<{ ms: number; deliveredMs: number; cpu: number }> {
  const transport = new LogFluxWorkerTransport({
    target,
    logflux: { apiKey: server.apiKey as string, endpoint: server.url, publicKeyFile: PUBLIC_KEY, spool: false, ...BURST },
  });
  const logger = winston.createLogger({ transports: [transport] });
  await sleep(800); // the worker starts and completes its handshake
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const ms = loop((i) => logger.info('GET /api/orders 200', { order: i, user: 'u42', route: '/api/orders/:id' }));
  while (!(await storedAtLeast(server.url, server.readToken as string, offset + CALLS))) await sleep(20);
  const deliveredMs = performance.now() - started;
  const cpu = cpuMs(cpu0);
  logger.end();
  return { ms, deliveredMs, cpu };
}

export async function benchLoggers(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-loggers-'));
  const target = buildTarget();
  const results: Record<string, number[]> = {
    pinoFile: [],
    pinoLogflux: [],
    pinoDelivered: [],
    winstonFile: [],
    winstonLogflux: [],
    winstonDelivered: [],
    pinoFileCpu: [],
    pinoLogfluxCpu: [],
    winstonFileCpu: [],
    winstonLogfluxCpu: [],
    winstonWorker: [],
    winstonWorkerDelivered: [],
    winstonWorkerCpu: [],
  };
  for (let run = 0; run < RUNS; run++) {
    const server = await spawnServer(join(dir, `data-${run}`), PUBLIC_KEY);
    const pf = await pinoFile(dir);
    results.pinoFile?.push(pf.ms);
    results.pinoFileCpu?.push(pf.cpu);
    const p = await pinoLogflux(server, target, 0);
    results.pinoLogflux?.push(p.ms);
    results.pinoDelivered?.push(p.deliveredMs);
    results.pinoLogfluxCpu?.push(p.cpu);
    const wf = await winstonFile(dir);
    results.winstonFile?.push(wf.ms);
    results.winstonFileCpu?.push(wf.cpu);
    const w = await winstonLogflux(server);
    results.winstonLogflux?.push(w.ms);
    results.winstonDelivered?.push(w.deliveredMs);
    results.winstonLogfluxCpu?.push(w.cpu);
    const ww = await winstonWorker(server, target, 2 * CALLS);
    results.winstonWorker?.push(ww.ms);
    results.winstonWorkerDelivered?.push(ww.deliveredMs);
    results.winstonWorkerCpu?.push(ww.cpu);
    await kill(server.child, 'SIGTERM');
  }
  rmSync(dir, { recursive: true, force: true });
  const us = (key: string) => (median(results[key] as number[]) * 1000) / CALLS;
  const rate = (key: string) => CALLS / (median(results[key] as number[]) / 1000);
  return table(
    `Logger integrations, ${fmt(CALLS)} calls, median of ${RUNS} runs. Loop = time of the synchronous logging loop on the application thread; CPU = process CPU (all threads) from the first call until everything is written or delivered`,
    ['logger', 'destination', 'loop µs/call', 'loop × file', 'CPU µs/call incl. drain', 'CPU × file', 'delivered end to end'],
    [
      ['pino', 'pino.destination (file)', fmt(us('pinoFile'), 2), '1.00', fmt(us('pinoFileCpu'), 2), '1.00', '—'],
      [
        'pino',
        'LogFlux transport (worker thread)',
        fmt(us('pinoLogflux'), 2),
        fmt(us('pinoLogflux') / us('pinoFile'), 2),
        fmt(us('pinoLogfluxCpu'), 2),
        fmt(us('pinoLogfluxCpu') / us('pinoFileCpu'), 2),
        `${fmt(rate('pinoDelivered'))} entries/s`,
      ],
      ['winston', 'File transport', fmt(us('winstonFile'), 2), '1.00', fmt(us('winstonFileCpu'), 2), '1.00', '—'],
      [
        'winston',
        'LogFlux transport',
        fmt(us('winstonLogflux'), 2),
        fmt(us('winstonLogflux') / us('winstonFile'), 2),
        fmt(us('winstonLogfluxCpu'), 2),
        fmt(us('winstonLogfluxCpu') / us('winstonFileCpu'), 2),
        `${fmt(rate('winstonDelivered'))} entries/s`,
      ],
    ],
  );
}
