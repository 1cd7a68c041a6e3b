/**
 * Runs every example under examples/ against a real reference ingestor and checks, by reading the
 * stored ciphertext back and decrypting it locally, that what each example logs arrived intact.
 * Examples import the built packages (dist), as an application would: run `pnpm build` first.
 * Prints one line per check and ends with "N passed, N failed".
 *
 *   node --conditions=logflux-src --import tsx scripts/examples.ts [name ...]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCliProcess, startServe, stop } from '../packages/cli/test/helpers/cliProcess.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'logflux-examples-'));
const home = join(work, 'home');
const keyBase = join(work, 'customer');

interface Example {
  name: string;
  /** The script, relative to the example's directory. */
  main: string;
  source: string;
  /** One text per entry the example logs: each must appear, and no other entry may. */
  expect: string[];
  /** What its console must print. */
  stdout: RegExp;
  /** Drives a long-running example (a server) and then ends it. */
  drive?: (child: ChildProcess, output: () => string) => Promise<void>;
}

function waitFor(output: () => string, pattern: RegExp, child: ChildProcess): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = pattern.exec(output());
      if (m) {
        clearInterval(timer);
        resolve(m);
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`exited before printing ${pattern}: ${output()}`));
      }
    }, 20);
  });
}

const EXAMPLES: Example[] = [
  {
    name: 'node-basic',
    main: 'index.mjs',
    source: 'example-node-basic',
    expect: ['worker started', 'disk 80% full', 'jobs.processed', 'invoice sent', 'user.role.change', 'SyntaxError'],
    stdout: /node-basic: 6 acknowledged, 0 spooled, 0 dropped or pending/,
  },
  {
    name: 'express',
    main: 'server.mjs',
    source: 'example-express',
    expect: ['GET / 200', 'GET /orders/42 200', 'order viewed', 'GET /missing 404', 'payment provider timed out', 'GET /boom 500'],
    stdout: /listening on/,
    async drive(child, output) {
      const [, url] = await waitFor(output, /listening on (http:\/\/\S+)/, child);
      for (const path of ['/', '/orders/42', '/missing', '/boom']) await (await fetch(`${url}${path}`)).text();
      child.kill('SIGTERM'); // handleSignals: delivers, then lets the signal end the process
    },
  },
  {
    name: 'winston',
    main: 'index.mjs',
    source: 'example-winston',
    expect: ['invoice created', 'retrying payment', 'cache miss', 'card declined'],
    stdout: /winston example: logged 4 entries/,
  },
  {
    name: 'pino',
    main: 'index.mjs',
    source: 'example-pino',
    expect: ['signed in', 'password expires in 3 days', 'db query', 'upstream 503'],
    stdout: /pino example: logged 4 entries/,
  },
];

async function runExample(
  example: Example,
  env: Record<string, string>,
): Promise<{ code: number | null; signal: string | null; out: string }> {
  const child = spawn(process.execPath, [example.main], {
    cwd: join(ROOT, 'examples', example.name),
    env: { PATH: process.env.PATH ?? '', ...env, PORT: '0' },
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const done = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const timeout = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    if (example.drive) await example.drive(child, () => out);
    const { code, signal } = await done;
    return { code, signal, out };
  } finally {
    clearTimeout(timeout);
  }
}

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const examples = EXAMPLES.filter((e) => only.length === 0 || only.includes(e.name));
  let passed = 0;
  let failed = 0;
  const check = (ok: boolean, what: string, detail = '') => {
    if (ok) passed++;
    else failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : `\n${detail}`}`);
  };

  const keygen = await runCliProcess(['keygen', '--out', keyBase]);
  if (keygen.code !== 0) throw new Error(`keygen failed: ${keygen.stderr}`);
  const server = await startServe(['--home', home, '--public-key', `${keyBase}.pub.pem`]);
  try {
    const credentials = JSON.parse(readFileSync(join(home, 'credentials.json'), 'utf8')) as { api_key: string };
    const env = {
      LOGFLUX_API_KEY: credentials.api_key,
      LOGFLUX_ENDPOINT: server.url,
      LOGFLUX_PUBLIC_KEY_FILE: `${keyBase}.pub.pem`,
    };
    for (const example of examples) {
      const r = await runExample(example, { ...env, LOGFLUX_SPOOL_DIR: join(work, `spool-${example.name}`) });
      const ended = r.code === 0 || (example.drive !== undefined && r.signal === 'SIGTERM');
      check(ended && example.stdout.test(r.out), `${example.name}: runs and ends cleanly`, r.out);
    }
    const query = await runCliProcess(['query', '--home', home, '--private-key', `${keyBase}.key.pem`, '--json']);
    check(query.code === 0, 'logflux query decrypts what was stored', query.stderr);
    const entries = query.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { entry: Record<string, unknown> }).entry);
    for (const example of examples) {
      const mine = entries.filter((e) => e.source === example.source).map((e) => JSON.stringify(e));
      const missing = example.expect.filter((text) => !mine.some((e) => e.includes(text)));
      check(
        missing.length === 0,
        `${example.name}: ${mine.length} entries read back, all expected ones present`,
        `missing: ${missing.join(', ')}`,
      );
    }
  } finally {
    await stop(server.child);
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed;
}

main().then(
  (failed) => {
    process.exitCode = failed === 0 ? 0 : 1;
  },
  (error: unknown) => {
    console.error(`examples: ${(error as Error)?.stack ?? String(error)}`);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  },
);
