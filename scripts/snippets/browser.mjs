// Runs the guide's browser snippet as written: its main.js beside an index.html and the .env.local
// the guide describes, served by `npx vite` (installed in the project, as the guide says), opened
// in Debian's Chromium through playwright-core (the repository's copy: the harness, not the app),
// against the `logflux serve` that lets the page's origin in; entries read back with the CLI.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../packaging/workspace.mjs';
import { checkEntries, parseExpect } from './expect.mjs';
import { query } from './ingestor.mjs';

export const CHROMIUM = process.env.LOGFLUX_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `npx vite --port <port> --strictPort` in `dir`; resolves once it serves, with its stop function. */
function startVite(dir, port, env) {
  const child = spawn('npx', ['vite', '--port', String(port), '--strictPort'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      process.kill(-child.pid, 'SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      void stop();
      reject(new Error(`npx vite did not start within 60 s:\n${output}`));
    }, 60_000);
    // Readiness is the port answering, not a line of Vite's banner: its wording and colouring change
    // between releases (8.4 wraps "Local" in escape codes), and the snippet installs whichever is current.
    const poll = async () => {
      while (!settled) {
        try {
          await fetch(`http://localhost:${port}/`, { signal: AbortSignal.timeout(2_000) });
          settled = true;
          clearTimeout(timer);
          resolve({ stop });
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    };
    const onData = (chunk) => {
      output += chunk;
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`npx vite exited ${code}:\n${output}`));
    });
    void poll();
  });
}

/** Runs the browser snippet; returns `{ problems, lastId }`. `server` is the ingestor that lets `origin` in. */
export async function runBrowserSnippet(snippet, { dir, env, server, port, afterId }) {
  if (!existsSync(CHROMIUM)) return { problems: [`${CHROMIUM} is missing (Debian's chromium package)`], lastId: afterId };
  const web = join(dir, 'web');
  mkdirSync(web, { recursive: true });
  writeFileSync(
    join(web, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>checkout</title><script type="module" src="/main.js"></script>\n',
  );
  writeFileSync(join(web, 'main.js'), snippet.code);
  writeFileSync(
    join(web, '.env.local'),
    `VITE_LOGFLUX_API_KEY=${server.apiKey}\nVITE_LOGFLUX_ENDPOINT=${server.url}\nVITE_LOGFLUX_PIN=${server.fingerprint}\n`,
  );
  const vite = await startVite(web, port, env);
  const { chromium } = createRequire(join(ROOT, 'packages/browser/package.json'))('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'logflux-snippets-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  const problems = [];
  let stored = [];
  try {
    const tab = await context.newPage();
    tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    tab.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.request().method()} ${r.url()}: ${r.status()}`);
    });
    await tab.goto(`http://localhost:${port}/`);
    const items = parseExpect(snippet.marker.expect ?? '');
    for (let i = 0; i < 60; i++) {
      stored = query(dir, env).filter((row) => row.id > afterId);
      if (stored.length >= items.length && items.length > 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    problems.push(
      ...checkEntries(
        items,
        stored.map((row) => row.entry),
      ),
    );
  } finally {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
    await vite.stop();
  }
  return { problems, lastId: Math.max(afterId, ...stored.map((row) => row.id)) };
}
