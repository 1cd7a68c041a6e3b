/**
 * `pnpm demo`: the whole zero-knowledge system on one machine.
 *   1. `logflux keygen` makes the customer's RSA-4096 key pair.
 *   2. `logflux serve` starts the reference ingestor (ephemeral port, temporary data directory).
 *   3. The Node SDK sends a few hundred entries of every type, pinned to the public key.
 *   4. `logflux query` fetches the ciphertext and decrypts it locally with the private key.
 *   5. Every sent entry must come back intact, and no plaintext may appear in the stored data.
 * Exits 0 only if all of that holds.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogFlux } from '@logflux/node';
import { LogFluxTransport } from '@logflux/winston-transport';
import pino from 'pino';
import winston from 'winston';
import { runCliProcess } from '../packages/cli/test/helpers/cliProcess.js';
import { buildTarget } from '../packages/pino-transport/test/helpers/pinoFixture.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = ['--conditions=logflux-src', '--import', 'tsx', join(ROOT, 'packages/cli/src/bin.ts')];
const work = mkdtempSync(join(tmpdir(), 'logflux-demo-'));
const home = join(work, 'home');
const keyBase = join(work, 'customer');
const say = (text: string) => process.stdout.write(`${text}\n`);

function serve(): Promise<{ child: ChildProcess; url: string; banner: string }> {
  const child = spawn(process.execPath, [...CLI, 'serve', '--home', home, '--port', '0', '--public-key', `${keyBase}.pub.pem`], {
    cwd: ROOT,
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const url = /listening on (\S+)/.exec(out)?.[1];
      if (url && out.includes('public key:')) resolve({ child, url, banner: out });
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.once('exit', (code) => reject(new Error(`logflux serve exited (${code}): ${out}`)));
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

async function main(): Promise<boolean> {
  say('== 1. logflux keygen');
  const keygen = await runCliProcess(['keygen', '--out', keyBase]);
  say(keygen.stdout.trim());
  if (keygen.code !== 0) throw new Error(keygen.stderr);

  say('\n== 2. logflux serve (reference ingestor, ciphertext only)');
  const server = await serve();
  say(
    server.banner
      .trim()
      .replace(/(API key:\s+\S{8})\S+/, '$1…')
      .replace(/(read token:\s+\S{8})\S+/, '$1…'),
  );
  const credentials = JSON.parse(readFileSync(join(home, 'credentials.json'), 'utf8')) as { api_key: string };

  try {
    say('\n== 3. The Node SDK sends entries of every type, pinned to the customer key');
    const client = createLogFlux({
      apiKey: credentials.api_key,
      endpoint: server.url,
      publicKeyFile: `${keyBase}.pub.pem`,
      source: 'demo-shop',
      environment: 'demo',
      release: '1.0.0',
      spool: { dir: join(work, 'spool') },
    });
    const sent: Record<string, unknown>[] = [];
    const stamp = (kind: string, i: number) => `demo-${kind}-${i}-${Math.random().toString(36).slice(2, 10)}`;
    for (let i = 0; i < 240; i++) {
      const level = (['info', 'notice', 'warning', 'error', 'debug'] as const)[i % 5] ?? 'info';
      const message = `order ${1000 + i} ${['created', 'paid', 'shipped', 'delayed', 'audited'][i % 5]} (${stamp('log', i)})`;
      client[level](message, { order: 1000 + i, customer: `c-${i % 17}` });
      sent.push({ type: 'log', message });
    }
    for (let i = 0; i < 40; i++) {
      const name = `checkout.latency.${stamp('metric', i)}`;
      client.metric({ name, value: 20 + i, unit: 'ms', kind: 'histogram' });
      sent.push({ type: 'metric', name });
    }
    for (let i = 0; i < 30; i++) {
      const event = `cart.checked_out.${stamp('event', i)}`;
      client.event(event, { items: i % 4 });
      sent.push({ type: 'event', event });
    }
    for (let i = 0; i < 20; i++) {
      const actor = `${stamp('actor', i)}@example.com`;
      client.audit({
        action: 'refund.approve',
        actor,
        resource: 'order',
        resourceId: `o-${i}`,
        outcome: i % 6 === 0 ? 'failure' : 'success',
      });
      sent.push({ type: 'audit', actor });
    }
    for (let i = 0; i < 20; i++) {
      const name = `GET /orders/${stamp('span', i)}`;
      const start = Date.now() - 50;
      client.span({
        traceId: `${i.toString(16).padStart(2, '0')}${'a'.repeat(30)}`,
        spanId: `${i.toString(16).padStart(2, '0')}${'b'.repeat(14)}`,
        name,
        operation: 'http.server',
        startTime: start,
        endTime: start + 12 + i,
      });
      sent.push({ type: 'trace', name });
    }
    for (let i = 0; i < 10; i++) {
      const message = `payment failed ${stamp('error', i)}`;
      client.addBreadcrumb({ category: 'http', message: `POST /pay/${i}` });
      client.captureError(new Error(message));
      sent.push({ type: 'log', message });
    }
    const result = await client.flush();
    const stats = client.stats();
    say(
      `sent ${sent.length} entries: ${result.acknowledged} acknowledged, ${result.spooled} spooled, dropped ${JSON.stringify(result.dropped)}`,
    );
    say(`session key ${stats.handshake.keyId} sealed for ${stats.handshake.fingerprint} (pinned: ${stats.handshake.pinned})`);
    await client.close();
    const sdkSent = sent.length;

    say('\n== 3b. The same through winston and through pino (in its worker thread)');
    const logflux = { apiKey: credentials.api_key, endpoint: server.url, publicKeyFile: `${keyBase}.pub.pem`, spool: false as const };
    const transport = new LogFluxTransport({ logflux: { ...logflux, source: 'demo-winston' } });
    const wlogger = winston.createLogger({ level: 'debug', transports: [transport] });
    const wlevels = ['info', 'warn', 'error'];
    for (let i = 0; i < 30; i++) {
      const message = `winston ${wlevels[i % 3]} ${stamp('winston', i)}`;
      wlogger.log(wlevels[i % 3] as string, message, { request: i });
      sent.push({ type: 'log', message });
    }
    await new Promise<void>((resolve) => {
      transport.on('finish', () => resolve());
      wlogger.end();
    });
    const pinoTransport = pino.transport({ target: buildTarget(), options: { ...logflux, source: 'demo-pino' } });
    const plogger = pino(pinoTransport);
    for (let i = 0; i < 30; i++) {
      const message = `pino ${stamp('pino', i)}`;
      plogger.child({ request: i }).info(message);
      sent.push({ type: 'log', message });
    }
    pinoTransport.end(); // pino's worker delivers before it closes
    say('winston: 30 entries (delivered by logger.end()), pino: 30 entries (delivered by the worker on end)');

    say('\n== 4. logflux query: fetch ciphertext, unwrap the session key, decrypt locally');
    const human = await runCliProcess(['query', '--home', home, '--private-key', `${keyBase}.key.pem`]);
    say(human.stdout.trimEnd());
    const json = await runCliProcess(['query', '--home', home, '--private-key', `${keyBase}.key.pem`, '--json']);
    const back = json.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { entry: Record<string, unknown> }).entry);
    const missing = sent.filter((want) => !back.some((got) => Object.entries(want).every(([k, v]) => got[k] === v)));
    const extra = back.length - sent.length;
    say(`\nread back ${back.length} entries; missing or altered: ${missing.length}; unexpected: ${extra}`);

    say('\n== 5. The stored data contains no plaintext');
    const files = filesUnder(join(home, 'data'));
    const blob = Buffer.concat(files.map((f) => readFileSync(f)));
    const needles = sent.map((s) => Object.values(s)[1] as string);
    const leaks = needles.filter((n) => blob.includes(Buffer.from(n)));
    say(
      `data directory: ${files.length} files, ${blob.length} bytes; searched for ${needles.length} plaintext values: ${leaks.length} found`,
    );

    const ok = result.acknowledged === sdkSent && missing.length === 0 && extra === 0 && leaks.length === 0 && json.code === 0;
    say(ok ? '\nDEMO OK: every entry came back intact, and the service stored only ciphertext.' : '\nDEMO FAILED');
    return ok;
  } finally {
    server.child.kill('SIGTERM');
  }
}

main()
  .then((ok) => {
    rmSync(work, { recursive: true, force: true });
    process.exitCode = ok ? 0 : 1;
  })
  .catch((error: unknown) => {
    console.error(`demo failed: ${(error as Error)?.stack ?? String(error)}`);
    rmSync(work, { recursive: true, force: true });
    process.exitCode = 1;
  });
